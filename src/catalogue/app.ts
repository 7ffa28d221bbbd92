import { defineMetric } from './define-metric.js';

/** Application metadata, maintained by `createObservability` itself. */
export const appMetrics = {
  /** `app_info`: Always 1; its labels carry the service name, its version and the Node.js version. */
  appInfo: defineMetric({
    name: 'app_info',
    type: 'gauge',
    help: 'Always 1; its labels carry the service name, its version and the Node.js version.',
    labelNames: ['service', 'version', 'node_version'],
    unit: 'info',
    group: 'app',
    aggregator: 'first',
  }),
  /** `app_uptime_seconds`: Seconds since the observability object was created (the application start). */
  appUptimeSeconds: defineMetric({
    name: 'app_uptime_seconds',
    type: 'gauge',
    help: 'Seconds since the observability object was created (the application start).',
    labelNames: [],
    unit: 'seconds',
    group: 'app',
    aggregator: 'min',
  }),
};
