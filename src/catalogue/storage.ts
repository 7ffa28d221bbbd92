import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** Storage metrics, recorded by the storage helper. */
export const storageMetrics = {
  /** `storage_used_bytes`: Bytes used on a storage backend. */
  storageUsedBytes: defineMetric({
    name: 'storage_used_bytes',
    type: 'gauge',
    help: 'Bytes used on a storage backend.',
    labelNames: ['backend'],
    unit: 'bytes',
    group: 'storage',
    aggregator: 'max',
  }),
  /** `storage_quota_bytes`: Bytes available to the service on a storage backend (its quota or capacity). */
  storageQuotaBytes: defineMetric({
    name: 'storage_quota_bytes',
    type: 'gauge',
    help: 'Bytes available to the service on a storage backend (its quota or capacity).',
    labelNames: ['backend'],
    unit: 'bytes',
    group: 'storage',
    aggregator: 'max',
  }),
  /** `storage_operations_total`: Storage operations, by operation (read, write, delete, list, …), backend and outcome (success, error). */
  storageOperationsTotal: defineMetric({
    name: 'storage_operations_total',
    type: 'counter',
    help: 'Storage operations, by operation (read, write, delete, list, …), backend and outcome (success, error).',
    labelNames: ['operation', 'backend', 'outcome'],
    unit: 'requests',
    group: 'storage',
  }),
  /** `storage_operation_duration_seconds`: Duration of storage operations, by operation and backend. */
  storageOperationDurationSeconds: defineMetric({
    name: 'storage_operation_duration_seconds',
    type: 'histogram',
    help: 'Duration of storage operations, by operation and backend.',
    labelNames: ['operation', 'backend'],
    unit: 'seconds',
    buckets: BUCKETS.operation,
    group: 'storage',
  }),
  /** `storage_transferred_bytes_total`: Bytes read from or written to a storage backend, by operation and backend. */
  storageTransferredBytesTotal: defineMetric({
    name: 'storage_transferred_bytes_total',
    type: 'counter',
    help: 'Bytes read from or written to a storage backend, by operation and backend.',
    labelNames: ['operation', 'backend'],
    unit: 'bytes',
    group: 'storage',
  }),
};
