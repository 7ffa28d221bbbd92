import { API_ALERTS } from './api-alerts.js';
import { JOB_ALERTS } from './job-alerts.js';
import type { AlertGroup } from './names.js';
import { SLO_ALERTS } from './slo-alerts.js';
import { SYSTEM_ALERTS } from './system-alerts.js';
import type { AlertDefinition } from './types.js';

/** Every alert definition, by rule file. */
export const ALERTS_BY_GROUP: Readonly<Record<AlertGroup, readonly AlertDefinition[]>> = {
  jobs: JOB_ALERTS,
  system: SYSTEM_ALERTS,
  api: API_ALERTS,
  slo: SLO_ALERTS,
};

/** Every alert definition, in file order. */
export const ALERTS: readonly AlertDefinition[] = Object.values(ALERTS_BY_GROUP).flat();
