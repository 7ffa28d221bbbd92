import { SYSTEM_DATABASE_ALERTS } from './system-database.js';
import { SYSTEM_DISK_ALERTS } from './system-disk.js';
import { SYSTEM_HOST_ALERTS } from './system-host.js';
import { SYSTEM_NODE_RUNTIME_ALERTS } from './system-node-runtime.js';
import { SYSTEM_TARGET_ALERTS } from './system-targets.js';

/**
 * The Python reference stack’s 18 system alerts (its Airflow scheduler as the job scheduler, plus event loop lag),
 * family by family, in the order of `prometheus/alerts/system.yml`.
 */
export const SYSTEM_ALERTS = [
  ...SYSTEM_HOST_ALERTS,
  ...SYSTEM_DISK_ALERTS,
  ...SYSTEM_TARGET_ALERTS,
  ...SYSTEM_DATABASE_ALERTS,
  ...SYSTEM_NODE_RUNTIME_ALERTS,
];
