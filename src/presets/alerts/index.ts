import { API_ALERTS } from './api-alerts.js';
import { JOB_ALERTS } from './job-alerts.js';
import { SLO_ALERTS } from './slo-alerts.js';
import { SYSTEM_ALERTS } from './system-alerts.js';
import type { AlertGroup } from './names.js';
import type { AlertDefinition } from './types.js';

/**
 * Every alert definition, by rule file: the one list of alerts. `AlertName`, `ALERT_NAMES` and
 * the keys the preset config's `alerts` accepts are all read from it.
 */
export const ALERTS_BY_GROUP = {
  jobs: JOB_ALERTS,
  system: SYSTEM_ALERTS,
  api: API_ALERTS,
  slo: SLO_ALERTS,
} as const satisfies Record<AlertGroup, readonly AlertDefinition<string>[]>;

/** Every alert definition, in file order. */
export const ALERTS: readonly AlertDefinition[] = Object.values(ALERTS_BY_GROUP).flat();
