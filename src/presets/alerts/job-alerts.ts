import { JOB_BACKLOG_ALERTS } from './job-backlog.js';
import { JOB_FAILURE_ALERTS } from './job-failures.js';
import { JOB_PROCESSING_ALERTS } from './job-processing.js';
import { JOB_WORKER_ALERTS } from './job-workers.js';

/** The Python reference stack’s 13 job alerts (its Celery ones as queue-worker alerts), family by family, in the order of `prometheus/alerts/jobs.yml`. */
export const JOB_ALERTS = [
  ...JOB_FAILURE_ALERTS,
  ...JOB_BACKLOG_ALERTS,
  ...JOB_PROCESSING_ALERTS,
  ...JOB_WORKER_ALERTS,
];
