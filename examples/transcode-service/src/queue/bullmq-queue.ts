import { type Job, Queue, Worker } from 'bullmq';
import { getLogger, type Observability } from '@transcode-flow/observability';
import {
  type BullMQInstrumentation,
  instrumentBullMQ,
  instrumentProcessor,
} from '@transcode-flow/observability/bullmq';
import {
  type JobProcessor,
  type JobQueue,
  type JobSettled,
  QueueClosedError,
  type TranscodeJobData,
} from './job-queue.js';

/** Options of {@link createBullMQQueue}. */
export interface BullMQQueueOptions {
  /** The BullMQ queue name (and `queue` label). */
  readonly name: string;
  /** `redis://[user:password@]host:port[/db]`. */
  readonly redisUrl: string;
  /** Jobs this process runs at once. */
  readonly concurrency: number;
  /** Longest job in ms. */
  readonly timeoutMs: number;
  /** How long the queue-state lease lasts without renewal, in ms (see `instrumentBullMQ`). */
  readonly queueStateLeaseMs?: number;
}

const CLOSE_GRACE_MS = 2000;

/** Resolves with `'done'` when `promise` settles, or `'timeout'` after `ms`. */
async function settleWithin(promise: Promise<unknown>, ms: number): Promise<'done' | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const done = promise.then(
    () => 'done' as const,
    () => 'done' as const,
  );
  try {
    return await Promise.race([done, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** BullMQ connection options from a Redis URL (`maxRetriesPerRequest: null`, as BullMQ workers require). */
function connectionOf(redisUrl: string): {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db?: number;
  tls?: object;
  maxRetriesPerRequest: null;
} {
  const url = new URL(redisUrl);
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') {
    throw new Error(`REDIS_URL must start with redis:// or rediss://, got ${url.protocol}`);
  }
  const db = url.pathname.replace(/^\//, '');
  return {
    host: url.hostname || '127.0.0.1',
    port: url.port === '' ? 6379 : Number(url.port),
    ...(url.username !== '' && { username: decodeURIComponent(url.username) }),
    ...(url.password !== '' && { password: decodeURIComponent(url.password) }),
    ...(db !== '' && { db: Number(db) }),
    ...(url.protocol === 'rediss:' && { tls: {} }),
    maxRetriesPerRequest: null,
  };
}

/**
 * A BullMQ queue and worker in this process, instrumented with `instrumentBullMQ` (queue
 * depth, workers, task totals and durations) and `instrumentProcessor` (the `jobs_*`
 * lifecycle and the `job_id` log context). Jobs wait in Redis, so a job accepted before a
 * restart still runs after it. On drain the worker stops fetching and finishes its running
 * jobs (queued ones stay in Redis); after the timeout the running ones are aborted, and each
 * close is bounded, so a Redis outage cannot hang the shutdown.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - Queue name, Redis URL, concurrency and job timeout.
 * @returns The queue.
 * @example
 * ```ts
 * const queue = createBullMQQueue(observability, {
 *   name: 'transcode', redisUrl: 'redis://127.0.0.1:6379', concurrency: 2, timeoutMs: 600_000,
 * });
 * ```
 */
export function createBullMQQueue(observability: Observability, options: BullMQQueueOptions): JobQueue {
  const log = getLogger('transcode-service.queue');
  const connection = connectionOf(options.redisUrl);
  const queue = new Queue<TranscodeJobData>(options.name, { connection });
  queue.on('error', (error) => log.error({ err: error }, 'BullMQ queue error'));
  const abort = new AbortController();
  let worker: Worker<TranscodeJobData> | undefined;
  let instrumentation: BullMQInstrumentation | undefined;
  const running = new Set<Promise<void>>();
  let closed = false;

  return {
    kind: 'bullmq',
    async add(data) {
      if (closed) throw new QueueClosedError();
      await queue.add('transcode', data, {
        jobId: data.jobId,
        attempts: 1,
        removeOnComplete: 1000,
        removeOnFail: 1000,
      });
    },
    async start(process: JobProcessor, settled: JobSettled) {
      const instrumented = instrumentProcessor(
        observability,
        (job: Job<TranscodeJobData>, _token, signal) => process(job.data, signal ?? abort.signal),
        { timeoutMs: options.timeoutMs },
      );
      const processor = async (job: Job<TranscodeJobData>, token?: string, signal?: AbortSignal): Promise<void> => {
        const combined = signal === undefined ? abort.signal : AbortSignal.any([signal, abort.signal]);
        const task = (async () => {
          try {
            await instrumented(job, token, combined);
          } catch (error) {
            await settled(job.data, error);
            throw error;
          }
          await settled(job.data, undefined);
        })();
        running.add(task);
        try {
          await task;
        } finally {
          running.delete(task);
        }
      };
      worker = new Worker<TranscodeJobData>(options.name, processor, {
        connection,
        concurrency: options.concurrency,
      });
      worker.on('error', (error) => log.error({ err: error }, 'BullMQ worker error'));
      // Every replica runs this; the Redis lease (the default) lets one at a time report the queue's depth and workers.
      instrumentation = instrumentBullMQ(observability, {
        queues: [queue],
        workers: [worker],
        ...(options.queueStateLeaseMs === undefined ? {} : { queueStateLeaseMs: options.queueStateLeaseMs }),
      });
      await worker.waitUntilReady();
    },
    async drain(timeoutMs) {
      closed = true;
      // close() stops fetching at once; its promise can hang after a Redis reconnection
      // (BullMQ 6), so the wait is on this process's own running jobs, then bounded.
      const closing = worker?.close() ?? Promise.resolve();
      closing.catch((error: unknown) => log.warning({ err: error }, 'BullMQ worker close failed'));
      if ((await settleWithin(Promise.allSettled([...running]), timeoutMs)) === 'timeout') {
        abort.abort(new QueueClosedError());
        await Promise.allSettled([...running]);
      }
      if ((await settleWithin(closing, CLOSE_GRACE_MS)) === 'timeout') {
        log.warning('BullMQ worker did not close in time; disconnecting');
        await settleWithin(worker?.close(true) ?? Promise.resolve(), CLOSE_GRACE_MS);
      }
      instrumentation?.stop();
      if ((await settleWithin(queue.close(), CLOSE_GRACE_MS)) === 'timeout') await queue.disconnect();
    },
    // BullMQ's own connection (ioredis behind BullMQ's client adapter, which forwards PING): the readiness check adds none.
    redis: async () => (await queue.getBackend().client) as unknown as { ping(): Promise<unknown> },
  };
}
