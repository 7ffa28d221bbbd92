/**
 * The parts of BullMQ's classes the adapter uses, typed by shape so that the SDK does not
 * load `bullmq` and works across its versions (5 and later). Real `Queue`, `Worker` and
 * `QueueEvents` objects fit these types.
 */

/** The queue states `queue_length` reports. `paused` holds the waiting jobs of a paused queue. */
export const QUEUE_STATES = [
  'waiting',
  'active',
  'delayed',
  'prioritized',
  'waiting-children',
  'paused',
  'completed',
  'failed',
] as const;

/** One of {@link QUEUE_STATES}. */
export type QueueState = (typeof QUEUE_STATES)[number];

/** What the adapter reads from a BullMQ job. */
export interface BullJobLike {
  /** The job id; `undefined` before BullMQ assigns one. */
  readonly id?: string;
  /** The job name, recorded as its job type. */
  readonly name: string;
  /** The queue the job belongs to. */
  readonly queueName: string;
  /** When the job was added, in ms since the epoch. */
  readonly timestamp: number;
  /** When the current attempt started. */
  readonly processedOn?: number;
  /** When the job finished for good (not set while it is retried). */
  readonly finishedOn?: number;
  /** Attempts made, the one that just ended included once it ended. */
  readonly attemptsMade: number;
  /** The options the job was added with. */
  readonly opts: {
    /** Total attempts allowed, the first included. Default: `1`. */
    readonly attempts?: number;
    /** Delay before the job may first run, in ms; its queue time starts after it. Default: `0`. */
    readonly delay?: number;
  };
}

/**
 * What the lease needs of a Redis client: `SET … PX … NX` and `EVAL`, with ioredis's
 * signatures (the client a BullMQ queue holds, BullMQ 5 and 6).
 */
export interface LeaseRedis {
  /** `SET key value PX ms NX`: resolves `'OK'` when the key was free and is now set. */
  set(key: string, value: string, expiry: 'PX', ms: number, condition: 'NX'): Promise<unknown>;
  /** Runs a Lua script on `keyCount` keys followed by its arguments. */
  eval(script: string, keyCount: number, ...args: (string | number)[]): Promise<unknown>;
}

/** A BullMQ `Queue`, as the queue-depth collector reads it. */
export interface QueueLike {
  /** The queue name, the `queue` label of the series. */
  readonly name: string;
  /** Resolves to the number of jobs in each of the given states. */
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
  /** Resolves to `true` when the queue is paused (its waiting jobs are then reported as `paused`). */
  isPaused(): Promise<boolean>;
  /** Resolves to the number of workers connected to the queue. */
  getWorkersCount(): Promise<number>;
  /** BullMQ's `<prefix>:<name>`, under which the queue-state lease is kept (`<qualifiedName>:tfo:reporter`). */
  readonly qualifiedName?: string;
  /** BullMQ 5: the queue's Redis client, which keeps the queue-state lease. */
  readonly client?: Promise<unknown>;
  /** BullMQ 6: the queue's backend, whose Redis client keeps the queue-state lease. */
  getBackend?(): {
    /** The backend's Redis client. */
    readonly client?: Promise<unknown>;
  };
}

/** Event methods shared by `Worker` and `QueueEvents`. */
interface Emitter {
  // Listener parameters differ per event, so they are typed where each listener is declared.
  /** Adds `listener` for `event`. */
  on(event: string, listener: (...args: never[]) => void): unknown;
  /** Removes a listener added with `on`. */
  off(event: string, listener: (...args: never[]) => void): unknown;
}

/** A BullMQ `Worker`, as the task recorder listens to it. */
export interface WorkerLike extends Emitter {
  /** The name of the queue the worker consumes, the `queue` label of the series. */
  readonly name: string;
}

/** A BullMQ `QueueEvents`, as the task recorder listens to it. */
export interface QueueEventsLike extends Emitter {
  /** The name of the queue whose events it streams, the `queue` label of the series. */
  readonly name: string;
}
