import type { Observability } from '../../core/observability.js';
import { invalidOption } from '../../core/errors.js';
import { collectQueueState } from './queue-depth.js';
import { listenToQueueEvents, listenToWorker } from './task-events.js';
import type { QueueEventsLike, QueueLike, WorkerLike } from './types.js';

/** Options of {@link instrumentBullMQ}. */
export interface InstrumentBullMQOptions {
  /**
   * Queues whose depth by state (`queue_length`) and worker count (`queue_workers_active`)
   * are read from Redis at scrape time. Default: none.
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
   * Whether this process collects the queue-wide series (`queue_length`,
   * `queue_workers_active`). They describe Redis, not the process, so with many replicas
   * turn it on in one place only (one replica, or a stand-alone exporter) and off in the
   * others, or every replica exports the same depth. Default: `true`.
   */
  collectQueueState?: boolean;
}

/** A running BullMQ instrumentation. */
export interface BullMQInstrumentation {
  /** Removes every listener and collector it added and the queue-wide series it set. */
  stop(): void;
}

/**
 * Instruments real BullMQ queues and workers: queue depth by state (waiting, active,
 * delayed, prioritized, waiting-children, paused, completed, failed) and worker count read
 * at scrape time, and task totals by outcome, task durations, retries and stalled jobs from
 * worker (or `QueueEvents`) events.
 *
 * A slow or dead Redis never stalls `/metrics`: each scrape waits at most the observability
 * object's `collectTimeoutMs`, the series keep their last values, and
 * `observability_collect_errors_total{metric="queue_length"}` (and `queue_workers_active`)
 * counts the failure; once Redis is back the next scrape is fresh again.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link InstrumentBullMQOptions}.
 * @returns A handle whose `stop()` undoes it.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when a queue is given both as a worker and as `queueEvents`.
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
 *   // One collector of queue-wide series among the replicas:
 *   collectQueueState: process.env.QUEUE_METRICS_COLLECTOR === 'true',
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
  if (options.collectQueueState !== undefined && typeof options.collectQueueState !== 'boolean') {
    throw invalidOption('collectQueueState', `is ${JSON.stringify(options.collectQueueState)}`, 'true or false');
  }
  const stops: (() => void)[] = [];
  if (options.collectQueueState ?? true) {
    for (const queue of options.queues ?? []) stops.push(collectQueueState(metrics, queue));
  }
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
