import { type ChildProcess, spawn } from 'node:child_process';
import { createConnection, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../helpers/processes.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** Scrape rounds per measurement: in each, every replica is scraped once, as Prometheus does per interval. */
const ROUNDS = 5;

/** A replica process (`scale-out-replica.ts`) and the port of its `/metrics`. */
interface Replica {
  readonly child: ChildProcess;
  readonly port: number;
}

function startReplica(redisPort: number, leaseQueue: string, everyQueue: string): Promise<Replica> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/integration/scale-out-replica.ts')], {
    cwd: ROOT,
    env: { ...process.env, REDIS_PORT: String(redisPort), LEASE_QUEUE: leaseQueue, EVERY_QUEUE: everyQueue },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolvePort, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const line = /\{"port":(\d+)\}/.exec(out);
      if (line) resolvePort({ child, port: Number(line[1]) });
    });
    child.once('exit', (code) => reject(new Error(`replica exited (${code}) before it listened:\n${err}`)));
  });
}

async function stopReplica(replica: Replica): Promise<void> {
  if (replica.child.exitCode !== null || replica.child.pid === undefined || !processAlive(replica.child.pid)) return;
  const exited = new Promise((done) => replica.child.once('exit', done));
  process.kill(replica.child.pid, 'SIGTERM');
  await exited;
}

/**
 * Redis `MONITOR` on its own connection: every command Redis runs, Lua's included. BullMQ's
 * `getJobCounts` runs its `getCounts` script, whose `ZCARD <prefix>:<queue>:waiting-children`
 * no other call made here issues: one line per `getJobCounts`.
 */
function monitor(port: number): { socket: Socket; getJobCounts(queue: string): number } {
  const socket = createConnection({ host: '127.0.0.1', port });
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.write('MONITOR\r\n');
  return {
    socket,
    getJobCounts: (queue) =>
      text.split('\n').filter((line) => line.includes(`"ZCARD" "bull:${queue}:waiting-children"`)).length,
  };
}

/** Scrapes every replica once per round (all at once, as one Prometheus does), `ROUNDS` times. */
async function scrapeRounds(replicas: readonly Replica[]): Promise<void> {
  for (let round = 0; round < ROUNDS; round++) {
    await Promise.all(
      replicas.map(async ({ port }) => {
        const response = await fetch(`http://127.0.0.1:${port}/metrics`);
        expect(response.status).toBe(200);
        await response.text();
      }),
    );
  }
}

/** Waits until MONITOR has seen `count` reads of `queue` (its lines arrive a little after the replies). */
async function settled(read: () => number, atLeast: number): Promise<number> {
  for (let i = 0; i < 50 && read() < atLeast; i++) await new Promise((done) => setTimeout(done, 100));
  await new Promise((done) => setTimeout(done, 300));
  return read();
}

describe('Redis load of the queue-state reads: getJobCounts per scrape interval, 1 against 10 replicas', () => {
  let redis: RedisServer;
  let watch: ReturnType<typeof monitor>;
  const replicas: Replica[] = [];

  beforeAll(async () => {
    redis = await startRedis();
    watch = monitor(redis.port);
  });

  afterAll(async () => {
    await Promise.all(replicas.map(stopReplica));
    watch?.socket.destroy();
    await redis?.stop();
  });

  it(
    'stays at one getJobCounts per interval with the lease, where reading in every replica makes it ten',
    { timeout: 240_000 },
    async () => {
      const figures: Record<string, number> = {};
      for (const count of [1, 10]) {
        const lease = `load-lease-${count}`;
        const every = `load-every-${count}`;
        const started = await Promise.all(Array.from({ length: count }, () => startReplica(redis.port, lease, every)));
        replicas.push(...started);
        await scrapeRounds(started);
        figures[`lease, ${count} replicas`] = (await settled(() => watch.getJobCounts(lease), ROUNDS)) / ROUNDS;
        figures[`every replica, ${count} replicas`] =
          (await settled(() => watch.getJobCounts(every), count * ROUNDS)) / ROUNDS;
        await Promise.all(started.map(stopReplica));
      }
      console.info('getJobCounts calls per scrape interval:', figures);
      expect(figures).toEqual({
        'lease, 1 replicas': 1,
        'every replica, 1 replicas': 1,
        'lease, 10 replicas': 1,
        'every replica, 10 replicas': 10,
      });
    },
  );
});
