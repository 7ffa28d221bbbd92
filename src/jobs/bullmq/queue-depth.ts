import type { MetricHandles } from '../../core/handles.js';
import { singleFlight } from '../../core/single-flight.js';
import { queueKeys, readOldestWaitingAge } from './oldest-waiting.js';
import type { QueueLease } from './queue-lease.js';
import { type LeaseRedis, type QueueLike, type QueueState, QUEUE_STATES } from './types.js';

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
 * claim per scrape, shared by the metrics); a process that does not hold it, or loses it,
 * exports none of the series, so one process at a time reports the queue's shared state. A
 * claim that fails (Redis unreachable) counts as a failed read: the depth and worker series
 * keep their last values.
 *
 * With the queue's `redis` client, it also reads the age of the oldest waiting job into
 * `queue_oldest_waiting_job_age_seconds`. An age cannot keep a last value without lying (it
 * grows while nobody reads it, or the job has run since), so each scrape removes the series
 * first and sets it only from a read that answers within the collect timeout: while Redis is
 * down or slow, the series is absent and the failure counted.
 *
 * @returns A function that stops the collection, removes the series and releases the lease.
 */
export function collectQueueState(
  metrics: Pick<MetricHandles, 'queueLength' | 'queueWorkersActive' | 'queueOldestWaitingJobAgeSeconds'>,
  queue: QueueLike,
  lease?: QueueLease,
  redis?: () => Promise<LeaseRedis>,
): () => void {
  let stopped = false;
  const removeDepth = (): void => {
    for (const state of QUEUE_STATES) metrics.queueLength.remove({ queue: queue.name, state });
  };
  const removeWorkers = (): void => metrics.queueWorkersActive.remove({ queue: queue.name });
  const removeAge = (): void => metrics.queueOldestWaitingJobAgeSeconds.remove({ queue: queue.name });
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
  if (redis !== undefined) {
    const keys = queueKeys(queue.qualifiedName ?? `bull:${queue.name}`);
    const age = singleFlight(async () => {
      if (!(await holding())) return;
      const seconds = await readOldestWaitingAge(await redis(), keys);
      if (!stopped) metrics.queueOldestWaitingJobAgeSeconds.set({ queue: queue.name }, seconds);
    });
    metrics.queueOldestWaitingJobAgeSeconds.addCollector(() => {
      if (stopped) return undefined;
      // No read of this scrape has answered yet: until one does, there is no true value.
      removeAge();
      return age();
    });
  }
  return () => {
    stopped = true;
    removeDepth();
    removeWorkers();
    removeAge();
    lease?.release().catch(() => {});
  };
}
