import { defineMetric } from './define-metric.js';

const TOTAL = 'It counts events, so it is a counter, and counter names end in `_total`.';

/** API key metrics. Keys appear only as a short, safe prefix, never in full. */
export const apiKeyMetrics = {
  /** `api_key_requests_total`: Requests authenticated by an API key, by the key's short prefix. */
  apiKeyRequestsTotal: defineMetric({
    name: 'api_key_requests_total',
    type: 'counter',
    help: "Requests authenticated by an API key, by the key's short prefix.",
    labelNames: ['key_prefix'],
    unit: 'requests',
    group: 'api_keys',
  }),
  /** `api_key_rate_limit_exceeded_total`: Requests refused because an API key exceeded its rate limit, by key prefix. */
  apiKeyRateLimitExceededTotal: defineMetric({
    name: 'api_key_rate_limit_exceeded_total',
    type: 'counter',
    help: 'Requests refused because an API key exceeded its rate limit, by key prefix.',
    labelNames: ['key_prefix'],
    unit: 'requests',
    group: 'api_keys',
    reportName: 'api_key_rate_limit_exceeded',
    renameReason: TOTAL,
  }),
  /** `api_key_quota_exceeded_total`: Requests refused because an API key exhausted its quota, by key prefix. */
  apiKeyQuotaExceededTotal: defineMetric({
    name: 'api_key_quota_exceeded_total',
    type: 'counter',
    help: 'Requests refused because an API key exhausted its quota, by key prefix.',
    labelNames: ['key_prefix'],
    unit: 'requests',
    group: 'api_keys',
    reportName: 'api_key_quota_exceeded',
    renameReason: TOTAL,
  }),
};
