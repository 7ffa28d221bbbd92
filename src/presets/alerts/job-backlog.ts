import { seriesText, aggregate } from '../promql.js';
import { bucketsOf, gaugeCase, positive, quantileCase, withinBuckets } from './helpers.js';
import { backlogRunbook, JOB, QUEUE_KEY } from './job-helpers.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';

const QUEUE_TIME = bucketsOf('jobQueueTimeSeconds');

const GROWING = ALERT_TIMING.QueueLengthGrowing;

/** Backlog alerts: jobs waiting, how long they wait, a waiting list that keeps growing. */
export const JOB_BACKLOG_ALERTS = defineAlerts([
  {
    name: 'JobQueueBacklog',
    component: 'jobs',
    severity: 'warning',
    for: ALERT_TIMING.JobQueueBacklog.for,
    format: 'number',
    threshold: positive(THRESHOLDS.JobQueueBacklog, 'a number of waiting jobs', true),
    expr: (c, t) =>
      `${aggregate('jobs_queued', 'job, queue', `${c.metric('jobs_queued')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} has a backlog`,
    description: (t) =>
      `${t.value} jobs are waiting in queue ${t.label('queue')} of ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) =>
      gaugeCase(c, {
        metric: c.metric('jobs_queued'),
        labels: c.labels('service', JOB),
        firingLabels: QUEUE_KEY(c),
        integer: true,
      }),
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
    for: ALERT_TIMING.JobQueueBacklogCritical.for,
    format: 'number',
    threshold: positive(THRESHOLDS.JobQueueBacklogCritical, 'a number of waiting jobs', true),
    expr: (c, t) =>
      `${aggregate('jobs_queued', 'job, queue', `${c.metric('jobs_queued')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} has a critical backlog`,
    description: (t) =>
      `${t.value} jobs are waiting in queue ${t.label('queue')} of ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) =>
      gaugeCase(c, {
        metric: c.metric('jobs_queued'),
        labels: c.labels('service', JOB),
        firingLabels: QUEUE_KEY(c),
        integer: true,
      }),
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
    name: 'JobQueueWaitTimeLong',
    component: 'jobs',
    severity: 'warning',
    for: ALERT_TIMING.JobQueueWaitTimeLong.for,
    format: 'duration',
    threshold: withinBuckets(THRESHOLDS.JobQueueWaitTimeLong, 'seconds of p95 queue wait', QUEUE_TIME),
    expr: (c, t) => `${c.recorded('job_queue:job_queue_time_seconds:histogram_quantile')}{quantile="0.95"} > ${t}`,
    summary: (t) => `Jobs wait long in queue ${t.label('queue')}`,
    description: (t) =>
      `95% of the jobs that started in queue ${t.label('queue')} of ${t.label('job')} had waited up to ${t.value} (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(c, {
        metric: c.metric('job_queue_time_seconds'),
        labels: c.labels('service', JOB),
        buckets: QUEUE_TIME,
        quantile: 0.95,
        firingLabels: {
          ...QUEUE_KEY(c),
          quantile: '0.95',
        },
      }),
    runbook: {
      meaning: 'Jobs wait long between being enqueued and the start of processing.',
      impact: 'Users wait before anything happens to their upload.',
      diagnosis: backlogRunbook,
      mitigation: ['Add workers or concurrency.', 'Check for a backlog (JobQueueBacklog) or workers down.'],
    },
  },
  {
    name: 'QueueLengthGrowing',
    reportName: 'CeleryQueueLengthGrowing',
    component: 'jobs',
    severity: 'warning',
    for: GROWING.for,
    format: 'number',
    threshold: positive(
      THRESHOLDS.QueueLengthGrowing,
      `jobs added to the waiting list over ${spelledWindow(GROWING.window)}`,
    ),
    window: () => durationSeconds(GROWING.window),
    expr: (c, t) =>
      `${aggregate('queue_length', 'job, queue', `delta(${c.metric('queue_length')}${c.selector('service', 'state="waiting"')}[${GROWING.window}])`)} > ${t}`,
    summary: (t) => `Queue ${t.label('queue')} keeps growing`,
    description: (t) =>
      `The waiting list of queue ${t.label('queue')} of ${t.label('job')} grew by ${t.value} jobs over ${spelledWindow(GROWING.window)} (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { queue: JOB.queue, state: 'waiting' });
      const minutes = durationSeconds(GROWING.window) / 60;
      const step = Math.floor(c.threshold / minutes) + 1;
      return {
        fire: {
          series: [{ series: seriesText(c.metric('queue_length'), labels), values: `0+${step}x${c.minutes}` }],
          labels: QUEUE_KEY(c),
          value: step * minutes,
        },
        quiet: { series: [c.gauge(c.metric('queue_length'), labels, 50)] },
      };
    },
    runbook: {
      meaning: 'The waiting list of a queue grows steadily (the Python reference stack’s CeleryQueueLengthGrowing).',
      impact: 'If it keeps growing, the backlog alerts follow and wait times rise.',
      diagnosis: (c) => [
        [
          'Queue length by state',
          aggregate('queue_length', 'queue, state', `${c.metric('queue_length')}${c.selector('service')}`),
        ],
        [
          'Tasks finished per second',
          aggregate(
            'queue_tasks_total',
            'queue, outcome',
            `rate(${c.metric('queue_tasks_total')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`,
          ),
        ],
      ],
      mitigation: ['Add workers before the backlog alerts fire.', 'Find the source of the extra submissions.'],
    },
  },
  {
    name: 'JobWaitTooLong',
    component: 'jobs',
    severity: 'warning',
    for: ALERT_TIMING.JobWaitTooLong.for,
    format: 'duration',
    threshold: positive(THRESHOLDS.JobWaitTooLong, 'seconds the oldest waiting job has waited'),
    expr: (c, t) =>
      `${aggregate('queue_oldest_waiting_job_age_seconds', 'job, queue', `${c.metric('queue_oldest_waiting_job_age_seconds')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `The oldest job in queue ${t.label('queue')} has waited too long`,
    description: (t) =>
      `The oldest job ready to run in queue ${t.label('queue')} of ${t.label('job')} has waited ${t.value} (threshold ${t.threshold}).`,
    test: (c) =>
      gaugeCase(c, {
        metric: c.metric('queue_oldest_waiting_job_age_seconds'),
        labels: c.labels('service', { queue: JOB.queue }),
        firingLabels: QUEUE_KEY(c),
      }),
    runbook: {
      meaning:
        'A job that is ready to run has waited in the queue longer than the threshold: nothing has picked it up. Unlike JobQueueWaitTimeLong, which reads the wait of the jobs that started, this sees a queue where no job starts at all.',
      impact: 'The user behind the oldest job (and every job behind it) is still waiting; their upload looks lost.',
      diagnosis: (c) => [
        [
          'Age of the oldest waiting job, by queue',
          aggregate(
            'queue_oldest_waiting_job_age_seconds',
            'job, queue',
            `${c.metric('queue_oldest_waiting_job_age_seconds')}${c.selector('service')}`,
          ),
        ],
        ...backlogRunbook(c),
        [
          'Queue length by state (a paused queue holds its jobs)',
          aggregate('queue_length', 'queue, state', `${c.metric('queue_length')}${c.selector('service')}`),
        ],
      ],
      mitigation: [
        'If no worker consumes the queue (QueueWorkersDown), start the workers.',
        'If the queue is paused, resume it once the reason for the pause is gone.',
        'If workers are busy with long jobs, add workers or concurrency, or move the long jobs to their own queue.',
      ],
    },
  },
]);
