import { instrumentJobs, type Observability, type QueuedJob, runWithContext } from '@transcode-flow/observability';
import {
  type JobProcessor,
  type JobQueue,
  type JobSettled,
  QueueClosedError,
  type TranscodeJobData,
} from './job-queue.js';

/** Options of {@link createMemoryQueue}. */
export interface MemoryQueueOptions {
  /** The `queue` label. */
  readonly name: string;
  /** Jobs run at once. */
  readonly concurrency: number;
  /** Longest job in ms. */
  readonly timeoutMs: number;
}

interface Waiting {
  readonly data: TranscodeJobData;
  readonly handle: QueuedJob;
}

/**
 * An in-process FIFO queue on the SDK's job wrapper (`instrumentJobs`): `jobs_queued` and
 * `jobs_processing` follow it, each run records the job lifecycle and logs with `job_id`.
 * On drain, the running jobs finish (after the timeout they are aborted) and the jobs still
 * waiting are cancelled at once, without starting: an in-memory queue cannot keep them past
 * the exit.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - Queue name, concurrency and job timeout.
 * @returns The queue.
 * @example
 * ```ts
 * const queue = createMemoryQueue(observability, { name: 'transcode', concurrency: 2, timeoutMs: 600_000 });
 * await queue.start(process, settled);
 * await queue.add({ jobId: 'abc123', source: '/data/in.mp4' });
 * ```
 */
export function createMemoryQueue(observability: Observability, options: MemoryQueueOptions): JobQueue {
  const jobs = instrumentJobs(observability);
  const waiting: Waiting[] = [];
  const running = new Set<Promise<void>>();
  const abort = new AbortController();
  let processor: JobProcessor | undefined;
  let onSettled: JobSettled | undefined;
  let closed = false;
  let idle: (() => void) | undefined;

  const runOne = async ({ data, handle }: Waiting): Promise<void> => {
    let failure: unknown;
    try {
      await handle.run(({ signal }) => processor!(data, signal), {
        signal: abort.signal,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      failure = error;
    }
    await onSettled!(data, failure);
  };

  const pump = (): void => {
    while (processor !== undefined && running.size < options.concurrency && waiting.length > 0) {
      const next = waiting.shift()!;
      // A fresh logging context: the job's lines carry its own job_id, not the fields of
      // whatever request or job happened to free the slot.
      const task = runWithContext({}, () => runOne(next)).finally(() => {
        running.delete(task);
        pump();
      });
      running.add(task);
    }
    if (running.size === 0 && waiting.length === 0) idle?.();
  };

  return {
    kind: 'memory',
    async add(data) {
      if (closed) throw new QueueClosedError();
      const handle = jobs.enqueue({ id: data.jobId, queue: options.name, type: 'transcode' });
      waiting.push({ data, handle });
      pump();
    },
    async start(process, settled) {
      processor = process;
      onSettled = settled;
      pump();
    },
    async drain(timeoutMs) {
      closed = true;
      // Only the running jobs finish. An in-memory queue cannot keep the waiting ones past the
      // exit, so they are cancelled now, without starting (their webhooks say so).
      const left = waiting.splice(0);
      const cancelled = Promise.all(
        left.map(async ({ data, handle }) => {
          const reason = new QueueClosedError('the service stopped before this job started; submit it again');
          handle.cancel(reason);
          await onSettled?.(data, reason);
        }),
      );
      const done = new Promise<void>((resolve) => (idle = resolve));
      pump();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const outcome = await Promise.race([done, timedOut]);
      clearTimeout(timer);
      if (outcome === 'timeout') {
        abort.abort(new QueueClosedError());
        await Promise.allSettled([...running]);
      }
      await cancelled;
    },
  };
}
