import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** Cache metrics, recorded by the cache helper. */
export const cacheMetrics = {
  /** `cache_operations_total`: Cache operations, by cache and operation (hit, miss, set, delete, error). */
  cacheOperationsTotal: defineMetric({
    name: 'cache_operations_total',
    type: 'counter',
    help: 'Cache operations, by cache and operation (hit, miss, set, delete, error).',
    labelNames: ['cache', 'operation'],
    unit: 'requests',
    group: 'cache',
  }),
  /** `cache_operation_duration_seconds`: Cache operation duration, by cache and operation. */
  cacheOperationDurationSeconds: defineMetric({
    name: 'cache_operation_duration_seconds',
    type: 'histogram',
    help: 'Cache operation duration, by cache and operation.',
    labelNames: ['cache', 'operation'],
    unit: 'seconds',
    buckets: BUCKETS.operation,
    group: 'cache',
  }),
};
