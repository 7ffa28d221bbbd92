import type { Observability } from '../core/observability.js';
import { singleFlight } from '../core/single-flight.js';
import { timeOperation } from './time-operation.js';

/** Options of {@link StorageInstrumentation.time}. */
export interface StorageTimeOptions<T> {
  /**
   * Bytes moved by the operation, counted in `storage_transferred_bytes_total` when it
   * succeeds: a number known up front (an upload's size), or a function of the result (a
   * download's length). Default: nothing counted.
   */
  bytes?: number | ((result: T) => number | undefined);
}

/** Used and quota bytes of a storage backend, as set on the gauges. */
export interface StorageUsage {
  /** Bytes used: `storage_used_bytes`. */
  usedBytes: number;
  /** Bytes available to the service (quota or capacity): `storage_quota_bytes`. Default: left as it is. */
  quotaBytes?: number;
}

/** Storage timers bound to one backend. */
export interface StorageInstrumentation {
  /** The `backend` label. */
  readonly backend: string;
  /**
   * Times one storage operation, sync or async, and records `storage_operations_total`
   * (outcome `success` or `error`), `storage_operation_duration_seconds` and, on success,
   * `storage_transferred_bytes_total`. Returns what `fn` returns and rethrows what it throws.
   */
  time<R>(operation: string, fn: () => R, options?: StorageTimeOptions<Awaited<R>>): R;
  /** Sets `storage_used_bytes` (and `storage_quota_bytes` when given) now. */
  setUsage(usage: StorageUsage): void;
  /**
   * Refreshes the usage gauges at scrape time from `read` (e.g. `statfs` or a bucket size
   * query), waiting at most `collectTimeoutMs`; when `read` throws or hangs the gauges keep
   * their last values and `observability_collect_errors_total` counts it.
   */
  collectUsage(read: () => StorageUsage | Promise<StorageUsage>): void;
}

/** Options of {@link instrumentStorage}. */
export interface StorageInstrumentationOptions {
  /** The `backend` label (`local`, `s3`, `minio`, …). Default: `'default'`. */
  backend?: string;
}

/**
 * Storage helpers for one backend: a timer for reads, writes, deletes and lists (with bytes
 * moved), and the used/quota gauges, set directly or collected at scrape time.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link StorageInstrumentationOptions}.
 * @example
 * ```ts
 * import { readFile, statfs, writeFile } from 'node:fs/promises';
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentStorage } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['storage'] });
 * const storage = instrumentStorage(observability, { backend: 'local' });
 *
 * const data = Buffer.from('rendition');
 * await storage.time('write', () => writeFile('/tmp/out.bin', data), { bytes: data.length });
 * const read = await storage.time('read', () => readFile('/tmp/out.bin'), { bytes: (buf) => buf.length });
 * storage.collectUsage(async () => {
 *   const fs = await statfs('/tmp');
 *   return { usedBytes: (fs.blocks - fs.bfree) * fs.bsize, quotaBytes: fs.blocks * fs.bsize };
 * });
 * ```
 */
export function instrumentStorage(
  observability: Pick<Observability, 'metrics'>,
  options: StorageInstrumentationOptions = {},
): StorageInstrumentation {
  const backend = options.backend ?? 'default';
  const { metrics } = observability;
  const setUsage = (usage: StorageUsage): void => {
    metrics.storageUsedBytes.set({ backend }, usage.usedBytes);
    if (usage.quotaBytes !== undefined) metrics.storageQuotaBytes.set({ backend }, usage.quotaBytes);
  };
  return {
    backend,
    time(operation, fn, timeOptions = {}) {
      return timeOperation(fn, (outcome) => {
        metrics.storageOperationsTotal.inc({ operation, backend, outcome: outcome.ok ? 'success' : 'error' });
        metrics.storageOperationDurationSeconds.observe({ operation, backend }, outcome.seconds);
        if (!outcome.ok || timeOptions.bytes === undefined) return;
        const bytes = typeof timeOptions.bytes === 'number' ? timeOptions.bytes : timeOptions.bytes(outcome.value);
        if (bytes !== undefined) metrics.storageTransferredBytesTotal.inc({ operation, backend }, bytes);
      });
    },
    setUsage,
    collectUsage(read) {
      const collect = singleFlight(async () => setUsage(await read()));
      metrics.storageUsedBytes.addCollector(collect);
      metrics.storageQuotaBytes.addCollector(collect);
    },
  };
}
