import { aggregate } from '../promql.js';
import { humanizeDuration } from '../humanize.js';
import { bucketsOf, positive, quantileCase, withinBuckets } from './helpers.js';
import { backlogRunbook, JOB, QUEUE_KEY } from './job-helpers.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, RATE_WINDOW, THRESHOLDS } from '../defaults.js';
import { lastWindow } from './window-text.js';
import { alertSettings } from './alert-settings.js';
import { defineAlerts } from './define-alerts.js';

const PROCESSING = bucketsOf('jobProcessingDurationSeconds');

/** Processing alerts: slow jobs, stuck jobs, jobs nobody processes. */
export const JOB_PROCESSING_ALERTS = defineAlerts([
  {
    name: 'JobProcessingTimeLong',
    component: 'jobs',
    severity: 'warning',
    for: ALERT_TIMING.JobProcessingTimeLong.for,
    format: 'duration',
    threshold: withinBuckets(THRESHOLDS.JobProcessingTimeLong, 'seconds of p95 processing time', PROCESSING),
    expr: (c, t) =>
      `${c.recorded('job_queue:job_processing_duration_seconds:histogram_quantile')}{quantile="0.95"} > ${t}`,
    summary: (t) => `Jobs in queue ${t.label('queue')} take long to process`,
    description: (t) =>
      `95% of the jobs in queue ${t.label('queue')} of ${t.label('job')} finished within ${t.value} over ${lastWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(c, {
        metric: c.metric('job_processing_duration_seconds'),
        labels: c.labels('service', { ...JOB, status: 'completed' }),
        buckets: PROCESSING,
        quantile: 0.95,
        firingLabels: { ...QUEUE_KEY(c), quantile: '0.95' },
      }),
    runbook: {
      meaning: 'Jobs take longer than usual from the start of processing to the end.',
      impact: 'Throughput falls and the backlog grows; users wait longer.',
      diagnosis: (c) => [
        [
          'p95 processing time by queue',
          `${c.recorded('job_queue:job_processing_duration_seconds:histogram_quantile')}{quantile="0.95"}`,
        ],
        [
          'p95 transcode time by resolution',
          `histogram_quantile(0.95, ${aggregate('video_transcode_duration_seconds_bucket', 'le, resolution', `rate(${c.metric('video_transcode_duration_seconds_bucket')}${c.selector('service')}[${ALERT_TIMING.JobProcessingTimeLong.diagnosis}])`)})`,
        ],
        [
          'CPU of the workers',
          `rate(${c.metric('process_cpu_seconds_total')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`,
        ],
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
    for: ALERT_TIMING.JobStuckInProcessing.for,
    format: 'number',
    threshold: positive(
      THRESHOLDS.JobStuckInProcessing,
      'seconds without any job finishing while jobs are processing',
      true,
    ),
    window: (t) => t,
    expr: (
      c,
      t,
    ) => `${aggregate('jobs_processing', 'job, queue', `${c.metric('jobs_processing')}${c.selector('service')}`)} > 0
unless on (job, queue) (${aggregate('jobs_completed_total', 'job, queue', `increase(${c.metric('jobs_completed_total')}${c.selector('service')}[${t}s])`)} > 0)
unless on (job, queue) (${aggregate('jobs_failed_total', 'job, queue', `increase(${c.metric('jobs_failed_total')}${c.selector('service')}[${t}s])`)} > 0)`,
    summary: (t) => `Jobs in queue ${t.label('queue')} look stuck`,
    description: (t) =>
      `${t.value} jobs are processing in queue ${t.label('queue')} of ${t.label('job')}, but none has finished for ${humanizeDuration(alertSettings(t.config, 'JobStuckInProcessing').threshold ?? 0)}.`,
    test: (c) => ({
      fire: {
        series: [
          c.gauge(c.metric('jobs_processing'), c.labels('service', JOB), 2),
          c.gauge(c.metric('jobs_completed_total'), c.labels('service', JOB), 10),
        ],
        labels: QUEUE_KEY(c),
        value: 2,
      },
      quiet: {
        series: [
          c.gauge(c.metric('jobs_processing'), c.labels('service', JOB), 2),
          c.counter(c.metric('jobs_completed_total'), c.labels('service', JOB), 1),
        ],
      },
    }),
    runbook: {
      meaning: 'Jobs are marked as processing, yet none completed or failed for a long time.',
      impact: 'Workers hold jobs without progress; the queue does not drain.',
      diagnosis: (c) => [
        [
          'Jobs processing',
          aggregate('jobs_processing', 'queue', `${c.metric('jobs_processing')}${c.selector('service')}`),
        ],
        [
          'Transcodes running',
          aggregate(
            'video_transcodes_in_progress',
            'resolution',
            `${c.metric('video_transcodes_in_progress')}${c.selector('service')}`,
          ),
        ],
        ['Event loop lag of the workers', `${c.metric('nodejs_eventloop_lag_p99_seconds')}${c.selector('service')}`],
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
    for: ALERT_TIMING.NoJobsBeingProcessed.for,
    format: 'number',
    expr: (c) => `${aggregate('jobs_queued', 'job, queue', `${c.metric('jobs_queued')}${c.selector('service')}`)} > 0
unless on (job, queue) (${aggregate('jobs_processing', 'job, queue', `${c.metric('jobs_processing')}${c.selector('service')}`)} > 0)`,
    summary: (t) => `Nothing processes the jobs of queue ${t.label('queue')}`,
    description: (t) =>
      `${t.value} jobs wait in queue ${t.label('queue')} of ${t.label('job')} and none is being processed.`,
    test: (c) => ({
      fire: {
        series: [
          c.gauge(c.metric('jobs_queued'), c.labels('service', JOB), 5),
          c.gauge(c.metric('jobs_processing'), c.labels('service', JOB), 0),
        ],
        labels: QUEUE_KEY(c),
        value: 5,
      },
      quiet: {
        series: [
          c.gauge(c.metric('jobs_queued'), c.labels('service', JOB), 5),
          c.gauge(c.metric('jobs_processing'), c.labels('service', JOB), 1),
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
]);
