import type { Observability } from '../core/observability.js';

/**
 * The part of a `pg` `Pool` (node-postgres) the pool hook reads. Any object of this shape
 * works, so the SDK does not depend on `pg`.
 */
export interface PoolLike {
  /** Connections open, busy or idle. */
  readonly totalCount: number;
  /** Connections open and idle. */
  readonly idleCount: number;
  /** Clients waiting for a connection. */
  readonly waitingCount: number;
  /** The pool's options; `max` is its size limit. */
  readonly options?: {
    /** Largest number of connections the pool may open, reported as `db_connections_max`. */
    readonly max?: number;
  };
  /** Pool events (`connect`, `acquire`, `release`, `remove`) refresh the gauges. */
  on?(event: string, listener: () => void): unknown;
  /** Used by `stop()` to remove the listeners. */
  off?(event: string, listener: () => void): unknown;
}

/** Options of {@link observePool}. */
export interface ObservePoolOptions {
  /** The `pool` label. Default: `'default'`. */
  name?: string;
}

/** A running pool hook. */
export interface PoolObserver {
  /** Sets the gauges from the pool now. */
  update(): void;
  /** Removes the event listeners and stops updating the gauges at scrape time. */
  stop(): void;
}

const POOL_EVENTS = ['connect', 'acquire', 'release', 'remove'] as const;

/**
 * Keeps `db_connections_active`, `db_connections_idle`, `db_connections_waiting` and
 * `db_connections_max` true for a connection pool: on every pool event and at each scrape.
 * Works with `pg`'s `Pool` and any object of the same shape ({@link PoolLike}).
 *
 * @param observability - The object from `createObservability()`.
 * @param pool - A `pg` Pool or an object of its shape.
 * @param options - See {@link ObservePoolOptions}.
 * @example
 * ```ts
 * import { EventEmitter } from 'node:events';
 * import { createObservability } from '@transcode-flow/observability';
 * import { observePool } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['database'] });
 * // With node-postgres: const pool = new pg.Pool({ max: 20 });
 * const pool = Object.assign(new EventEmitter(), { totalCount: 0, idleCount: 0, waitingCount: 0, options: { max: 20 } });
 * const observer = observePool(observability, pool, { name: 'primary' });
 * observer.stop();
 * ```
 */
export function observePool(
  observability: Pick<Observability, 'metrics'>,
  pool: PoolLike,
  options: ObservePoolOptions = {},
): PoolObserver {
  const labels = { pool: options.name ?? 'default' };
  const { metrics } = observability;
  let stopped = false;
  const update = (): void => {
    if (stopped) return;
    metrics.dbConnectionsActive.set(labels, Math.max(0, pool.totalCount - pool.idleCount));
    metrics.dbConnectionsIdle.set(labels, pool.idleCount);
    metrics.dbConnectionsWaiting.set(labels, pool.waitingCount);
    if (typeof pool.options?.max === 'number') metrics.dbConnectionsMax.set(labels, pool.options.max);
  };
  // pg updates its counts after emitting some events, so read them once the emit is done.
  const onEvent = (): void => void queueMicrotask(update);
  for (const event of POOL_EVENTS) pool.on?.(event, onEvent);
  for (const gauge of [
    metrics.dbConnectionsActive,
    metrics.dbConnectionsIdle,
    metrics.dbConnectionsWaiting,
    metrics.dbConnectionsMax,
  ]) {
    gauge.addCollector(update);
  }
  update();
  return {
    update,
    stop() {
      stopped = true;
      for (const event of POOL_EVENTS) pool.off?.(event, onEvent);
    },
  };
}
