import type { Observability } from '../core/observability.js';
import { ObservabilityError } from '../core/errors.js';
import { durationMs } from '../core/option-checks.js';
import { withContext, withLoggerContext } from '../logging/context.js';
import { errorReason } from '../integrations/time-operation.js';

/** What identifies a job in metrics and logs. */
export interface JobInfo {
  /** The job id: a log-context field (`job_id`), never a label. */
  readonly id: string;
  /** The `queue` label. */
  readonly queue: string;
  /** The `job_type` label (`transcode`, `thumbnail`, …); keep it to a bounded set. */
  readonly type: string;
}

/** What the job function receives. */
export interface JobContext {
  /** Aborts when the job is cancelled or times out: pass it on to fetch, ffmpeg, streams. */
  readonly signal: AbortSignal;
  /** This attempt's number, 1 for the first. */
  readonly attempt: number;
  /** The job being run. */
  readonly job: JobInfo;
}

/** A job function, sync or async. */
export type JobFunction<T> = (context: JobContext) => T | PromiseLike<T>;

/** Options of one run (one attempt) of a job. */
export interface JobRunOptions {
  /** This attempt's number, 1 for the first; an attempt above 1 counts a retry. Default: `1`. */
  attempt?: number;
  /** Attempts the job may make; a failure before the last one is counted as `retrying`, not `failed`. Default: `1`. */
  maxAttempts?: number;
  /** When the job entered the queue (ms since the epoch, or a Date); the queue wait is observed from it. Default: no queue wait observed. */
  enqueuedAt?: number | Date;
  /** Cancels the job: the run rejects with the signal's reason and counts as `cancelled`. Default: none. */
  signal?: AbortSignal;
  /**
   * Longest run in ms, from 1 to 2^31-1 (about 24.8 days, the longest a Node timer waits); past
   * it the job's signal aborts, the run rejects with `TFO_ERR_JOB_TIMEOUT` and fails with reason
   * `timeout`. Any other value (`0`, negative, `NaN`, `Infinity`, not a number, longer) rejects
   * with `TFO_ERR_INVALID_OPTION` before the job runs or is counted. Default: none.
   */
  timeoutMs?: number;
}

/** Options of {@link instrumentJobs}. */
export interface JobInstrumentationOptions {
  /** Maps a failure to the bounded `reason` label of `jobs_failed_total`. Default: the error's `code`, else its class name. */
  failureReason?: (error: unknown) => string;
}

/** The job states a {@link QueuedJob} goes through. */
export type QueuedJobState = 'queued' | 'processing' | 'completed' | 'failed' | 'cancelled';

/** A job in an in-process queue; it holds its place in `jobs_queued` until it runs or is cancelled. */
export interface QueuedJob {
  /** The job. */
  readonly job: JobInfo;
  /** Where the job is now; after a failed attempt with attempts left it is `queued` again. */
  readonly state: QueuedJobState;
  /** The attempt the next (or current) run makes. */
  readonly attempt: number;
  /** Runs the job's next attempt (see {@link JobInstrumentation.run}); rejects with `TFO_ERR_JOB_STATE` unless `queued`. */
  run<T>(fn: JobFunction<T>, options?: Pick<JobRunOptions, 'signal' | 'timeoutMs'>): Promise<T>;
  /** Cancels the job: a queued job leaves the queue, a running one has its signal aborted. No-op once finished. */
  cancel(reason?: unknown): void;
}

/** The job lifecycle recorder. */
export interface JobInstrumentation {
  /**
   * Counts a job created and put on an in-process queue (`created`, `queued`,
   * `jobs_queued` + 1) and returns its handle.
   */
  enqueue(job: JobInfo, options?: { maxAttempts?: number }): QueuedJob;
  /**
   * Counts a job created and handed to a queue that another process consumes (BullMQ,
   * SQS…): `created` and `queued` only, since `jobs_queued` of this process would never come
   * down. The broker's depth is `queue_length` (see `instrumentBullMQ`).
   */
  submit(job: JobInfo): void;
  /**
   * Runs one attempt of a job inside a log context (`job_id`, `queue`, `job_type`,
   * `attempt`) and records `processing`, then `completed`, `failed`, `cancelled` or (when
   * attempts are left) `retrying`, with the processing time, the queue wait and retries.
   * `jobs_processing` is back to its earlier value on every path. Resolves or rejects like
   * `fn`; a cancellation or timeout rejects at once, without waiting for `fn`.
   */
  run<T>(job: JobInfo, fn: JobFunction<T>, options?: JobRunOptions): Promise<T>;
}

