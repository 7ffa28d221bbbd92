import type { RuleContext, TestContext } from './types.js';

/** The queue and job type the job alert tests feed in. */
export const JOB = { queue: 'transcode', job_type: 'video' };

/** The labels a queue alert fires with. */
export const QUEUE_KEY = (c: TestContext) => ({ job: c.config.jobs.service, queue: JOB.queue });

/** Runbook queries for jobs that wait. */
export const backlogRunbook = (c: RuleContext) =>
  [
    ['Jobs waiting, by queue', `sum by (queue) (${c.m('jobs_queued')}${c.s('service')})`],
    ['Workers consuming, by queue', `sum by (queue) (${c.m('queue_workers_active')}${c.s('service')})`],
    ['Completions per second', `sum by (queue) (rate(${c.m('jobs_completed_total')}${c.s('service')}[5m]))`],
  ] as const;
