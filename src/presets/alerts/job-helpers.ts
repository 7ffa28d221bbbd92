import { aggregate } from '../promql.js';
import { DIAGNOSIS_WINDOW } from '../defaults.js';
import type { RuleContext, TestContext } from './types.js';

/** The queue and job type the job alert tests feed in. */
export const JOB = { queue: 'transcode', job_type: 'video' };

/** The labels a queue alert fires with. */
export const QUEUE_KEY = (c: TestContext) => ({ job: c.config.jobs.service, queue: JOB.queue });

/** Runbook queries for jobs that wait. */
export const backlogRunbook = (c: RuleContext) =>
  [
    ['Jobs waiting, by queue', aggregate('jobs_queued', 'queue', `${c.metric('jobs_queued')}${c.selector('service')}`)],
    [
      'Workers consuming, by queue',
      aggregate('queue_workers_active', 'queue', `${c.metric('queue_workers_active')}${c.selector('service')}`),
    ],
    [
      'Completions per second',
      aggregate(
        'jobs_completed_total',
        'queue',
        `rate(${c.metric('jobs_completed_total')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`,
      ),
    ],
  ] as const;
