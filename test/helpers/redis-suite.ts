import { afterAll, beforeAll } from 'vitest';
import { type RedisServer, startRedis } from './redis.js';

/** A real redis-server for one test file, and what the file's BullMQ objects need of it. */
export interface RedisSuite {
  /** The server (started in `beforeAll`). */
  readonly redis: RedisServer;
  /** Closers of the queues, workers and observability objects the file made, run in reverse in `afterAll`. */
  readonly closers: (() => Promise<unknown>)[];
  /** Connection options for BullMQ (no retry limit, as BullMQ's workers require). */
  connection(): { host: string; port: number; maxRetriesPerRequest: null };
}

/**
 * Starts a real redis-server before the file's tests and, after them, brings it back if a test
 * left it down (BullMQ's `close()` waits for Redis), runs the closers, and stops it by its pid.
 */
export function useRedis(): RedisSuite {
  let server: RedisServer | undefined;
  const closers: (() => Promise<unknown>)[] = [];
  beforeAll(async () => {
    server = await startRedis();
  });
  afterAll(async () => {
    if (server && !server.running) await server.restart();
    for (const close of closers.reverse()) await close().catch(() => {});
    await server?.stop();
  });
  const suite: RedisSuite = {
    get redis(): RedisServer {
      if (server === undefined) throw new Error('redis-server is not started yet (use it inside a test or hook)');
      return server;
    },
    closers,
    connection: () => ({ host: suite.redis.host, port: suite.redis.port, maxRetriesPerRequest: null }),
  };
  return suite;
}
