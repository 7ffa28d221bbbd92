import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** Database metrics, recorded by the query timer and the pool hook. */
export const databaseMetrics = {
  /** `db_connections_active`: Database connections checked out of the pool, by pool. */
  dbConnectionsActive: defineMetric({
    name: 'db_connections_active',
    type: 'gauge',
    help: 'Database connections checked out of the pool, by pool.',
    labelNames: ['pool'],
    unit: 'connections',
    group: 'database',
  }),
  /** `db_connections_idle`: Idle database connections in the pool, by pool. */
  dbConnectionsIdle: defineMetric({
    name: 'db_connections_idle',
    type: 'gauge',
    help: 'Idle database connections in the pool, by pool.',
    labelNames: ['pool'],
    unit: 'connections',
    group: 'database',
  }),
  /** `db_connections_max`: Largest number of connections the pool may open, by pool. */
  dbConnectionsMax: defineMetric({
    name: 'db_connections_max',
    type: 'gauge',
    help: 'Largest number of connections the pool may open, by pool.',
    labelNames: ['pool'],
    unit: 'connections',
    group: 'database',
  }),
  /** `db_connections_waiting`: Clients waiting for a connection because every pooled connection is busy, by pool. */
  dbConnectionsWaiting: defineMetric({
    name: 'db_connections_waiting',
    type: 'gauge',
    help: 'Clients waiting for a connection because every pooled connection is busy, by pool.',
    labelNames: ['pool'],
    unit: 'connections',
    group: 'database',
  }),
  /** `db_query_duration_seconds`: Database query duration, by operation (select, insert, …) and outcome (success, error). */
  dbQueryDurationSeconds: defineMetric({
    name: 'db_query_duration_seconds',
    type: 'histogram',
    help: 'Database query duration, by operation (select, insert, …) and outcome (success, error).',
    labelNames: ['operation', 'outcome'],
    unit: 'seconds',
    buckets: BUCKETS.operation,
    group: 'database',
    otel: {
      instrument: 'db.client.operation.duration',
      stability: 'stable',
      name: 'db_client_operation_duration_seconds',
      labels: { operation: 'db_operation_name' },
    },
  }),
};
