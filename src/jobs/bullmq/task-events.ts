import type { MetricHandles } from '../../core/handles.js';
import type { BullJobLike, QueueEventsLike, WorkerLike } from './types.js';

type TaskMetrics = Pick<
  MetricHandles,
  'queueTasksTotal' | 'queueTaskDurationSeconds' | 'queueTaskRetriesTotal' | 'queueStalledJobsTotal'
>;

/** True when the attempt that just failed ended the job (no retry scheduled). */
function failedForGood(job: BullJobLike): boolean {
  return typeof job.finishedOn === 'number' && job.finishedOn >= (job.processedOn ?? 0);
}

function observeDuration(metrics: TaskMetrics, queue: string, outcome: string, job: BullJobLike): void {
  if (typeof job.processedOn !== 'number') return;
  const end = typeof job.finishedOn === 'number' ? job.finishedOn : Date.now();
  metrics.queueTaskDurationSeconds.observe({ queue, outcome }, Math.max(0, end - job.processedOn) / 1000);
}

/**
 * Records the tasks a worker of this process runs: `queue_tasks_total{outcome}` (completed,
 * or failed once no retry is left), `queue_task_duration_seconds` per attempt (outcome
 * completed, failed or retried), `queue_task_retries_total` for each failed attempt that
 * BullMQ scheduled again, and `queue_stalled_jobs_total` for the stalled jobs this worker's
 * checker found. Each replica counts its own work; Prometheus sums them. Returns a function
 * that removes the listeners.
 */
export function listenToWorker(metrics: TaskMetrics, worker: WorkerLike): () => void {
  const queue = worker.name;
  const completed = (job: BullJobLike): void => {
    metrics.queueTasksTotal.inc({ queue, outcome: 'completed' });
    observeDuration(metrics, queue, 'completed', job);
  };
  const failed = (job: BullJobLike | undefined): void => {
    if (job !== undefined && !failedForGood(job)) {
      metrics.queueTaskRetriesTotal.inc({ queue });
      observeDuration(metrics, queue, 'retried', job);
      return;
    }
    metrics.queueTasksTotal.inc({ queue, outcome: 'failed' });
    if (job !== undefined) observeDuration(metrics, queue, 'failed', job);
  };
  const stalled = (): void => metrics.queueStalledJobsTotal.inc({ queue });
  worker.on('completed', completed);
  worker.on('failed', failed);
  worker.on('stalled', stalled);
  return () => {
    worker.off('completed', completed);
    worker.off('failed', failed);
    worker.off('stalled', stalled);
  };
}

/**
 * Records task outcomes from a queue's global event stream, for one collecting process
 * (an exporter) that runs no workers: `queue_tasks_total{outcome}` (completed; failed once no
 * retry is left) and `queue_stalled_jobs_total`. The stream carries no timings and no
 * retry marker, so durations and retries come only from workers ({@link listenToWorker}).
 * Returns a function that removes the listeners.
 */
export function listenToQueueEvents(metrics: TaskMetrics, events: QueueEventsLike): () => void {
  const queue = events.name;
  const completed = (): void => metrics.queueTasksTotal.inc({ queue, outcome: 'completed' });
  const failed = (): void => metrics.queueTasksTotal.inc({ queue, outcome: 'failed' });
  const stalled = (): void => metrics.queueStalledJobsTotal.inc({ queue });
  events.on('completed', completed);
  events.on('failed', failed);
  events.on('stalled', stalled);
  return () => {
    events.off('completed', completed);
    events.off('failed', failed);
    events.off('stalled', stalled);
  };
}