type Ending = 'completed' | 'failed' | 'cancelled' | 'retrying';

/** Checks a job's `timeoutMs` (see {@link JobRunOptions.timeoutMs}); throws `TFO_ERR_INVALID_OPTION` naming it. */
export function checkJobTimeout(value: unknown): number | undefined {
  return value === undefined ? undefined : durationMs('timeoutMs', value, 0);
}

function toMillis(value: number | Date): number {
  return typeof value === 'number' ? value : value.getTime();
}

/**
 * The job lifecycle metrics: `job_status_transitions_total{status}` for every state entered
 * (created, queued, processing, completed, failed, cancelled), the per-state counters,
 * `jobs_queued` and `jobs_processing`, `job_queue_time_seconds` from the enqueue time,
 * `job_processing_duration_seconds` by final status and `job_retries_total`, all by `queue`
 * and `job_type`. Each run sets the logging context (see `withContext`).
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link JobInstrumentationOptions}.
 * @example
 * ```ts
 * import { createObservability, instrumentJobs } from '@transcode-flow/observability';
 *
 * const observability = createObservability({ groups: ['jobs'] });
 * const jobs = instrumentJobs(observability);
 *
 * const queued = jobs.enqueue({ id: 'abc123', queue: 'transcode', type: 'video' });
 * const output = await queued.run(
 *   async ({ signal, attempt }) => {
 *     signal.throwIfAborted();
 *     return `/renditions/abc123-720p.mp4 (attempt ${attempt})`;
 *   },
 *   { timeoutMs: 60_000 },
 * );
 * ```
 */
