import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** HTTP request metrics, recorded by the framework adapters. */
export const apiMetrics = {
  /** `api_requests_total`: HTTP requests completed, by method, route template and status code. */
  apiRequestsTotal: defineMetric({
    name: 'api_requests_total',
    type: 'counter',
    help: 'HTTP requests completed, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    unit: 'requests',
    group: 'api',
  }),
  /** `api_request_duration_seconds`: HTTP request duration from arrival to the last byte sent, by method, route template and status code. */
  apiRequestDurationSeconds: defineMetric({
    name: 'api_request_duration_seconds',
    type: 'histogram',
    help: 'HTTP request duration from arrival to the last byte sent, by method, route template and status code.',
    labelNames: ['method', 'route', 'status_code'],
    unit: 'seconds',
    buckets: BUCKETS.httpLatency,
    group: 'api',
  }),
  /** `api_requests_in_progress`: HTTP requests being served right now, by method and route template. */
  apiRequestsInProgress: defineMetric({
    name: 'api_requests_in_progress',
    type: 'gauge',
    help: 'HTTP requests being served right now, by method and route template.',
    labelNames: ['method', 'route'],
    unit: 'requests',
    group: 'api',
  }),
};
