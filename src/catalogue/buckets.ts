/**
 * Bucket layouts shared by catalogue entries, each fitted to what it measures.
 * Every layout can be replaced per metric with the `metrics.<name>.buckets` option.
 *
 * @example
 * ```ts
 * import { BUCKETS } from '@transcode-flow/observability';
 * console.log(BUCKETS.httpLatency); // 0.005 … 10 seconds
 * ```
 */
export const BUCKETS = {
  /** HTTP request latency: 5 ms to 10 s. */
  httpLatency: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  /** Short operations (cache, database, storage calls, webhooks): 1 ms to 30 s. */
  operation: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  /** Transcodes and media steps: 1 s to 4 h. */
  transcode: [1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 14400],
  /** Job processing and queue waits: 100 ms to 6 h. */
  job: [0.1, 0.5, 1, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600],
  /** Media durations (source length): 1 s to 6 h. */
  mediaDuration: [1, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200, 21600],
  /** File sizes: 64 KiB to 64 GiB, ×4 per bucket. */
  bytes: [
    65536, 262144, 1048576, 4194304, 16777216, 67108864, 268435456, 1073741824, 4294967296, 17179869184, 68719476736,
  ],
  /** Compression ratio (source bytes / output bytes). */
  ratio: [0.5, 1, 1.5, 2, 3, 5, 10, 20, 50, 100],
  /** Words in a transcript. */
  words: [10, 50, 100, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000],
} as const satisfies Record<string, readonly number[]>;
