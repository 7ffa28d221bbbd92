import type { Observability } from '../core/observability.js';
import { timeOperation } from './time-operation.js';

/** Options of {@link instrumentCache}. */
export interface CacheInstrumentationOptions {
  /** The `cache` label (`redis`, `memory`, `cdn`, …). Default: `'default'`. */
  cache?: string;
  /** Decides whether what a lookup returned is a hit. Default: anything but `undefined` and `null`. */
  isHit?: (value: unknown) => boolean;
}

/** Cache timers bound to one cache. */
export interface CacheInstrumentation {
  /** The `cache` label. */
  readonly cache: string;
  /** Times a lookup and counts a `hit` or a `miss` from its result (an `error` when it throws). */
  get<R>(fn: () => R): R;
  /** Times a write and counts a `set` (an `error` when it throws). */
  set<R>(fn: () => R): R;
  /** Times a removal and counts a `delete` (an `error` when it throws). */
  delete<R>(fn: () => R): R;
  /** Counts a hit decided elsewhere (no timing). */
  hit(): void;
  /** Counts a miss decided elsewhere (no timing). */
  miss(): void;
}

/**
 * Cache helpers for one cache: each wraps a sync or async call, records
 * `cache_operation_duration_seconds{cache,operation}` (operation `get`, `set` or `delete`)
 * and counts `cache_operations_total{cache,operation}` as `hit`, `miss`, `set`, `delete`, or
 * `error` when the call throws. The hit rate is
 * `hit / (hit + miss)` of `cache_operations_total`.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link CacheInstrumentationOptions}.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentCache } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['cache'] });
 * const store = new Map<string, string>();
 * const cache = instrumentCache(observability, { cache: 'memory' });
 *
 * cache.set(() => store.set('job:abc123', 'completed'));
 * const status = cache.get(() => store.get('job:abc123')); // counted as a hit
 * cache.delete(() => store.delete('job:abc123'));
 * ```
 */
export function instrumentCache(
  observability: Pick<Observability, 'metrics'>,
  options: CacheInstrumentationOptions = {},
): CacheInstrumentation {
  const cache = options.cache ?? 'default';
  const isHit = options.isHit ?? ((value: unknown) => value !== undefined && value !== null);
  const { metrics } = observability;
  const count = (operation: string): void => metrics.cacheOperationsTotal.inc({ cache, operation });
  const timed = <R>(operation: 'get' | 'set' | 'delete', fn: () => R): R =>
    timeOperation(fn, (outcome) => {
      metrics.cacheOperationDurationSeconds.observe({ cache, operation }, outcome.seconds);
      if (!outcome.ok) count('error');
      else if (operation === 'get') count(isHit(outcome.value) ? 'hit' : 'miss');
      else count(operation);
    });
  return {
    cache,
    get: (fn) => timed('get', fn),
    set: (fn) => timed('set', fn),
    delete: (fn) => timed('delete', fn),
    hit: () => count('hit'),
    miss: () => count('miss'),
  };
}
