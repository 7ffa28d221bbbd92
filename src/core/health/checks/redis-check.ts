import { invalidOption } from '../../errors.js';
import type { HealthCheck } from '../health-checks.js';

/** A Redis client that can PING: ioredis, node-redis (v4+) and BullMQ's `await queue.client` all fit. */
export interface RedisPingClient {
  /** Sends PING; resolves with `'PONG'` (a string or a Buffer) while Redis answers. */
  ping(): unknown;
}

/** Options of {@link redisHealthCheck}. */
export interface RedisHealthCheckOptions {
  /** The client, or a function returning it (or a promise of it, as BullMQ's `() => queue.client`). Required. */
  readonly client: RedisPingClient | (() => RedisPingClient | Promise<RedisPingClient>);
  /** Longest the PING may take, in ms. Default: `healthTimeoutMs` of the adapter (2000). */
  readonly timeoutMs?: number;
  /** Whether a failure makes `/health/detailed` answer 503 (see `HealthCheck.required`). Default: `true`. */
  readonly required?: boolean;
}

/**
 * A `/health/detailed` check that Redis answers PING through the service's own client (no
 * new connection). It fails when the PING rejects, answers something other than `PONG`, or
 * takes longer than the check's timeout. A client that queues commands while disconnected
 * (ioredis' default) makes a down Redis show as "timed out"; concurrent requests never add a
 * PING while one is pending.
 *
 * Options: `client` (required), `timeoutMs` (default the adapter's `healthTimeoutMs`),
 * `required` (default `true`).
 *
 * @param options - See {@link RedisHealthCheckOptions}.
 * @returns A check for the `healthChecks` option.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when `client` is missing.
 * @example
 * ```ts
 * import { Redis } from 'ioredis';
 * import { createObservability, redisHealthCheck } from '@transcode-flow/observability';
 * import { expressObservability } from '@transcode-flow/observability/express';
 *
 * const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const middleware = expressObservability(observability, {
 *   healthChecks: { redis: redisHealthCheck({ client: redis, timeoutMs: 1000 }) },
 * });
 * ```
 */
export function redisHealthCheck(options: RedisHealthCheckOptions): HealthCheck {
  const client = (options as Partial<RedisHealthCheckOptions> | null)?.client;
  const pingable = (value: unknown): value is RedisPingClient =>
    typeof value === 'object' && value !== null && typeof (value as RedisPingClient).ping === 'function';
  if (typeof client !== 'function' && !pingable(client)) {
    throw invalidOption('redisHealthCheck.client', 'has no ping()', 'a Redis client, or a function returning one');
  }
  const check = async (): Promise<void> => {
    const resolved: unknown = typeof client === 'function' ? await client() : client;
    if (!pingable(resolved)) throw new Error('the Redis client given to redisHealthCheck has no ping()');
    const reply: unknown = await resolved.ping();
    const text = Buffer.isBuffer(reply) ? reply.toString() : reply;
    if (typeof text !== 'string' || text.toUpperCase() !== 'PONG') {
      throw new Error(`Redis answered PING with ${typeof text === 'string' ? JSON.stringify(text) : typeof text}`);
    }
  };
  return {
    check,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.required !== undefined && { required: options.required }),
  };
}
