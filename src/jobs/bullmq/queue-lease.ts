import { randomUUID } from 'node:crypto';
import { ObservabilityError } from '../../core/errors.js';
import type { LeaseRedis, QueueLike } from './types.js';

/** Extends the lease only for the holder whose token it still carries (compare and extend). */
const EXTEND = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;

/** Deletes the lease only for the holder whose token it still carries. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lease on one Redis key that one process at a time holds. */
export interface QueueLease {
  /**
   * Renews the lease when this process holds it, takes it when it is free (it lapsed or was
   * released), and resolves whether this process holds it now. A Redis error rejects and
   * counts as not holding it.
   */
  claim(): Promise<boolean>;
  /** Gives the lease up if this process holds it, so another one takes it at its next claim. */
  release(): Promise<void>;
}

/**
 * A lease on `key` that lasts `ttlMs` unless its holder renews it: the first process to
 * `claim` it holds it, renews it with each claim (a compare-and-extend script, so a holder
 * that lost it never extends another's), and once it lapses the next claimant takes it over.
 *
 * @param redis - Resolves to the Redis client the lease is kept with.
 * @param key - The Redis key of the lease.
 * @param ttlMs - How long the lease lasts without renewal, in ms.
 * @returns The lease, as held by this process.
 */
export function queueLease(redis: () => Promise<LeaseRedis>, key: string, ttlMs: number): QueueLease {
  const token = randomUUID();
  let held = false;
  return {
    async claim() {
      try {
        const client = await redis();
        if (held && Number(await client.eval(EXTEND, 1, key, token, ttlMs)) === 1) return true;
        held = (await client.set(key, token, 'PX', ttlMs, 'NX')) === 'OK';
        return held;
      } catch (error) {
        held = false;
        throw error;
      }
    },
    async release() {
      if (!held) return;
      held = false;
      await (await redis()).eval(RELEASE, 1, key, token);
    },
  };
}

/** The client, checked to offer what the lease needs (ioredis, BullMQ's default connection). */
function leaseRedis(queue: QueueLike, client: unknown): LeaseRedis {
  const candidate = client as Partial<LeaseRedis> | null;
  if (typeof candidate?.set !== 'function' || typeof candidate.eval !== 'function') {
    throw new ObservabilityError(
      'TFO_ERR_INVALID_OPTION',
      `the Redis client of queue "${queue.name}" has no set() and eval() with ioredis's signatures, so it cannot keep the queue-state lease; expected an ioredis connection (BullMQ's default), or collectQueueState: true in the one process that reports.`,
      'collectQueueState',
    );
  }
  return candidate as LeaseRedis;
}

/** The Redis client of a BullMQ queue (BullMQ 5's `client`, BullMQ 6's `getBackend().client`), if it has one. */
export function queueRedis(queue: QueueLike): (() => Promise<LeaseRedis>) | undefined {
  if (queue.client !== undefined) return async () => leaseRedis(queue, await queue.client);
  const backend = typeof queue.getBackend === 'function' ? queue.getBackend() : undefined;
  if (backend?.client === undefined) return undefined;
  return async () => leaseRedis(queue, await queue.getBackend!().client);
}

/** The Redis key of a queue's queue-state lease. */
export function leaseKey(queue: QueueLike): string {
  return `${queue.qualifiedName ?? `bull:${queue.name}`}:tfo:reporter`;
}
