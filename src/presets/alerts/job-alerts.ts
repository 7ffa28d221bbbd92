import { JOB_BACKLOG_ALERTS } from './job-backlog.js';
import { JOB_FAILURE_ALERTS } from './job-failures.js';
import { JOB_PROCESSING_ALERTS } from './job-processing.js';
import { JOB_WORKER_ALERTS } from './job-workers.js';
import { inGroupOrder } from './names.js';
import type { AlertDefinition } from './types.js';

/** The report's 13 job alerts (its Celery ones as queue-worker alerts), in the order of `ALERT_NAMES.jobs`. */
export const JOB_ALERTS: readonly AlertDefinition[] = inGroupOrder('jobs', [
  ...JOB_FAILURE_ALERTS,
  ...JOB_BACKLOG_ALERTS,
  ...JOB_PROCESSING_ALERTS,
  ...JOB_WORKER_ALERTS,
]);
