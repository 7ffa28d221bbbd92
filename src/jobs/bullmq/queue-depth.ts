import type { MetricHandles } from '../../core/handles.js';
import { singleFlight } from '../../core/single-flight.js';
import type { QueueLease } from './queue-lease.js';
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
 * Reads a queue's depth by state into `queue_length` and its worker count into
 * `queue_workers_active` at scrape time, each read single-flight (a scrape that finds one in
 * progress joins it). With a `lease`, the process reads only while it holds the lease (one
 * claim per scrape, shared by both metrics); a process that does not hold it, or loses it,
 * exports neither series, so one process at a time reports the queue's shared state. A claim
 * that fails (Redis unreachable) counts as a failed read: the series keep their last values.
 *
 * @returns A function that stops the collection, removes the series and releases the lease.
 */
export function collectQueueState(
  metrics: Pick<MetricHandles, 'queueLength' | 'queueWorkersActive'>,
  queue: QueueLike,
  lease?: QueueLease,
): () => void {
  let stopped = false;
  const removeDepth = (): void => {
    for (const state of QUEUE_STATES) metrics.queueLength.remove({ queue: queue.name, state });
  };
  const removeWorkers = (): void => metrics.queueWorkersActive.remove({ queue: queue.name });
  // One claim serves both metrics of a scrape: callers arriving while it is in flight share it.
  // A claim that fails (Redis down) rejects like any read: the series keep their last values.
  let claiming: Promise<boolean> | undefined;
  const holding = async (): Promise<boolean> => {
    if (lease === undefined) return true;
    claiming ??= lease.claim().finally(() => (claiming = undefined));
    return claiming;
  };
  const depth = singleFlight(async () => {
    if (!(await holding())) return removeDepth();
    const counts = await readQueueDepth(queue);
    if (stopped) return;
    for (const state of QUEUE_STATES) metrics.queueLength.set({ queue: queue.name, state }, counts[state]);
  });
  const workers = singleFlight(async () => {
    if (!(await holding())) return removeWorkers();
    const count = await queue.getWorkersCount();
    if (!stopped) metrics.queueWorkersActive.set({ queue: queue.name }, count);
  });
  metrics.queueLength.addCollector(() => (stopped ? undefined : depth()));
  metrics.queueWorkersActive.addCollector(() => (stopped ? undefined : workers()));
  return () => {
    stopped = true;
    removeDepth();
    removeWorkers();
    lease?.release().catch(() => {});
  };
}
