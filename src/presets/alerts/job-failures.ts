import { aggregate } from '../promql.js';
import { increaseCase, positive, ratio } from './helpers.js';
import { JOB, QUEUE_KEY } from './job-helpers.js';
import { above, below } from './test-values.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, RATE_WINDOW, THRESHOLDS } from '../defaults.js';
import { lastWindow, spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertTestCase, RuleContext, TestContext } from './types.js';

function failureCase(c: TestContext): AlertTestCase {
  const build = (share: number) => [
    c.counter(c.metric('jobs_failed_total'), c.labels('service', { ...JOB, reason: 'FfmpegError' }), share),
    c.counter(c.metric('jobs_completed_total'), c.labels('service', JOB), 1 - share),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: QUEUE_KEY(c), value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

/** Runbook queries for failing jobs; `window` is the range of the failures by reason. */
const failureRunbook = (window: string) => (c: RuleContext) =>
  [
    ['Failure ratio by queue', c.recorded('job_queue:jobs_failure:ratio_rate5m')],
    [
      'Failures by reason',
      aggregate(
        'jobs_failed_total',
        'queue, reason',
        `rate(${c.metric('jobs_failed_total')}${c.selector('service')}[${window}])`,
      ),
    ],
    [
      'Transcode failures by reason',
      aggregate(
        'video_transcode_failures_total',
        'reason',
        `rate(${c.metric('video_transcode_failures_total')}${c.selector('service')}[${window}])`,
      ),
    ],
  ] as const;

const RETRIES = ALERT_TIMING.HighJobRetryRate;
const TRANSCODES = ALERT_TIMING.VideoTranscodeFailuresHigh;

/** Job failure alerts: failed and retried jobs, failed transcodes. */
export const JOB_FAILURE_ALERTS = defineAlerts([
  {
    name: 'JobFailureRateHigh',
    component: 'jobs',
    severity: 'warning',
    for: ALERT_TIMING.JobFailureRateHigh.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.JobFailureRateHigh, 'a ratio of failed to finished jobs'),
    expr: (c, t) => `${c.recorded('job_queue:jobs_failure:ratio_rate5m')} > ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} are failing`,
    description: (t) =>
      `${t.value} of the jobs finished in queue ${t.label('queue')} of ${t.label('job')} failed over ${lastWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: failureCase,
    runbook: {
      meaning: 'More jobs than usual end in failure in one queue.',
      impact: 'Users do not get their renditions; failed jobs may be retried and load the workers further.',
      diagnosis: failureRunbook(ALERT_TIMING.JobFailureRateHigh.diagnosis),
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
    for: ALERT_TIMING.JobFailureRateCritical.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.JobFailureRateCritical, 'a ratio of failed to finished jobs'),
    expr: (c, t) => `${c.recorded('job_queue:jobs_failure:ratio_rate5m')} > ${t}`,
    summary: (t) => `A large share of jobs in queue ${t.label('queue')} fail`,
    description: (t) =>
      `${t.value} of the jobs finished in queue ${t.label('queue')} of ${t.label('job')} failed over ${lastWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: failureCase,
    runbook: {
      meaning: 'A large share of the jobs of one queue fail: processing is effectively broken.',
      impact: 'Most uploads are not processed; users see failed jobs and webhooks report failures.',
      diagnosis: failureRunbook(ALERT_TIMING.JobFailureRateCritical.diagnosis),
      mitigation: [
        'Stop the bleeding first: roll back a recent deploy, or pause the queue so jobs are not burned through retries.',
        'Check the dependencies every job needs (storage, ffmpeg binary, database) with `/health/detailed`.',
      ],
    },
  },
  {
    name: 'HighJobRetryRate',
    component: 'jobs',
    severity: 'warning',
    for: RETRIES.for,
    format: 'percent',
    threshold: positive(THRESHOLDS.HighJobRetryRate, 'retries per created job'),
    window: () => durationSeconds(RETRIES.window),
    expr: (
      c,
      t,
    ) => `${aggregate('job_retries_total', 'job, queue', `rate(${c.metric('job_retries_total')}${c.selector('service')}[${RETRIES.window}])`)}
/
${aggregate('jobs_created_total', 'job, queue', `rate(${c.metric('jobs_created_total')}${c.selector('service')}[${RETRIES.window}])`)}
> ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} are retried often`,
    description: (t) =>
      `Queue ${t.label('queue')} of ${t.label('job')} retried ${t.value} as many jobs as were created over ${lastWindow(RETRIES.window)} (threshold ${t.threshold}).`,
    test: (c) => {
      const build = (retries: number) => [
        c.counter(c.metric('job_retries_total'), c.labels('service', JOB), retries),
        c.counter(c.metric('jobs_created_total'), c.labels('service', JOB), 1),
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
      diagnosis: failureRunbook(RETRIES.window),
      mitigation: [
        'Find the failing dependency from the failure reasons (storage timeouts, webhook endpoints, database).',
        'Lower the retry count or add backoff if retries pile up.',
      ],
    },
  },
  {
    name: 'VideoTranscodeFailuresHigh',
    component: 'jobs',
    severity: 'warning',
    for: TRANSCODES.for,
    format: 'number',
    threshold: positive(
      THRESHOLDS.VideoTranscodeFailuresHigh,
      `failed transcodes over ${spelledWindow(TRANSCODES.window)}`,
    ),
    window: () => durationSeconds(TRANSCODES.window),
    expr: (c, t) =>
      `${aggregate('video_transcode_failures_total', 'job, reason', `increase(${c.metric('video_transcode_failures_total')}${c.selector('service')}[${TRANSCODES.window}])`)} > ${t}`,
    summary: (t) => `Transcodes fail with ${t.label('reason')}`,
    description: (t) =>
      `${t.value} transcodes of ${t.label('job')} failed with reason ${t.label('reason')} over ${spelledWindow(TRANSCODES.window)} (threshold ${t.threshold}).`,
    test: (c) =>
      increaseCase(c, {
        metric: c.metric('video_transcode_failures_total'),
        labels: c.labels('service', { reason: 'exit_code' }),
        windowSeconds: durationSeconds(TRANSCODES.window),
        firingLabels: {
          job: c.config.jobs.service,
          reason: 'exit_code',
        },
      }),
    runbook: {
      meaning:
        'ffmpeg transcodes fail repeatedly for one reason (exit code, signal, timeout, spawn error, invalid input, output error).',
      impact: 'Jobs fail or are retried; users get no rendition.',
      diagnosis: (c) => [
        [
          'Failures by reason',
          aggregate(
            'video_transcode_failures_total',
            'reason',
            `increase(${c.metric('video_transcode_failures_total')}${c.selector('service')}[${TRANSCODES.diagnosis}])`,
          ),
        ],
        [
          'Transcodes running',
          aggregate(
            'video_transcodes_in_progress',
            'resolution',
            `${c.metric('video_transcodes_in_progress')}${c.selector('service')}`,
          ),
        ],
      ],
      mitigation: [
        '`spawn_error`: the ffmpeg binary is missing or not executable on the workers.',
        '`timeout`: raise the timeout or lower the preset; `invalid_input`: reject such uploads earlier.',
        '`signal`: look for OOM kills of the workers.',
        "`output_error`: the workers cannot write their outputs: check the output volume (the folder exists and is writable, free space, quota). Not the users' uploads; retry once the storage is fixed.",
      ],
    },
  },
]);
