import { Queue, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { instrumentBullMQ } from '../../src/entries/bullmq.js';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import { seededRandom } from '../helpers/random.js';
import { useRedis } from '../helpers/redis-suite.js';

/*
 * Random queues on a real Redis, each compared with the age computed from every job the queue
 * holds (read in full with getJobs, as the instrumentation never does). The class is the one
 * the metric is exact for: jobs added in time order, FIFO (or, in some queues, all LIFO), at
 * most two priority levels, delayed jobs either not yet due or due (at most one due, and none
 * in a LIFO queue, since a job promoted late enters the list at the end of the younger jobs),
 * and some jobs taken and completed by a worker in between.
 */

const AGE = 'queue_oldest_waiting_job_age_seconds';
const ROUNDS = 30;
const suite = useRedis();
const closers = suite.closers;

type Kind = 'plain' | 'high' | 'low' | 'future' | 'due';

interface Added {
  readonly kind: Kind;
  readonly timestamp: number;
  readonly delay: number;
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

describe('queue_oldest_waiting_job_age_seconds over random queues', () => {
  it.each(Array.from({ length: ROUNDS }, (_, i) => [i + 1] as const))(
    'seed %i: matches the age computed from every job the queue holds',
    async (seed) => {
      const random = seededRandom(seed);
      const name = `age-fuzz-${seed}`;
      const connection = { host: suite.redis.host, port: suite.redis.port, maxRetriesPerRequest: null };
      const queue = new Queue(name, { connection });
      const worker = new Worker(name, null, { connection, autorun: false });
      queue.on('error', () => {});
      worker.on('error', () => {});
      closers.push(
        () => queue.close(),
        () => worker.close(),
      );
      const observability = createObservability({
        groups: ['queue_workers'],
        defaultMetrics: false,
        collectTimeoutMs: 5000,
      });
      instrumentBullMQ(observability, { queues: [queue], collectQueueState: true });

      const lifo = random() < 0.3;
      const now = Date.now();
      const count = Math.floor(random() * 9);
      const added = new Map<string, Added>();
      let timestamp = now - 600_000;
      let dueUsed = false;
      for (let i = 0; i < count; i++) {
        timestamp += 1 + Math.floor(random() * 60_000);
        let kind = pick(random, ['plain', 'plain', 'high', 'low', 'future', 'due'] as const);
        // A LIFO queue's oldest job is at the end where a promoted job enters: no due job there.
        if (kind === 'due' && (dueUsed || lifo)) kind = 'plain';
        dueUsed ||= kind === 'due';
        const delay = kind === 'future' ? 3_600_000 : kind === 'due' ? Math.floor((now - timestamp) / 2) : 0;
        const priority = kind === 'high' ? 1 : kind === 'low' ? 7 : undefined;
        const job = await queue.add('video', {}, { timestamp, delay, priority, lifo: lifo && !priority });
        added.set(job.id!, { kind, timestamp, delay });
      }
      const taken = Math.floor(random() * (count + 1));
      for (let i = 0; i < taken; i++) {
        const job = await worker.getNextJob(`token-${i}`, { block: false });
        if (job === undefined) break;
        await job.moveToCompleted('done', `token-${i}`, false);
      }

      const before = Date.now();
      const { body } = await observability.scrape();
      const after = Date.now();
      const age = sampleValue(parseExposition(body), AGE, { queue: name });

      const waiting = await queue.getJobs(['wait', 'prioritized', 'delayed', 'paused' as 'wait']); // `paused`: BullMQ 5's types dropped it, its lists may still hold jobs
      const ready = waiting
        .map((job) => added.get(job.id!)!)
        .map((job) => job.timestamp + job.delay)
        .filter((at) => at <= before);
      const context = JSON.stringify({ seed, lifo, jobs: [...added.values()], taken });
      if (ready.length === 0) {
        expect(age, context).toBe(0);
      } else {
        const oldest = Math.min(...ready);
        expect(age, context).toBeGreaterThanOrEqual((before - oldest) / 1000);
        expect(age, context).toBeLessThanOrEqual((after - oldest) / 1000);
      }
    },
  );
});
