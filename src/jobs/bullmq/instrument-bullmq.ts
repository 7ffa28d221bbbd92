import type { Observability } from '../../core/observability.js';
import { invalidOption } from '../../core/errors.js';
import { durationMs } from '../../core/option-checks.js';
import { collectQueueState } from './queue-depth.js';
import { leaseKey, queueLease, queueRedis } from './queue-lease.js';
import { listenToQueueEvents, listenToWorker } from './task-events.js';
import type { QueueEventsLike, QueueLike, WorkerLike } from './types.js';

/** How long the queue-state lease lasts without renewal by default: two scrapes at 15 s. */
const DEFAULT_LEASE_MS = 30_000;

/** Options of {@link instrumentBullMQ}. */
export interface InstrumentBullMQOptions {
  /**
   * Queues whose depth by state (`queue_length`), worker count (`queue_workers_active`) and
   * oldest waiting job's age (`queue_oldest_waiting_job_age_seconds`; needs a BullMQ `Queue`,
   * whose Redis client it reads) are read from Redis at scrape time. Default: none.
   */
  queues?: readonly QueueLike[];
  /**
   * Workers of this process whose tasks are recorded: outcomes, durations, retries and
   * stalled jobs. Each replica passes its own workers. Default: none.
   */
  workers?: readonly WorkerLike[];
  /**
   * `QueueEvents` whose global stream is counted (completed, failed, stalled) for queues
   * with no worker in this process: the stand-alone exporter case. A queue given both here
   * and in `workers` is refused, since each task would count twice. Default: none.
   */
  queueEvents?: readonly QueueEventsLike[];
  /**
   * Which process reports the queue-wide series (`queue_length`, `queue_workers_active`,
   * `queue_oldest_waiting_job_age_seconds`).
   * They describe Redis, not the process, so every replica would read and export the same
   * figures:
   * - `'lease'`: the processes share a short Redis lease per queue (`SET NX PX` on
   *   `<prefix>:<queue>:tfo:reporter`, kept on the queue's own connection). At each scrape the
   *   holder renews it and reads the queue; the others only try to take it and export neither
   *   series. When the holder stops, it releases the lease and the next process scraped takes
   *   over; when it dies, the lease lapses after `queueStateLeaseMs` and then the next process
   *   scraped takes over. Needs a real BullMQ `Queue` (its Redis client).
   * - `true`: this process reads and reports every queue at every scrape (one replica, or a
   *   stand-alone exporter process).
   * - `false`: it never does (another process reports).
   *
   * Default: `'lease'` for a queue with a Redis client (every BullMQ `Queue`), `true` for a
   * queue-like object without one.
   */
  collectQueueState?: boolean | 'lease';
  /**
   * How long the queue-state lease lasts without renewal, in ms (1 to 2^31-1). The holder
   * renews it at each scrape, so make it longer than the scrape interval (two to three
   * intervals); it bounds how long the queue state goes unreported after the holder dies.
   * Default: `30000`.
   */
  queueStateLeaseMs?: number;
}

/** A running BullMQ instrumentation. */
export interface BullMQInstrumentation {
  /** Removes every listener and collector it added and the queue-wide series it set. */
  stop(): void;
}

/**
 * Instruments real BullMQ queues and workers: queue depth by state (waiting, active,
 * delayed, prioritized, waiting-children, paused, completed, failed), worker count and the
 * age of the oldest job ready to run (`queue_oldest_waiting_job_age_seconds`: waiting or
 * prioritized, or delayed with its delay over; 0 when none waits) read at scrape time, and
 * task totals by outcome, task durations, retries and stalled jobs from worker (or
 * `QueueEvents`) events.
 *
 * A slow or dead Redis never stalls `/metrics`: each scrape waits at most the observability
 * object's `collectTimeoutMs`, and `observability_collect_errors_total{metric="queue_length"}`
 * (and the other queue-wide metrics) counts the failure. Depth and workers keep their last
 * values; the oldest job's age is left out of that scrape instead (a frozen age would be a
 * stale lie). Once Redis is back the next scrape is fresh again.
 *
 * Queue depth and workers are the same figures in every replica; by default the replicas
 * share a Redis lease per queue and only its holder reads and reports them, so Redis sees
 * one `getJobCounts` per scrape interval however many replicas run (see `collectQueueState`
 * and docs/scale-out.md).
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link InstrumentBullMQOptions}.
 * @returns A handle whose `stop()` undoes it.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when a queue is given both as a worker and as `queueEvents`, when `collectQueueState` or `queueStateLeaseMs` is not a valid value, or when `collectQueueState: 'lease'` names a queue without a Redis client.
 * @example
 * ```ts
 * import { Queue, Worker } from 'bullmq';
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentBullMQ } from '@transcode-flow/observability/bullmq';
 *
 * const observability = createObservability({ collectTimeoutMs: 500 });
 * const connection = { host: '127.0.0.1', port: 6379, maxRetriesPerRequest: null };
 * const queue = new Queue('transcode', { connection });
 * const worker = new Worker('transcode', async (job) => job.data, { connection });
 * worker.on('error', (error) => console.error(error));
 *
 * const instrumentation = instrumentBullMQ(observability, {
 *   queues: [queue],
 *   workers: [worker],
 *   // One replica at a time reads and reports the queue's depth and workers (the default):
 *   collectQueueState: 'lease',
 * });
 * // on shutdown:
 * instrumentation.stop();
 * await worker.close();
 * await queue.close();
 * ```
 */
export function instrumentBullMQ(
  observability: Pick<Observability, 'metrics'>,
  options: InstrumentBullMQOptions = {},
): BullMQInstrumentation {
  const { metrics } = observability;
  const workers = options.workers ?? [];
  const queueEvents = options.queueEvents ?? [];
  const workerQueues = new Set(workers.map((worker) => worker.name));
  queueEvents.forEach((events, i) => {
    if (workerQueues.has(events.name)) {
      throw invalidOption(
        `queueEvents[${i}]`,
        `listens to queue "${events.name}", whose worker is also given in \`workers\`, so each task would count twice`,
        'each queue either in `workers` (every replica counts its own tasks) or in `queueEvents` (one exporter counts them all)',
      );
    }
  });
  const mode = options.collectQueueState;
  if (mode !== undefined && typeof mode !== 'boolean' && mode !== 'lease') {
    throw invalidOption('collectQueueState', `is ${JSON.stringify(mode)}`, "true, false or 'lease'");
  }
  const leaseMs = durationMs('queueStateLeaseMs', options.queueStateLeaseMs, DEFAULT_LEASE_MS);
  const stops: (() => void)[] = [];
  (options.queues ?? []).forEach((queue, i) => {
    if (mode === false) return;
    const redis = queueRedis(queue);
    if (mode === 'lease' && redis === undefined) {
      throw invalidOption(
        `queues[${i}]`,
        `("${queue.name}") has no Redis client for the queue-state lease`,
        'a BullMQ Queue (its `client`, or `getBackend().client`), or `collectQueueState: true` in the one process that reports',
      );
    }
    const lease = mode === true || redis === undefined ? undefined : queueLease(redis, leaseKey(queue), leaseMs);
    stops.push(collectQueueState(metrics, queue, lease, redis));
  });
  for (const worker of workers) stops.push(listenToWorker(metrics, worker));
  for (const events of queueEvents) stops.push(listenToQueueEvents(metrics, events));
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      for (const stop of stops) stop();
    },
  };
}
