import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

const CELERY =
  'The Python reference stack ran Celery workers; in Node the same role is played by queue workers such as BullMQ, so the group is named for what it is.';

/** Queue worker metrics (the Python reference stack’s Celery group), recorded by the BullMQ adapter and job wrapper. */
export const queueWorkerMetrics = {
  /** `queue_tasks_total`: Tasks finished by queue workers, by queue and outcome (completed, failed). */
  queueTasksTotal: defineMetric({
    name: 'queue_tasks_total',
    type: 'counter',
    help: 'Tasks finished by queue workers, by queue and outcome (completed, failed).',
    labelNames: ['queue', 'outcome'],
    unit: 'jobs',
    group: 'queue_workers',
    reportName: 'celery_tasks_total',
    renameReason: CELERY,
  }),
  /** `queue_task_duration_seconds`: Task execution time in queue workers, by queue and outcome. */
  queueTaskDurationSeconds: defineMetric({
    name: 'queue_task_duration_seconds',
    type: 'histogram',
    help: 'Task execution time in queue workers, by queue and outcome.',
    labelNames: ['queue', 'outcome'],
    unit: 'seconds',
    buckets: BUCKETS.job,
    group: 'queue_workers',
    reportName: 'celery_task_duration_seconds',
    renameReason: CELERY,
  }),
  /** `queue_workers_active`: Queue workers connected and consuming, by queue. */
  queueWorkersActive: defineMetric({
    name: 'queue_workers_active',
    type: 'gauge',
    help: 'Queue workers connected and consuming, by queue.',
    labelNames: ['queue'],
    unit: 'jobs',
    group: 'queue_workers',
    aggregator: 'max',
    reportName: 'celery_workers_active',
    renameReason: CELERY,
  }),
  /** `queue_task_retries_total`: Task attempts that failed and were scheduled to run again, by queue. */
  queueTaskRetriesTotal: defineMetric({
    name: 'queue_task_retries_total',
    type: 'counter',
    help: 'Task attempts that failed and were scheduled to run again, by queue.',
    labelNames: ['queue'],
    unit: 'jobs',
    group: 'queue_workers',
  }),
  /** `queue_stalled_jobs_total`: Jobs found stalled (their worker stopped renewing the lock) and moved back to waiting or to failed, by queue. */
  queueStalledJobsTotal: defineMetric({
    name: 'queue_stalled_jobs_total',
    type: 'counter',
    help: 'Jobs found stalled (their worker stopped renewing the lock) and moved back to waiting or to failed, by queue.',
    labelNames: ['queue'],
    unit: 'jobs',
    group: 'queue_workers',
  }),
  /** `queue_length`: Jobs held by a queue, by queue and state (waiting, active, delayed, prioritized, waiting-children, paused, completed, failed). */
  queueLength: defineMetric({
    name: 'queue_length',
    type: 'gauge',
    help: 'Jobs held by a queue, by queue and state (waiting, active, delayed, prioritized, waiting-children, paused, completed, failed).',
    labelNames: ['queue', 'state'],
    unit: 'jobs',
    group: 'queue_workers',
    aggregator: 'max',
    reportName: 'celery_queue_length',
    renameReason: CELERY,
  }),
  /** `queue_oldest_waiting_job_age_seconds`: Seconds the oldest job ready to run has waited, by queue; 0 when none waits. */
  queueOldestWaitingJobAgeSeconds: defineMetric({
    name: 'queue_oldest_waiting_job_age_seconds',
    type: 'gauge',
    help: 'Seconds the oldest job ready to run has waited (since it was added, or since its delay ended), by queue; 0 when none waits.',
    labelNames: ['queue'],
    unit: 'seconds',
    group: 'queue_workers',
    aggregator: 'max',
  }),
};
