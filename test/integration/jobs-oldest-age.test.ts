import { Queue, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { instrumentBullMQ } from '../../src/entries/bullmq.js';
import { parseExposition, sampleValue, type Sample } from '../helpers/exposition.js';
import { useRedis } from '../helpers/redis-suite.js';

/*
 * queue_oldest_waiting_job_age_seconds against a real redis-server: jobs are added with a
 * known `timestamp` (BullMQ's job option), and each expected age is bounded by the clock read
 * just before and just after the scrape, so no wall-clock guess enters an assertion.
 */

const AGE = 'queue_oldest_waiting_job_age_seconds';
/** Generous: a real read must answer within it on a loaded machine (the outage test uses its own). */
const COLLECT_TIMEOUT_MS = 5000;
const suite = useRedis();
const closers = suite.closers;
const connection = suite.connection;

function queue(name: string): Queue {
  const created = new Queue(name, { connection: connection() });
  created.on('error', () => {});
  closers.push(() => created.close());
  return created;
}

/** A worker with no processor: the test takes jobs one at a time with getNextJob. */
function manualWorker(name: string): Worker {
  const created = new Worker(name, null, { connection: connection(), autorun: false });
  created.on('error', () => {});
  closers.push(() => created.close());
  return created;
}

function observe(collectTimeoutMs = COLLECT_TIMEOUT_MS): Observability {
  return createObservability({ groups: ['queue_workers'], defaultMetrics: false, collectTimeoutMs });
}

interface Scrape {
  samples: Sample[];
  before: number;
  after: number;
}

async function scrape(observability: Observability): Promise<Scrape> {
  const before = Date.now();
  const { body } = await observability.scrape();
  return { samples: parseExposition(body), before, after: Date.now() };
}

/** Expects the queue's age to be what a job ready since `since` (ms) has waited during the scrape. */
function expectAgeSince(result: Scrape, queueName: string, since: number): number {
  const age = sampleValue(result.samples, AGE, { queue: queueName });
  expect(age, `${AGE}{queue="${queueName}"}`).toBeDefined();
  expect(age!).toBeGreaterThanOrEqual((result.before - since) / 1000);
  expect(age!).toBeLessThanOrEqual((result.after - since) / 1000);
  return age!;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('queue_oldest_waiting_job_age_seconds on a real Redis', () => {
  it('reads 0 for an empty queue, the oldest job’s age as it grows, and the next job’s once it ran', async () => {
    const observability = observe();
    const jobs = queue('age-fifo');
    instrumentBullMQ(observability, { queues: [jobs] });

    expect(sampleValue((await scrape(observability)).samples, AGE, { queue: 'age-fifo' })).toBe(0);

    const now = Date.now();
    const oldest = now - 90_000;
    const next = now - 40_000;
    await jobs.add('video', {}, { timestamp: oldest });
    await jobs.add('video', {}, { timestamp: next });
    await jobs.add('video', {}, { timestamp: now - 5_000 });

    const first = await scrape(observability);
    const firstAge = expectAgeSince(first, 'age-fifo', oldest);
    // The age grows with the clock: a later scrape reads more.
    await eventually(
      async () => Date.now(),
      (t) => t > first.after + 20,
      'the clock to move',
    );
    const second = await scrape(observability);
    expect(expectAgeSince(second, 'age-fifo', oldest)).toBeGreaterThan(firstAge);

    // A worker takes the oldest job and completes it: the age falls to the next one's.
    const worker = manualWorker('age-fifo');
    const job = await worker.getNextJob('token-1');
    expect(job?.timestamp).toBe(oldest);
    expectAgeSince(await scrape(observability), 'age-fifo', next); // the active job no longer waits
    await job!.moveToCompleted('done', 'token-1', false);
    expectAgeSince(await scrape(observability), 'age-fifo', next);

    // Every job taken: back to 0.
    for (let i = 0; i < 2; i++) {
      const taken = await worker.getNextJob(`token-${i + 2}`);
      await taken!.moveToCompleted('done', `token-${i + 2}`, false);
    }
    expect(sampleValue((await scrape(observability)).samples, AGE, { queue: 'age-fifo' })).toBe(0);
  });

  it('gives every queue its own series', async () => {
    const observability = observe();
    const names = ['age-a', 'age-b', 'age-c'];
    const queues = names.map((name) => queue(name));
    instrumentBullMQ(observability, { queues });
    const now = Date.now();
    await queues[0]!.add('video', {}, { timestamp: now - 10_000 });
    await queues[1]!.add('video', {}, { timestamp: now - 70_000 });
    const result = await scrape(observability);
    expectAgeSince(result, 'age-a', now - 10_000);
    expectAgeSince(result, 'age-b', now - 70_000);
    expect(sampleValue(result.samples, AGE, { queue: 'age-c' })).toBe(0);
    expect(result.samples.filter((s) => s.name === AGE)).toHaveLength(3);
  });

  it('counts prioritized jobs, LIFO jobs and paused queues; a delayed job only once its delay is over', async () => {
    const observability = observe();
    const names = ['age-prio', 'age-lifo', 'age-delay', 'age-due', 'age-paused'];
    const [prio, lifo, delayed, due, paused] = names.map((name) => queue(name));
    instrumentBullMQ(observability, { queues: [prio!, lifo!, delayed!, due!, paused!] });
    const now = Date.now();

    // The lowest priority's oldest job is the one starved first; the next to run is read too.
    await prio!.add('video', {}, { timestamp: now - 80_000, priority: 9 });
    await prio!.add('video', {}, { timestamp: now - 60_000, priority: 9 });
    await prio!.add('video', {}, { timestamp: now - 20_000, priority: 1 });
    // LIFO jobs enter the list at the end workers take from.
    await lifo!.add('video', {}, { timestamp: now - 50_000, lifo: true });
    await lifo!.add('video', {}, { timestamp: now - 30_000, lifo: true });
    // Not ready for another minute: it does not wait yet.
    await delayed!.add('video', {}, { timestamp: now, delay: 60_000 });
    // Its delay ended 30 s ago and no worker promoted it: it waits since then.
    await due!.add('video', {}, { timestamp: now - 60_000, delay: 30_000 });
    // A paused queue's jobs still wait.
    await paused!.pause();
    await paused!.add('video', {}, { timestamp: now - 45_000 });

    const result = await scrape(observability);
    expectAgeSince(result, 'age-prio', now - 80_000);
    expectAgeSince(result, 'age-lifo', now - 50_000);
    expect(sampleValue(result.samples, AGE, { queue: 'age-delay' })).toBe(0);
    expectAgeSince(result, 'age-due', now - 30_000);
    expectAgeSince(result, 'age-paused', now - 45_000);

    // Once promoted into the waiting list, the delayed job still counts from the end of its delay.
    await due!.promoteJobs();
    expectAgeSince(await scrape(observability), 'age-due', now - 30_000);
  });

  it('is reported by one replica at a time under the default lease, and removed by stop()', async () => {
    const [one, two] = [observe(), observe()];
    const jobs = queue('age-lease');
    const instrumentations = [one, two].map((o) => instrumentBullMQ(o, { queues: [jobs] }));
    const since = Date.now() - 15_000;
    await jobs.add('video', {}, { timestamp: since });
    const first = await scrape(one);
    const second = await scrape(two);
    expectAgeSince(first, 'age-lease', since);
    expect(sampleValue(second.samples, AGE, { queue: 'age-lease' })).toBeUndefined();

    // The holder stops: its series goes, and the other replica takes over at its next scrape.
    instrumentations[0]!.stop();
    expect(sampleValue((await scrape(one)).samples, AGE, { queue: 'age-lease' })).toBeUndefined();
    expectAgeSince(await scrape(two), 'age-lease', since);
    instrumentations[1]!.stop();
  });

  it('leaves the age out while Redis is down, counts the failure, answers on time, and recovers', async () => {
    // Short enough for a quick outage, long enough for the reads after the restart to answer
    // within it on a busy machine.
    const timeoutMs = 1000;
    const observability = observe(timeoutMs);
    const jobs = queue('age-outage');
    instrumentBullMQ(observability, { queues: [jobs], collectQueueState: true });
    const since = Date.now() - 25_000;
    await jobs.add('video', {}, { timestamp: since });
    await eventually(
      () => scrape(observability),
      (result) => sampleValue(result.samples, AGE, { queue: 'age-outage' }) !== undefined,
      'a first age',
    );

    await suite.redis.kill();
    for (let i = 0; i < 3; i++) {
      const result = await scrape(observability);
      // Bounded: without the timeout the scrape would wait for Redis to come back.
      expect(result.after - result.before).toBeLessThan(timeoutMs + 5000);
      // No stale age: the series is absent until a read answers again.
      expect(sampleValue(result.samples, AGE, { queue: 'age-outage' })).toBeUndefined();
      expect(sampleValue(result.samples, 'observability_collect_errors_total', { metric: AGE })).toBe(i + 1);
      // Depth keeps its last value, as documented for it.
      expect(sampleValue(result.samples, 'queue_length', { queue: 'age-outage', state: 'waiting' })).toBe(1);
    }
    expect(process.pid).toBeGreaterThan(0);

    await suite.redis.restart();
    // The restarted Redis is empty (nothing persisted): the age reads 0, then follows new jobs.
    await eventually(
      () => scrape(observability),
      (result) => sampleValue(result.samples, AGE, { queue: 'age-outage' }) === 0,
      'the age to read 0 after the restart',
    );
    const again = Date.now() - 12_000;
    await jobs.add('video', {}, { timestamp: again });
    const recovered = await eventually(
      () => scrape(observability),
      (result) => (sampleValue(result.samples, AGE, { queue: 'age-outage' }) ?? 0) > 0,
      'the new job’s age',
    );
    expectAgeSince(recovered, 'age-outage', again);
  });
});
