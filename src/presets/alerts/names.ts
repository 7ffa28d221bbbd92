import { ALERTS, ALERTS_BY_GROUP } from './index.js';

/**
 * The rule file (and rule group) an alert belongs to.
 *
 * @example
 * ```ts
 * import type { AlertGroup } from '@transcode-flow/observability/presets';
 *
 * const file = (group: AlertGroup) => `prometheus/alerts/${group}.yml`;
 * ```
 */
export type AlertGroup = 'jobs' | 'system' | 'api' | 'slo';

/**
 * The name of an alert the presets render, read from the alert definitions themselves.
 *
 * @useDeclaredType
 * @example
 * ```ts
 * import type { AlertName } from '@transcode-flow/observability/presets';
 *
 * const paging: AlertName[] = ['ApplicationDown', 'JobQueueBacklogCritical'];
 * ```
 */
export type AlertName = (typeof ALERTS_BY_GROUP)[AlertGroup][number]['name'];

const namesOf = (group: AlertGroup): readonly AlertName[] =>
  ALERTS_BY_GROUP[group].map((definition) => definition.name);

/**
 * Every alert the presets render, by group: the job, system and API alerts (the queue worker and
 * scheduler ones named for BullMQ-style queues, not Celery and Airflow) and the SLO burn-rate
 * alerts, in the order of their rule files. Read from the alert definitions, which are the one
 * list of alerts.
 *
 * @example
 * ```ts
 * import { ALERT_NAMES } from '@transcode-flow/observability/presets';
 *
 * console.log(ALERT_NAMES.jobs.length, 'job alerts');
 * ```
 */
export const ALERT_NAMES: Readonly<Record<AlertGroup, readonly AlertName[]>> = {
  jobs: namesOf('jobs'),
  system: namesOf('system'),
  api: namesOf('api'),
  slo: namesOf('slo'),
};

/**
 * Every alert name, in file order.
 *
 * @example
 * ```ts
 * import { ALL_ALERT_NAMES } from '@transcode-flow/observability/presets';
 *
 * const off = Object.fromEntries(ALL_ALERT_NAMES.map((name) => [name, { enabled: false }]));
 * ```
 */
export const ALL_ALERT_NAMES: readonly AlertName[] = ALERTS.map((definition) => definition.name);
