import { seriesText } from '../context.js';
import { humanizeDuration } from '../humanize.js';
import { bucketsOf, gaugeCase, increaseCase, positive, quantileCase, ratio, withinBuckets } from './helpers.js';
import { above, below } from './test-values.js';
import type { AlertDefinition, AlertTestCase, RuleContext, TestContext } from './types.js';

const JOB = { queue: 'transcode', job_type: 'video' };
const QUEUE_KEY = (c: TestContext) => ({ job: c.config.jobs.service, queue: JOB.queue });
const PROCESSING = bucketsOf('jobProcessingDurationSeconds');
const QUEUE_TIME = bucketsOf('jobQueueTimeSeconds');

function failureCase(c: TestContext): AlertTestCase {
  const build = (share: number) => [
    c.counter(c.m('jobs_failed_total'), c.labels('service', { ...JOB, reason: 'FfmpegError' }), share),
    c.counter(c.m('jobs_completed_total'), c.labels('service', JOB), 1 - share),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: QUEUE_KEY(c), value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

const failureRunbook = (c: RuleContext) =>
  [
    ['Failure ratio by queue', c.r('job_queue:jobs_failure:ratio_rate5m')],
    ['Failures by reason', `sum by (queue, reason) (rate(${c.m('jobs_failed_total')}${c.s('service')}[15m]))`],
    [
      'Transcode failures by reason',
      `sum by (reason) (rate(${c.m('video_transcode_failures_total')}${c.s('service')}[15m]))`,
    ],
  ] as const;

const backlogRunbook = (c: RuleContext) =>
  [
    ['Jobs waiting, by queue', `sum by (queue) (${c.m('jobs_queued')}${c.s('service')})`],
    ['Workers consuming, by queue', `sum by (queue) (${c.m('queue_workers_active')}${c.s('service')})`],
    ['Completions per second', `sum by (queue) (rate(${c.m('jobs_completed_total')}${c.s('service')}[5m]))`],
  ] as const;

/** The report's 13 job alerts (its Celery ones as queue-worker alerts). */
export const JOB_ALERTS: readonly AlertDefinition[] = [
  {
    name: 'JobFailureRateHigh',
    component: 'jobs',
    severity: 'warning',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.1, 'a ratio of failed to finished jobs'),
    expr: (c, t) => `${c.r('job_queue:jobs_failure:ratio_rate5m')} > ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} are failing`,
    description: (t) =>
      `${t.value} of the jobs finished in queue ${t.label('queue')} of ${t.label('job')} failed over the last 5 minutes (threshold ${t.threshold}).`,
    test: failureCase,
    runbook: {
      meaning: 'More jobs than usual end in failure in one queue.',
      impact: 'Users do not get their renditions; failed jobs may be retried and load the workers further.',
      diagnosis: failureRunbook,
      mitigation: [
        'Read the failure reasons and the job logs (`job_id` is on every log line).',
        'If one input or one rendition fails, fix or reject that input; if every job fails, roll back the last deploy or fix the dependency (storage, ffmpeg, database).',
      ],
    },
  },
  {
    name: 'JobFailureRateCritical',
    component: 'jobs',
    severity: 'critical',
    for: '5m',
    format: 'percent',
    threshold: ratio(0.25, 'a ratio of failed to finished jobs'),
    expr: (c, t) => `${c.r('job_queue:jobs_failure:ratio_rate5m')} > ${t}`,
    summary: (t) => `A large share of jobs in queue ${t.label('queue')} fail`,
    description: (t) =>
      `${t.value} of the jobs finished in queue ${t.label('queue')} of ${t.label('job')} failed over the last 5 minutes (threshold ${t.threshold}).`,
    test: failureCase,
    runbook: {
      meaning: 'A large share of the jobs of one queue fail: processing is effectively broken.',
      impact: 'Most uploads are not processed; users see failed jobs and webhooks report failures.',
      diagnosis: failureRunbook,
      mitigation: [
        'Stop the bleeding first: roll back a recent deploy, or pause the queue so jobs are not burned through retries.',
        'Check the dependencies every job needs (storage, ffmpeg binary, database) with `/health/detailed`.',
      ],
    },
  },
  {
    name: 'JobQueueBacklog',
    component: 'jobs',
    severity: 'warning',
    for: '10m',
    format: 'number',
    threshold: positive(100, 'a number of waiting jobs', true),
    expr: (c, t) => `sum by (job, queue) (${c.m('jobs_queued')}${c.s('service')}) > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} has a backlog`,
    description: (t) =>
      `${t.value} jobs are waiting in queue ${t.label('queue')} of ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) => gaugeCase(c, c.m('jobs_queued'), c.labels('service', JOB), QUEUE_KEY(c), { integer: true }),
    runbook: {
      meaning: 'Jobs arrive faster than the workers finish them.',
      impact: 'Jobs wait longer before they start; users wait for their renditions.',
      diagnosis: backlogRunbook,
      mitigation: [
        'Add workers or raise worker concurrency.',
        'Look for a burst of submissions from one API key and rate-limit it if needed.',
      ],
    },
  },
  {
    name: 'JobQueueBacklogCritical',
    component: 'jobs',
    severity: 'critical',
    for: '5m',
    format: 'number',
    threshold: positive(500, 'a number of waiting jobs', true),
    expr: (c, t) => `sum by (job, queue) (${c.m('jobs_queued')}${c.s('service')}) > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} has a critical backlog`,
    description: (t) =>
      `${t.value} jobs are waiting in queue ${t.label('queue')} of ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) => gaugeCase(c, c.m('jobs_queued'), c.labels('service', JOB), QUEUE_KEY(c), { integer: true }),
    runbook: {
      meaning: 'The backlog is so large that the queue will not drain soon at the current pace.',
      impact: 'New jobs wait a long time; memory of the queue backend (Redis) grows.',
      diagnosis: backlogRunbook,
      mitigation: [
        'Scale workers out now.',
        'If the workers are up but slow, look at JobProcessingTimeLong and the transcode durations.',
        'Shed load: rate-limit submissions until the backlog drains.',
      ],
    },
  },
  {
    name: 'JobProcessingTimeLong',
    component: 'jobs',
    severity: 'warning',
    for: '15m',
    format: 'duration',
    threshold: withinBuckets(1800, 'seconds of p95 processing time', PROCESSING),
    expr: (c, t) => `${c.r('job_queue:job_processing_duration_seconds:histogram_quantile')}{quantile="0.95"} > ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} take long to process`,
    description: (t) =>
      `95% of the jobs in queue ${t.label('queue')} of ${t.label('job')} finished within ${t.value} over the last 5 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(
        c,
        c.m('job_processing_duration_seconds'),
        c.labels('service', { ...JOB, status: 'completed' }),
        PROCESSING,
        0.95,
        { ...QUEUE_KEY(c), quantile: '0.95' },
      ),
    runbook: {
      meaning: 'Jobs take longer than usual from the start of processing to the end.',
      impact: 'Throughput falls and the backlog grows; users wait longer.',
      diagnosis: (c) => [
        [
          'p95 processing time by queue',
          `${c.r('job_queue:job_processing_duration_seconds:histogram_quantile')}{quantile="0.95"}`,
        ],
        [
          'p95 transcode time by resolution',
          `histogram_quantile(0.95, sum by (le, resolution) (rate(${c.m('video_transcode_duration_seconds_bucket')}${c.s('service')}[15m])))`,
        ],
        ['CPU of the workers', `rate(${c.m('process_cpu_seconds_total')}${c.s('service')}[5m])`],
      ],
      mitigation: [
        'Check whether the sources got longer or larger (video dashboard) or the machines slower (CPU, disk).',
        'Give workers more CPU or lower the ffmpeg preset.',
      ],
    },
  },
  {
    name: 'JobStuckInProcessing',
    component: 'jobs',
    severity: 'warning',
    for: '5m',
    format: 'number',
    threshold: positive(1800, 'seconds without any job finishing while jobs are processing', true),
    window: (t) => t,
    expr: (c, t) => `sum by (job, queue) (${c.m('jobs_processing')}${c.s('service')}) > 0
unless on (job, queue) (sum by (job, queue) (increase(${c.m('jobs_completed_total')}${c.s('service')}[${t}s])) > 0)
unless on (job, queue) (sum by (job, queue) (increase(${c.m('jobs_failed_total')}${c.s('service')}[${t}s])) > 0)`,
    summary: (t) => `Jobs in queue ${t.label('queue')} look stuck`,
    description: (t) =>
      `${t.value} jobs are processing in queue ${t.label('queue')} of ${t.label('job')}, but none has finished for ${humanizeDuration(t.config.alerts.JobStuckInProcessing.threshold ?? 0)}.`,
    test: (c) => ({
      fire: {
        series: [
          c.gauge(c.m('jobs_processing'), c.labels('service', JOB), 2),
          c.gauge(c.m('jobs_completed_total'), c.labels('service', JOB), 10),
        ],
        labels: QUEUE_KEY(c),
        value: 2,
      },
      quiet: {
        series: [
          c.gauge(c.m('jobs_processing'), c.labels('service', JOB), 2),
          c.counter(c.m('jobs_completed_total'), c.labels('service', JOB), 1),
        ],
      },
    }),
    runbook: {
      meaning: 'Jobs are marked as processing, yet none completed or failed for a long time.',
      impact: 'Workers hold jobs without progress; the queue does not drain.',
      diagnosis: (c) => [
        ['Jobs processing', `sum by (queue) (${c.m('jobs_processing')}${c.s('service')})`],
        ['Transcodes running', `sum by (resolution) (${c.m('video_transcodes_in_progress')}${c.s('service')})`],
        ['Event loop lag of the workers', `${c.m('nodejs_eventloop_lag_p99_seconds')}${c.s('service')}`],
      ],
      mitigation: [
        'Look for hung ffmpeg processes (no progress in the logs) and kill them; set a transcode timeout.',
        'Restart the stuck worker; the queue retries its jobs.',
      ],
    },
  },
  {
    name: 'NoJobsBeingProcessed',
    component: 'jobs',
    severity: 'critical',
    for: '15m',
    format: 'number',
    expr: (c) => `sum by (job, queue) (${c.m('jobs_queued')}${c.s('service')}) > 0
unless on (job, queue) (sum by (job, queue) (${c.m('jobs_processing')}${c.s('service')}) > 0)`,
    summary: (t) => `Nothing processes the jobs of queue ${t.label('queue')}`,
    description: (t) =>
      `${t.value} jobs wait in queue ${t.label('queue')} of ${t.label('job')} and none is being processed.`,
    test: (c) => ({
      fire: {
        series: [
          c.gauge(c.m('jobs_queued'), c.labels('service', JOB), 5),
          c.gauge(c.m('jobs_processing'), c.labels('service', JOB), 0),
        ],
        labels: QUEUE_KEY(c),
        value: 5,
      },
      quiet: {
        series: [
          c.gauge(c.m('jobs_queued'), c.labels('service', JOB), 5),
          c.gauge(c.m('jobs_processing'), c.labels('service', JOB), 1),
        ],
      },
    }),
    runbook: {
      meaning: 'Jobs are waiting and no worker is working on any of them.',
      impact: 'Processing has stopped for this queue.',
      diagnosis: backlogRunbook,
      mitigation: [
        'Check that the worker processes run and reach the queue backend (Redis).',
        'Check whether the queue is paused.',
      ],
    },
  },
  {
    name: 'JobQueueWaitTimeLong',
    component: 'jobs',
    severity: 'warning',
    for: '10m',
    format: 'duration',
    threshold: withinBuckets(600, 'seconds of p95 queue wait', QUEUE_TIME),
    expr: (c, t) => `${c.r('job_queue:job_queue_time_seconds:histogram_quantile')}{quantile="0.95"} > ${t}`,
    summary: (t) => `Jobs wait long in queue ${t.label('queue')}`,
    description: (t) =>
      `95% of the jobs that started in queue ${t.label('queue')} of ${t.label('job')} had waited up to ${t.value} (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(c, c.m('job_queue_time_seconds'), c.labels('service', JOB), QUEUE_TIME, 0.95, {
        ...QUEUE_KEY(c),
        quantile: '0.95',
      }),
    runbook: {
      meaning: 'Jobs wait long between being enqueued and the start of processing.',
      impact: 'Users wait before anything happens to their upload.',
      diagnosis: backlogRunbook,
      mitigation: ['Add workers or concurrency.', 'Check for a backlog (JobQueueBacklog) or workers down.'],
    },
  },
  {
    name: 'HighJobRetryRate',
    component: 'jobs',
    severity: 'warning',
    for: '15m',
    format: 'percent',
    threshold: positive(0.2, 'retries per created job'),
    window: () => 900,
    expr: (c, t) => `sum by (job, queue) (rate(${c.m('job_retries_total')}${c.s('service')}[15m]))
/
sum by (job, queue) (rate(${c.m('jobs_created_total')}${c.s('service')}[15m]))
> ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} are retried often`,
    description: (t) =>
      `Queue ${t.label('queue')} of ${t.label('job')} retried ${t.value} as many jobs as were created over the last 15 minutes (threshold ${t.threshold}).`,
    test: (c) => {
      const build = (retries: number) => [
        c.counter(c.m('job_retries_total'), c.labels('service', JOB), retries),
        c.counter(c.m('jobs_created_total'), c.labels('service', JOB), 1),
      ];
      const firing = above(c.threshold);
      return {
        fire: { series: build(firing), labels: QUEUE_KEY(c), value: firing },
        quiet: { series: build(below(c.threshold)) },
      };
    },
    runbook: {
      meaning: 'Many job attempts fail and are retried.',
      impact: 'Retries cost worker time and delay other jobs; a flaky dependency is likely.',
      diagnosis: failureRunbook,
      mitigation: [
        'Find the failing dependency from the failure reasons (storage timeouts, webhook endpoints, database).',
        'Lower the retry count or add backoff if retries pile up.',
      ],
    },
  },
  {
    name: 'QueueWorkersDown',
    reportName: 'CeleryWorkersDown',
    component: 'jobs',
    severity: 'critical',
    for: '2m',
    format: 'number',
    expr: (c) => `sum by (job, queue) (${c.m('queue_workers_active')}${c.s('service')}) < 1`,
    summary: (t) => `No worker consumes queue ${t.label('queue')}`,
    description: (t) => `Queue ${t.label('queue')} of ${t.label('job')} has ${t.value} active workers.`,
    test: (c) => ({
      fire: {
        series: [c.gauge(c.m('queue_workers_active'), c.labels('service', { queue: JOB.queue }), 0)],
        labels: QUEUE_KEY(c),
        value: 0,
      },
      quiet: { series: [c.gauge(c.m('queue_workers_active'), c.labels('service', { queue: JOB.queue }), 2)] },
    }),
    runbook: {
      meaning: 'No queue worker is connected to this queue (the report’s CeleryWorkersDown).',
      impact: 'No job of this queue is processed.',
      diagnosis: backlogRunbook,
      mitigation: [
        'Start or restart the worker deployment; check its logs for a crash loop.',
        'Check that the workers reach Redis (RedisDown).',
      ],
    },
  },
  {
    name: 'LowQueueWorkerCount',
    reportName: 'LowCeleryWorkerCount',
    component: 'jobs',
    severity: 'warning',
    for: '10m',
    format: 'number',
    threshold: { default: 2, meaning: 'a number of workers', min: 2, integer: true },
    expr: (c, t) => `(sum by (job, queue) (${c.m('queue_workers_active')}${c.s('service')}) < ${t}) > 0`,
    summary: (t) => `Few workers consume queue ${t.label('queue')}`,
    description: (t) =>
      `Queue ${t.label('queue')} of ${t.label('job')} has only ${t.value} active workers (at least ${t.threshold} expected).`,
    test: (c) => ({
      fire: {
        series: [c.gauge(c.m('queue_workers_active'), c.labels('service', { queue: JOB.queue }), c.threshold - 1)],
        labels: QUEUE_KEY(c),
        value: c.threshold - 1,
      },
      quiet: { series: [c.gauge(c.m('queue_workers_active'), c.labels('service', { queue: JOB.queue }), c.threshold)] },
    }),
    runbook: {
      meaning: 'Fewer workers than expected consume the queue (the report’s LowCeleryWorkerCount).',
      impact: 'Less capacity; a backlog builds under load and one more failure stops processing.',
      diagnosis: backlogRunbook,
      mitigation: ['Check why workers exited (OOM kills, crash loops) and restore the replica count.'],
    },
  },
  {
    name: 'QueueLengthGrowing',
    reportName: 'CeleryQueueLengthGrowing',
    component: 'jobs',
    severity: 'warning',
    for: '15m',
    format: 'number',
    threshold: positive(100, 'jobs added to the waiting list over 30 minutes'),
    window: () => 1800,
    expr: (c, t) =>
      `sum by (job, queue) (delta(${c.m('queue_length')}${c.s('service', 'state="waiting"')}[30m])) > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} keeps growing`,
    description: (t) =>
      `The waiting list of queue ${t.label('queue')} of ${t.label('job')} grew by ${t.value} jobs over 30 minutes (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { queue: JOB.queue, state: 'waiting' });
      const step = Math.floor(c.threshold / 30) + 1;
      return {
        fire: {
          series: [{ series: seriesText(c.m('queue_length'), labels), values: `0+${step}x${c.minutes}` }],
          labels: QUEUE_KEY(c),
          value: step * 30,
        },
        quiet: { series: [c.gauge(c.m('queue_length'), labels, 50)] },
      };
    },
    runbook: {
      meaning: 'The waiting list of a queue grows steadily (the report’s CeleryQueueLengthGrowing).',
      impact: 'If it keeps growing, the backlog alerts follow and wait times rise.',
      diagnosis: (c) => [
        ['Queue length by state', `sum by (queue, state) (${c.m('queue_length')}${c.s('service')})`],
        [
          'Tasks finished per second',
          `sum by (queue, outcome) (rate(${c.m('queue_tasks_total')}${c.s('service')}[5m]))`,
        ],
      ],
      mitigation: ['Add workers before the backlog alerts fire.', 'Find the source of the extra submissions.'],
    },
  },
  {
    name: 'VideoTranscodeFailuresHigh',
    component: 'jobs',
    severity: 'warning',
    for: '5m',
    format: 'number',
    threshold: positive(5, 'failed transcodes over 15 minutes'),
    window: () => 900,
    expr: (c, t) =>
      `sum by (job, reason) (increase(${c.m('video_transcode_failures_total')}${c.s('service')}[15m])) > ${t}`,
    summary: (t) => `Transcodes fail with ${t.label('reason')}`,
    description: (t) =>
      `${t.value} transcodes of ${t.label('job')} failed with reason ${t.label('reason')} over 15 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      increaseCase(c, c.m('video_transcode_failures_total'), c.labels('service', { reason: 'exit_code' }), 900, {
        job: c.config.jobs.service,
        reason: 'exit_code',
      }),
    runbook: {
      meaning:
        'ffmpeg transcodes fail repeatedly for one reason (exit code, signal, timeout, spawn error, invalid input).',
      impact: 'Jobs fail or are retried; users get no rendition.',
      diagnosis: (c) => [
        [
          'Failures by reason',
          `sum by (reason) (increase(${c.m('video_transcode_failures_total')}${c.s('service')}[1h]))`,
        ],
        ['Transcodes running', `sum by (resolution) (${c.m('video_transcodes_in_progress')}${c.s('service')})`],
      ],
      mitigation: [
        '`spawn_error`: the ffmpeg binary is missing or not executable on the workers.',
        '`timeout`: raise the timeout or lower the preset; `invalid_input`: reject such uploads earlier.',
        '`signal`: look for OOM kills of the workers.',
      ],
    },
  },
];
