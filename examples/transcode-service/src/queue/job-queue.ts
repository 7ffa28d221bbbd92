/** What a queued transcode job carries. */
export interface TranscodeJobData {
  readonly jobId: string;
  /** Absolute path of the source file. */
  readonly source: string;
  /** Fingerprint of the API key that submitted it (see `ownerOf`). */
  readonly owner: string;
  /** Where to send the completion webhook. */
  readonly webhookUrl?: string;
}

/** Runs one job; the signal aborts when the job is cancelled, times out or shutdown gives up waiting. */
export type JobProcessor = (data: TranscodeJobData, signal: AbortSignal) => Promise<void>;

/** Called once a job has finished for good (completed, failed on its last attempt, or cancelled). */
export type JobSettled = (data: TranscodeJobData, error: unknown) => Promise<void>;

/** The queue behind `POST /jobs`: in memory by default, BullMQ when `REDIS_URL` is set. */
export interface JobQueue {
  /** `memory` or `bullmq`. */
  readonly kind: 'memory' | 'bullmq';
  /** Accepts a job; rejects once {@link JobQueue.drain} has started. */
  add(data: TranscodeJobData): Promise<void>;
  /** Starts the workers with the job function and the settle callback. */
  start(process: JobProcessor, settled: JobSettled): Promise<void>;
  /**
   * Stops taking new jobs and waits for the running ones (and their settle callbacks); after
   * `timeoutMs`, aborts them and waits for them to stop. Queued jobs never start: BullMQ
   * leaves them in Redis for the next start, the in-memory queue cancels them.
   */
  drain(timeoutMs: number): Promise<void>;
  /** The Redis client of the queue's backend (for the readiness check's PING), when it has one. */
  readonly redis?: () => Promise<{ ping(): unknown }>;
}

/** Thrown by {@link JobQueue.add} during shutdown. */
export class QueueClosedError extends Error {
  /** The job's error code when shutdown cancelled it. */
  readonly code = 'shutting_down';

  constructor(message = 'the service is shutting down and accepts no new jobs') {
    super(message);
    this.name = 'QueueClosedError';
  }
}
