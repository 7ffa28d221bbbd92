import type { MetricHandles } from '../../core/handles.js';
import { singleFlight } from '../../core/single-flight.js';
import { type QueueLike, type QueueState, QUEUE_STATES } from './types.js';

/** Reads a queue's job counts by state; the waiting jobs of a paused queue count as `paused`. */
async function readQueueDepth(queue: QueueLike): Promise<Record<QueueState, number>> {
  const [counts, paused] = await Promise.all([queue.getJobCounts(...QUEUE_STATES), queue.isPaused()]);
  const depth = {} as Record<QueueState, number>;
  for (const state of QUEUE_STATES) depth[state] = Number(counts[state] ?? 0);
  if (paused) {
    depth.paused += depth.waiting;
    depth.waiting = 0;
  }
  return depth;
}

/**
 * Adds scrape-time collectors that set `queue_length{queue,state}` and
 * `queue_workers_active{queue}` from Redis. Each read waits at most the collect timeout;
 * on an error or a timeout the series keep their last values and
 * `observability_collect_errors_total{metric}` counts it. A read still pending from an
 * earlier scrape is shared, never duplicated. Returns a function that stops collecting and
 * removes the queue's series.
 */
export function collectQueueState(
  metrics: Pick<MetricHandles, 'queueLength' | 'queueWorkersActive'>,
  queue: QueueLike,
): () => void {
  let stopped = false;
  const depth = singleFlight(async () => {
    const counts = await readQueueDepth(queue);
    if (stopped) return;
    for (const state of QUEUE_STATES) metrics.queueLength.set({ queue: queue.name, state }, counts[state]);
  });
  const workers = singleFlight(async () => {
    const count = await queue.getWorkersCount();
    if (!stopped) metrics.queueWorkersActive.set({ queue: queue.name }, count);
  });
  metrics.queueLength.addCollector(() => (stopped ? undefined : depth()));
  metrics.queueWorkersActive.addCollector(() => (stopped ? undefined : workers()));
  return () => {
    stopped = true;
    for (const state of QUEUE_STATES) metrics.queueLength.remove({ queue: queue.name, state });
    metrics.queueWorkersActive.remove({ queue: queue.name });
  };
}
