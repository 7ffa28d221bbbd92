import type { Observability } from '../core/observability.js';
import { timeOperation } from './time-operation.js';

/**
 * Times one database query, sync or async, and records `db_query_duration_seconds` by
 * `operation` and `outcome` (`success` or `error`). Returns what `fn` returns and rethrows
 * what it throws.
 *
 * @param observability - The object from `createObservability()`.
 * @param operation - A bounded name for the query: `select`, `insert`, `update_job_status`, …
 *   (never the SQL text, which would make the label unbounded).
 * @param fn - The query, sync or async.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { timeQuery } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['database'] });
 * const db = { query: async (sql: string, params: unknown[]) => ({ rows: [{ sql, params }] }) };
 * const { rows } = await timeQuery(observability, 'select_job', () =>
 *   db.query('SELECT * FROM jobs WHERE id = $1', ['abc123']),
 * );
 * ```
 */
export function timeQuery<R>(observability: Pick<Observability, 'metrics'>, operation: string, fn: () => R): R {
  return timeOperation(fn, (outcome) =>
    observability.metrics.dbQueryDurationSeconds.observe(
      { operation, outcome: outcome.ok ? 'success' : 'error' },
      outcome.seconds,
    ),
  );
}
