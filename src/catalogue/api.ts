import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** The HTTP server attributes of the semantic conventions, as OpenTelemetry's Prometheus exporter writes them. */
const HTTP_SERVER_ATTRIBUTES = {
  method: 'http_request_method',
  route: 'http_route',
  status_code: 'http_response_status_code',
} as const;

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
    otel: {
      instrument: 'http.server.request.duration',
      stability: 'stable',
      name: 'http_server_request_duration_seconds_count',
      labels: HTTP_SERVER_ATTRIBUTES,
      sampleOf: 'api_request_duration_seconds',
    },
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
    otel: {
      instrument: 'http.server.request.duration',
      stability: 'stable',
      name: 'http_server_request_duration_seconds',
      labels: HTTP_SERVER_ATTRIBUTES,
    },
  }),
  /** `api_requests_in_progress`: HTTP requests being served right now, by method and route template. */
  apiRequestsInProgress: defineMetric({
    name: 'api_requests_in_progress',
    type: 'gauge',
    help: 'HTTP requests being served right now, by method and route template.',
    labelNames: ['method', 'route'],
    unit: 'requests',
    group: 'api',
    otel: {
      instrument: 'http.server.active_requests',
      stability: 'development',
      name: 'http_server_active_requests',
      labels: { method: HTTP_SERVER_ATTRIBUTES.method, route: HTTP_SERVER_ATTRIBUTES.route },
    },
  }),
};
