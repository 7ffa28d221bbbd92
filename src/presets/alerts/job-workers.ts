import { aggregate } from '../promql.js';
import { backlogRunbook, JOB, QUEUE_KEY } from './job-helpers.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';

/** Queue worker alerts: no or too few workers consume a queue. */
export const JOB_WORKER_ALERTS = defineAlerts([
  {
    name: 'QueueWorkersDown',
    reportName: 'CeleryWorkersDown',
    component: 'jobs',
    severity: 'critical',
    for: ALERT_TIMING.QueueWorkersDown.for,
    format: 'number',
    expr: (c) =>
      `${aggregate('queue_workers_active', 'job, queue', `${c.metric('queue_workers_active')}${c.selector('service')}`)} < 1`,
    summary: (t) => `No worker consumes queue ${t.label('queue')}`,
    description: (t) => `Queue ${t.label('queue')} of ${t.label('job')} has ${t.value} active workers.`,
    test: (c) => ({
      fire: {
        series: [c.gauge(c.metric('queue_workers_active'), c.labels('service', { queue: JOB.queue }), 0)],
        labels: QUEUE_KEY(c),
        value: 0,
      },
      quiet: { series: [c.gauge(c.metric('queue_workers_active'), c.labels('service', { queue: JOB.queue }), 2)] },
    }),
    runbook: {
      meaning: 'No queue worker is connected to this queue (the Python reference stack’s CeleryWorkersDown).',
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
    for: ALERT_TIMING.LowQueueWorkerCount.for,
    format: 'number',
    threshold: { default: THRESHOLDS.LowQueueWorkerCount, meaning: 'a number of workers', min: 2, integer: true },
    expr: (c, t) =>
      `(${aggregate('queue_workers_active', 'job, queue', `${c.metric('queue_workers_active')}${c.selector('service')}`)} < ${t}) > 0`,
    summary: (t) => `Few workers consume queue ${t.label('queue')}`,
    description: (t) =>
      `Queue ${t.label('queue')} of ${t.label('job')} has only ${t.value} active workers (at least ${t.threshold} expected).`,
    test: (c) => ({
      fire: {
        series: [c.gauge(c.metric('queue_workers_active'), c.labels('service', { queue: JOB.queue }), c.threshold - 1)],
        labels: QUEUE_KEY(c),
        value: c.threshold - 1,
      },
      quiet: {
        series: [c.gauge(c.metric('queue_workers_active'), c.labels('service', { queue: JOB.queue }), c.threshold)],
      },
    }),
    runbook: {
      meaning: 'Fewer workers than expected consume the queue (the Python reference stack’s LowCeleryWorkerCount).',
      impact: 'Less capacity; a backlog builds under load and one more failure stops processing.',
      diagnosis: backlogRunbook,
      mitigation: ['Check why workers exited (OOM kills, crash loops) and restore the replica count.'],
    },
  },
]);
