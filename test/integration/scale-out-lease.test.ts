import { Queue, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { instrumentBullMQ, type BullMQInstrumentation } from '../../src/entries/bullmq.js';
import { parseExposition, sampleValue, type Sample } from '../helpers/exposition.js';
import { useRedis } from '../helpers/redis-suite.js';
import { waitUntil } from '../helpers/wait.js';
import { leaseKey } from '../../src/jobs/bullmq/queue-lease.js';

const suite = useRedis();
const closers = suite.closers;
const connection = suite.connection;

/** One replica: its own observability object, its own Queue (connection, lease token) and worker. */
interface Replica {
  readonly observability: Observability;
  readonly queue: Queue;
  readonly instrumentation: BullMQInstrumentation;
  scrape(): Promise<Sample[]>;
}

function replica(name: string, options: { leaseMs?: number; worker?: boolean } = {}): Replica {
  const observability = createObservability({ groups: 'all', defaultMetrics: false });
  const queue = new Queue(name, { connection: connection() });
  queue.on('error', () => {});
  closers.push(() => queue.close());
  const workers: Worker[] = [];
  if (options.worker) {
    const worker = new Worker(name, async () => new Promise((resolve) => setTimeout(resolve, 60_000)), {
      connection: connection(),
    });
    worker.on('error', () => {});
    closers.push(() => worker.close(true));
    workers.push(worker);
  }
  const instrumentation = instrumentBullMQ(observability, {
    queues: [queue],
    workers,
    ...(options.leaseMs === undefined ? {} : { queueStateLeaseMs: options.leaseMs }),
  });
  closers.push(async () => instrumentation.stop());
  return {
    observability,
    queue,
    instrumentation,
    scrape: async () => parseExposition((await observability.scrape()).body),
  };
}

/** Waits until Redis no longer holds the queue's lease (released by its holder, or lapsed). */
async function leaseGone(replica: Replica): Promise<void> {
  const redis = await replica.queue.getBackend().client;
  const key = leaseKey(replica.queue);
  await waitUntil(async () => (await redis.get(key)) === null, `the lease ${key} to be gone`);
}

/** Which replicas export the queue's shared series, and what they export. */
async function reporters(replicas: readonly Replica[], queue: string) {
  const scraped = await Promise.all(replicas.map((r) => r.scrape()));
  return scraped.flatMap((samples, index) => {
    const waiting = sampleValue(samples, 'queue_length', { queue, state: 'waiting' });
    const workers = sampleValue(samples, 'queue_workers_active', { queue });
    if (waiting === undefined && workers === undefined) return [];
    return [{ index, waiting, workers }];
  });
}

describe('the queue-state lease: one replica at a time reports a queue', () => {
  it('lets exactly one of three replicas report the true depth and worker count, scrape after scrape', async () => {
    const replicas = [replica('lease-one', { worker: true }), replica('lease-one'), replica('lease-one')];
    for (let i = 0; i < 5; i++) await replicas[1]!.queue.add('video', { i }, { delay: 60_000 });
    const holders = new Set<number>();
    for (let round = 0; round < 4; round++) {
      const found = await reporters(replicas, 'lease-one');
      expect(found, `round ${round}`).toHaveLength(1);
      holders.add(found[0]!.index);
      // Read from Redis directly: what the one reporter exports is the queue's own count.
      const truth = await replicas[2]!.queue.getJobCounts('delayed');
      const samples = await replicas[found[0]!.index]!.scrape();
      expect(sampleValue(samples, 'queue_length', { queue: 'lease-one', state: 'delayed' })).toBe(truth.delayed);
      expect(sampleValue(samples, 'queue_workers_active', { queue: 'lease-one' })).toBe(
        await replicas[2]!.queue.getWorkersCount(),
      );
    }
    // The holder renews the lease at each scrape, so it keeps it.
    expect(holders.size).toBe(1);
  });

  it('moves reporting to another replica at its next scrape once the holder stops, and never to two', async () => {
    const replicas = [replica('lease-stop'), replica('lease-stop'), replica('lease-stop')];
    await replicas[0]!.queue.add('video', {});
    const [holder] = await reporters(replicas, 'lease-stop');
    replicas[holder!.index]!.instrumentation.stop();
    // stop() releases the lease without waiting for Redis: once the key is gone, the others scrape.
    await leaseGone(replicas[holder!.index]!);
    const rest = replicas.filter((_, i) => i !== holder!.index);
    const next = await reporters(rest, 'lease-stop');
    expect(next).toHaveLength(1);
    expect(next[0]!.waiting).toBe(1);
    const stopped = await replicas[holder!.index]!.scrape();
    expect(sampleValue(stopped, 'queue_length', { queue: 'lease-stop', state: 'waiting' })).toBeUndefined();
  });

  it('takes over after the lease lapses when the holder is no longer scraped, and the old holder stops reporting', async () => {
    // Long enough that the others' scrape right after the holder's falls within it on a busy machine.
    const leaseMs = 3000;
    const replicas = [0, 1, 2].map(() => replica('lease-lapse', { leaseMs }));
    await replicas[0]!.queue.add('video', {});
    const [holder] = await reporters(replicas, 'lease-lapse');
    const others = replicas.filter((_, i) => i !== holder!.index);
    // While the lease holds, nobody else takes it.
    expect(await reporters(others, 'lease-lapse')).toHaveLength(0);
    // The holder is not scraped (as if it were dead); once Redis lets the lease lapse, the next
    // scrape takes over.
    await leaseGone(replicas[holder!.index]!);
    const taken = await reporters(others, 'lease-lapse');
    expect(taken).toHaveLength(1);
    // The old holder, scraped again, finds it lost the lease and removes its series.
    const old = await replicas[holder!.index]!.scrape();
    expect(sampleValue(old, 'queue_length', { queue: 'lease-lapse', state: 'waiting' })).toBeUndefined();
    expect(sampleValue(old, 'queue_workers_active', { queue: 'lease-lapse' })).toBeUndefined();
    expect(await reporters(replicas, 'lease-lapse')).toHaveLength(1);
  });

  it('reports every scrape from each process with collectQueueState: true, as a stand-alone exporter does', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const queue = new Queue('lease-off', { connection: connection() });
    closers.push(() => queue.close());
    const peer = replica('lease-off');
    instrumentBullMQ(observability, { queues: [queue], collectQueueState: true });
    await queue.add('video', {});
    await peer.scrape();
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, 'queue_length', { queue: 'lease-off', state: 'waiting' })).toBe(1);
  });

  it.each([
    [{ collectQueueState: 'yes' }, 'option `collectQueueState` is "yes"; expected true, false or \'lease\''],
    [{ collectQueueState: 1 }, "option `collectQueueState` is 1; expected true, false or 'lease'"],
    [{ queueStateLeaseMs: 0 }, 'option `queueStateLeaseMs` is 0'],
    [{ queueStateLeaseMs: Number.NaN }, 'option `queueStateLeaseMs` is NaN'],
    [{ queueStateLeaseMs: 2 ** 31 }, 'option `queueStateLeaseMs` is 2147483648'],
    [{ queueStateLeaseMs: '30s' }, 'option `queueStateLeaseMs` is "30s"'],
  ])('refuses %j with TFO_ERR_INVALID_OPTION', (options, message) => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    expect(() => instrumentBullMQ(observability, options as never)).toThrow(message);
    expect(() => instrumentBullMQ(observability, options as never)).toThrow(/TFO_ERR_INVALID_OPTION/);
  });

  it('refuses a lease on a queue-like object that has no Redis client, and reads it every scrape by default', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const plain = {
      name: 'plain',
      getJobCounts: async () => ({ waiting: 2 }),
      isPaused: async () => false,
      getWorkersCount: async () => 1,
    };
    expect(() => instrumentBullMQ(observability, { queues: [plain], collectQueueState: 'lease' })).toThrow(
      /TFO_ERR_INVALID_OPTION: option `queues\[0\]` \("plain"\) has no Redis client/,
    );
    instrumentBullMQ(observability, { queues: [plain] });
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, 'queue_length', { queue: 'plain', state: 'waiting' })).toBe(2);
  });

  it('counts a collect error and exports nothing for a queue whose client cannot keep the lease', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const odd = {
      name: 'odd-client',
      client: Promise.resolve({ ping: async () => 'PONG' }),
      getJobCounts: async () => ({ waiting: 2 }),
      isPaused: async () => false,
      getWorkersCount: async () => 1,
    };
    instrumentBullMQ(observability, { queues: [odd] });
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, 'queue_length', { queue: 'odd-client', state: 'waiting' })).toBeUndefined();
    expect(sampleValue(samples, 'observability_collect_errors_total', { metric: 'queue_length' })).toBe(1);
  });
});
