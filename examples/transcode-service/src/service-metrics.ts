import { defineMetric, type GaugeHandle } from '@transcode-flow/observability';
import type { JobStore } from './job-store.js';

/**
 * The service's own metrics, declared next to the SDK's catalogue and passed to
 * `createObservability({ customMetrics: serviceMetrics })`: their handles are on
 * `observability.custom`, and they are exposed on `/metrics` with the SDK's prefix, constant
 * labels and cardinality guard.
 */
export const serviceMetrics = {
  jobStoreRecords: defineMetric({
    name: 'job_store_records',
    type: 'gauge',
    help: 'Job records held by the in-memory job store, which keeps them as long as the process runs.',
    labelNames: [],
    unit: 'jobs',
  }),
};

/**
 * The job store, counting each record it creates in `job_store_records`: a store that only
 * grows is the first thing to watch in a service that keeps its jobs in memory.
 *
 * @param store - The store to count.
 * @param records - `observability.custom.jobStoreRecords`.
 * @returns The same store, counted.
 * @example
 * ```ts
 * const store = countedJobStore(createJobStore(), observability.custom.jobStoreRecords);
 * ```
 */
export function countedJobStore(store: JobStore, records: GaugeHandle<never>): JobStore {
  return {
    ...store,
    create(...args) {
      const record = store.create(...args);
      records.inc();
      return record;
    },
  };
}