export function instrumentJobs(
  observability: Pick<Observability, 'metrics'> & Partial<Pick<Observability, 'logger'>>,
  options: JobInstrumentationOptions = {},
): JobInstrumentation {
  const { metrics, logger } = observability;
  // A job's lines are written as its observability object's, whichever object was created last.
  const inContext = <R>(fields: Readonly<Record<string, unknown>>, fn: () => R): R =>
    logger === undefined ? withContext(fields, fn) : withLoggerContext(logger, fields, fn);
  const failureReason = options.failureReason ?? errorReason;

  const entered = (job: JobInfo, status: string): void =>
    metrics.jobStatusTransitionsTotal.inc({ queue: job.queue, job_type: job.type, status });

  const created = (job: JobInfo): void => {
    const labels = { queue: job.queue, job_type: job.type };
    metrics.jobsCreatedTotal.inc(labels);
    entered(job, 'created');
    entered(job, 'queued');
  };

  const end = (job: JobInfo, ending: Ending, seconds: number, error?: unknown): void => {
    const labels = { queue: job.queue, job_type: job.type };
    metrics.jobProcessingDurationSeconds.observe({ ...labels, status: ending }, seconds);
    if (ending === 'completed') metrics.jobsCompletedTotal.inc(labels);
    else if (ending === 'cancelled') metrics.jobsCancelledTotal.inc(labels);
    else if (ending === 'failed') {
      const reason =
        error instanceof ObservabilityError && error.code === 'TFO_ERR_JOB_TIMEOUT' ? 'timeout' : safeReason(error);
      metrics.jobsFailedTotal.inc({ ...labels, reason });
    }
    entered(job, ending === 'retrying' ? 'queued' : ending);
  };

  const safeReason = (error: unknown): string => {
    try {
      return failureReason(error);
    } catch {
      return 'error';
    }
  };

  async function run<T>(job: JobInfo, fn: JobFunction<T>, runOptions: JobRunOptions = {}): Promise<T> {
    const timeoutMs = checkJobTimeout(runOptions.timeoutMs);
    const attempt = runOptions.attempt ?? 1;
    const maxAttempts = runOptions.maxAttempts ?? 1;
    const labels = { queue: job.queue, job_type: job.type };
    const controller = new AbortController();
    const timeoutError = new ObservabilityError(
      'TFO_ERR_JOB_TIMEOUT',
      `job ${job.id} (${job.type}) of queue ${job.queue} did not finish within timeoutMs (${timeoutMs} ms); expected it to settle in time. Its signal was aborted so it can stop; raise timeoutMs if the job needs longer.`,
      'timeoutMs',
    );
    const onAbort = (): void => controller.abort(runOptions.signal?.reason);
    runOptions.signal?.addEventListener('abort', onAbort, { once: true });
    if (runOptions.signal?.aborted) onAbort();
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => controller.abort(timeoutError), timeoutMs);

    if (attempt > 1) metrics.jobRetriesTotal.inc(labels);
    if (runOptions.enqueuedAt !== undefined) {
      metrics.jobQueueTimeSeconds.observe(labels, Math.max(0, (Date.now() - toMillis(runOptions.enqueuedAt)) / 1000));
    }
    entered(job, 'processing');
    metrics.jobsProcessing.inc(labels);
    const start = process.hrtime.bigint();
    const seconds = (): number => Number(process.hrtime.bigint() - start) / 1e9;
    try {
      controller.signal.throwIfAborted();
      const context: JobContext = { signal: controller.signal, attempt, job };
      const fields = { job_id: job.id, queue: job.queue, job_type: job.type, attempt };
      const work = new Promise<T>((resolve) => resolve(inContext(fields, () => fn(context))));
      // Once cancelled, the run settles at once; a late rejection of `fn` must not go unhandled.
      work.catch(() => {});
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      const value = await Promise.race([work, aborted]);
      end(job, 'completed', seconds());
      return value;
    } catch (error) {
      const cancelled = controller.signal.aborted && controller.signal.reason !== timeoutError;
      const ending: Ending = cancelled ? 'cancelled' : attempt < maxAttempts ? 'retrying' : 'failed';
      end(job, ending, seconds(), error);
      throw error;
    } finally {
      metrics.jobsProcessing.dec(labels);
      if (timer) clearTimeout(timer);
      runOptions.signal?.removeEventListener('abort', onAbort);
    }
  }

  return {
    enqueue(job, enqueueOptions = {}) {
      created(job);
      const labels = { queue: job.queue, job_type: job.type };
      metrics.jobsQueued.inc(labels);
      const maxAttempts = enqueueOptions.maxAttempts ?? 1;
      let state: QueuedJobState = 'queued';
      let attempt = 1;
      let enqueuedAt = Date.now();
      let current: AbortController | undefined;
      return {
        job,
        get state() {
          return state;
        },
        get attempt() {
          return attempt;
        },
        async run(fn, runOptions = {}) {
          checkJobTimeout(runOptions.timeoutMs);
          if (state !== 'queued') {
            throw new ObservabilityError(
              'TFO_ERR_JOB_STATE',
              `job ${job.id} of queue ${job.queue} was asked to run while ${state}; expected a queued job. Run each attempt once, after the previous one settled.`,
            );
          }
          state = 'processing';
          metrics.jobsQueued.dec(labels);
          current = new AbortController();
          const signal = runOptions.signal ? AbortSignal.any([runOptions.signal, current.signal]) : current.signal;
          try {
            const value = await run(job, fn, { ...runOptions, signal, attempt, maxAttempts, enqueuedAt });
            state = 'completed';
            return value;
          } catch (error) {
            if (signal.aborted && signal.reason === error) state = 'cancelled';
            else if (attempt < maxAttempts) {
              state = 'queued';
              attempt++;
              enqueuedAt = Date.now();
              metrics.jobsQueued.inc(labels);
            } else state = 'failed';
            throw error;
          } finally {
            current = undefined;
          }
        },
        cancel(reason) {
          if (state === 'processing') return current?.abort(reason);
          if (state !== 'queued') return;
          state = 'cancelled';
          metrics.jobsQueued.dec(labels);
          metrics.jobsCancelledTotal.inc(labels);
          entered(job, 'cancelled');
        },
      };
    },
    submit: created,
    run,
  };
}
