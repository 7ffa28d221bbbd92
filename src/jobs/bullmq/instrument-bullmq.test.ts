import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createObservability } from '../../create-observability.js';
import { instrumentBullMQ } from './instrument-bullmq.js';
import type { QueueEventsLike, QueueLike, WorkerLike } from './types.js';

/** A queue whose Redis never answers, as during an outage with an offline command queue. */
function hangingQueue(name: string): QueueLike & { reads: number } {
  const queue = {
    name,
    reads: 0,
    getJobCounts: () => {
      queue.reads++;
      return new Promise<Record<string, number>>(() => {});
    },
    isPaused: () => new Promise<boolean>(() => {}),
    getWorkersCount: () => new Promise<number>(() => {}),
  };
  return queue;
}

/** A worker or QueueEvents stand-in: a name and real event-emitter methods. */
function named(name: string): WorkerLike & QueueEventsLike & { listenerCount(event: string): number } {
  const emitter = new EventEmitter();
  type Listener = (...args: unknown[]) => void;
  return {
    name,
    on: (event, listener) => emitter.on(event, listener as Listener),
    off: (event, listener) => emitter.off(event, listener as Listener),
    listenerCount: (event) => emitter.listenerCount(event),
  };
}

/**
 * Scrapes on a virtual clock and resolves once the scrape has answered, failing if it needs more
 * than `collectTimeoutMs` of timer time: the bound is checked exactly, whatever the machine's load.
 */
async function scrapeWithinTimeout(
  observability: ReturnType<typeof createObservability>,
  collectTimeoutMs: number,
): Promise<string> {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
  let answered = false;
  const scraping = observability.scrape().then((result) => {
    answered = true;
    return result.body;
  });
  await vi.advanceTimersByTimeAsync(collectTimeoutMs);
  expect(answered, `the scrape answered within collectTimeoutMs (${collectTimeoutMs} ms)`).toBe(true);
  vi.useRealTimers();
  return scraping;
}

describe('instrumentBullMQ', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('bounds each scrape by collectTimeoutMs and never piles reads up behind a hanging Redis', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false, collectTimeoutMs: 100 });
    const queue = hangingQueue('transcode');
    instrumentBullMQ(observability, { queues: [queue] });
    for (let i = 0; i < 3; i++) await scrapeWithinTimeout(observability, 100);
    expect(queue.reads).toBe(1);
  });

  it('leaves queue-wide series to one collector when collectQueueState is false', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false, collectTimeoutMs: 100 });
    const queue = hangingQueue('transcode');
    instrumentBullMQ(observability, { queues: [queue], collectQueueState: false });
    await observability.scrape();
    expect(queue.reads).toBe(0);
  });

  it('stops listening and collecting, and removes the queue-wide series', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const worker = named('transcode');
    const queue: QueueLike = {
      name: 'transcode',
      getJobCounts: async () => ({ waiting: 3 }),
      isPaused: async () => false,
      getWorkersCount: async () => 1,
    };
    const instrumentation = instrumentBullMQ(observability, { queues: [queue], workers: [worker] });
    await observability.scrape();
    expect(observability.metrics.queueLength.value({ queue: 'transcode', state: 'waiting' })).toBe(3);
    instrumentation.stop();
    expect(worker.listenerCount('completed')).toBe(0);
    expect(observability.metrics.queueLength.seriesCount).toBe(0);
    expect((await observability.scrape()).body).not.toContain('queue_length{');
  });

  it('leaves the oldest job’s age out of every scrape its read does not answer, one read at a time', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false, collectTimeoutMs: 100 });
    let evals = 0;
    let answer: (reply: unknown) => void = () => {};
    let hanging = true;
    const redis = {
      set: async () => 'OK',
      eval: () => {
        evals++;
        return hanging ? new Promise((resolve) => (answer = resolve)) : Promise.resolve([false]);
      },
    };
    const queue: QueueLike = {
      ...hangingQueue('transcode'),
      qualifiedName: 'bull:transcode',
      client: Promise.resolve(redis),
    };
    instrumentBullMQ(observability, { queues: [queue], collectQueueState: true });
    const age = { queue: 'transcode' };
    for (let i = 0; i < 3; i++) {
      const body = await scrapeWithinTimeout(observability, 100);
      expect(body).not.toContain('queue_oldest_waiting_job_age_seconds{');
      expect(body).toContain(
        `observability_collect_errors_total{metric="queue_oldest_waiting_job_age_seconds"} ${i + 1}`,
      );
    }
    expect(evals).toBe(1);
    // Redis answers at last (an empty queue): the next scrape reads again and reports 0.
    hanging = false;
    answer([false]);
    await new Promise((resolve) => setImmediate(resolve)); // the late answer settles the pending read
    await observability.scrape();
    expect(observability.metrics.queueOldestWaitingJobAgeSeconds.value(age)).toBe(0);
    expect(evals).toBe(2);
  });

  it('refuses a queue given both as a worker and as QueueEvents, since tasks would count twice', () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    expect(() =>
      instrumentBullMQ(observability, { workers: [named('transcode')], queueEvents: [named('transcode')] }),
    ).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`queueEvents[0]\` listens to queue "transcode", whose worker is also given in \`workers\`, so each task would count twice; expected each queue either in \`workers\` (every replica counts its own tasks) or in \`queueEvents\` (one exporter counts them all).]`,
    );
  });
});
