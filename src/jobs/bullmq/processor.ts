import type { Observability } from '../../core/observability.js';
import { checkJobTimeout, instrumentJobs, type JobInstrumentationOptions } from '../job-wrapper.js';
import type { BullJobLike } from './types.js';

/** A BullMQ processor function (`bullmq`'s `Processor`). */
export type BullProcessor<J extends BullJobLike, R> = (job: J, token?: string, signal?: AbortSignal) => Promise<R>;

/** Options of {@link instrumentProcessor}. */
export interface InstrumentProcessorOptions extends JobInstrumentationOptions {
  /** Longest attempt in ms, from 1 to 2^31-1; past it the processor's signal aborts and the attempt fails with `TFO_ERR_JOB_TIMEOUT`. Default: none. */
  timeoutMs?: number;
}

/**
 * Wraps a BullMQ processor with the job wrapper (`instrumentJobs().run`): each attempt
 * records the job lifecycle (`jobs_*`, `job_processing_duration_seconds`, `job_retries_total`,
 * and on the first attempt `job_queue_time_seconds` from when the job was added, its delay
 * excluded) by `queue` and `job_type` (the job's name), inside a log context with `job_id`,
 * `queue`, `job_type` and `attempt`. The processor gets a signal that aborts on BullMQ's own
 * cancellation or on `timeoutMs`.
 *
 * @param observability - The object from `createObservability()`.
 * @param processor - Your processor.
 * @param options - See {@link InstrumentProcessorOptions}.
 * @returns A processor to pass to `new Worker(name, …)`.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when `timeoutMs` is not a number of milliseconds from 1 to 2^31-1.
 * @example
 * ```ts
 * import { Worker, type Job } from 'bullmq';
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentProcessor } from '@transcode-flow/observability/bullmq';
 *
 * const observability = createObservability({ groups: ['jobs', 'queue_workers'] });
 * const processor = instrumentProcessor(
 *   observability,
 *   async (job: Job<{ source: string }>, _token, signal) => {
 *     signal?.throwIfAborted();
 *     return { output: `${job.data.source}.720p.mp4` };
 *   },
 *   { timeoutMs: 10 * 60_000 },
 * );
 * const worker = new Worker('transcode', processor, { connection: { host: '127.0.0.1', port: 6379 } });
 * ```
 */
export function instrumentProcessor<J extends BullJobLike, R>(
  observability: Pick<Observability, 'metrics'>,
  processor: BullProcessor<J, R>,
  options: InstrumentProcessorOptions = {},
): BullProcessor<J, R> {
  const timeoutMs = checkJobTimeout(options.timeoutMs);
  const jobs = instrumentJobs(observability, options);
  return (job, token, signal) => {
    const attempt = job.attemptsMade + 1;
    return jobs.run(
      { id: String(job.id ?? ''), queue: job.queueName, type: job.name },
      (context) => processor(job, token, context.signal),
      {
        attempt,
        maxAttempts: job.opts.attempts ?? 1,
        enqueuedAt: attempt === 1 ? job.timestamp + (job.opts.delay ?? 0) : undefined,
        signal,
        timeoutMs,
      },
    );
  };
}
