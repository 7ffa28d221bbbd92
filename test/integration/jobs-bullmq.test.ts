import { type Job, Queue, QueueEvents, Worker } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { instrumentBullMQ, instrumentProcessor } from '../../src/entries/bullmq.js';
import { parseExposition, sampleValue, type Sample } from '../helpers/exposition.js';
import { useRedis } from '../helpers/redis-suite.js';

/**
 * The collect timeout: each scrape of the outage waits this long, and reads of a healthy Redis
 * must answer within it on a busy machine (at 300 ms they did not always). It stays short enough
 * that the outage (three scrapes) ends before the worker's blocking read gives up on its own
 * (drainDelay 5 s + 1 s), so the test takes BullMQ's usual reconnect path.
 */
const COLLECT_TIMEOUT_MS = 1000;
/** What an outage scrape may take beyond the collect timeout on a busy machine (without the timeout it would wait for Redis forever). */
const SCRAPE_SLACK_MS = 5000;
const suite = useRedis();
const closers = suite.closers;
const connection = suite.connection;

async function scrape(observability: Observability): Promise<{ samples: Sample[]; ms: number }> {
  const start = Date.now();
  const { body } = await observability.scrape();
  return { samples: parseExposition(body), ms: Date.now() - start };
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  // A safety net: after a Redis restart a worker may block up to BullMQ's maximum block time
  // (10 s) plus its watchdog margin and a reconnect delay before it takes a new job.
  const deadline = Date.now() + 45_000;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Closes it after the tests; its connection errors (during the outage) are expected and ignored. */
function track<
  T extends { close(): Promise<unknown>; name: string; on(event: 'error', listener: () => void): unknown },
>(closable: T): T {
  closable.on('error', () => {});
  closers.push(() => closable.close());
  return closable;
}

/** A worker whose errors are logged by the app, as BullMQ asks (an unhandled 'error' event would crash). */
function worker<T>(name: string, processor: (job: Job<T>) => Promise<unknown>, options = {}): Worker<T> {
  const created = track(new Worker<T>(name, processor, { connection: connection(), ...options }));
  created.on('error', () => {});
  return created;
}

describe('instrumentBullMQ on a real Redis', () => {
  it('records task outcomes, durations, retries, queue depth by state and the worker count', async () => {
    const observability = createObservability({
      groups: 'all',
      defaultMetrics: false,
      collectTimeoutMs: COLLECT_TIMEOUT_MS,
    });
    const queue = track(new Queue('transcode', { connection: connection() }));
    const processor = instrumentProcessor(observability, async (job: Job<{ fail?: boolean; flaky?: boolean }>) => {
      if (job.data.fail) throw new TypeError('bad input');
      if (job.data.flaky && job.attemptsMade === 0) throw new Error('transient');
      return 'ok';
    });
    const transcoder = worker('transcode', processor);
    instrumentBullMQ(observability, { queues: [queue], workers: [transcoder] });

    await queue.add('video', {});
    await queue.add('video', {});
    await queue.add('thumbnail', {});
    await queue.add('video', { fail: true });
    await queue.add('video', { flaky: true }, { attempts: 2 });

    const { samples } = await eventually(
      () => scrape(observability),
      ({ samples }) =>
        sampleValue(samples, 'queue_tasks_total', { outcome: 'completed' }) === 4 &&
        sampleValue(samples, 'queue_tasks_total', { outcome: 'failed' }) === 1,
      'five jobs to finish',
    );
    const q = { queue: 'transcode' };
    expect(sampleValue(samples, 'queue_task_retries_total', q)).toBe(1);
    expect(sampleValue(samples, 'queue_task_duration_seconds_count', { ...q, outcome: 'completed' })).toBe(4);
    expect(sampleValue(samples, 'queue_task_duration_seconds_count', { ...q, outcome: 'retried' })).toBe(1);
    expect(sampleValue(samples, 'queue_task_duration_seconds_count', { ...q, outcome: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'queue_length', { ...q, state: 'completed' })).toBe(4);
    expect(sampleValue(samples, 'queue_length', { ...q, state: 'failed' })).toBe(1);
    expect(sampleValue(samples, 'queue_length', { ...q, state: 'waiting' })).toBe(0);
    expect(sampleValue(samples, 'queue_length', { ...q, state: 'active' })).toBe(0);
    expect(sampleValue(samples, 'queue_workers_active', q)).toBe(1);

    // The job lifecycle, from the processor wrapper.
    const video = { queue: 'transcode', job_type: 'video' };
    expect(sampleValue(samples, 'jobs_completed_total', video)).toBe(3);
    expect(sampleValue(samples, 'jobs_failed_total', { ...video, reason: 'TypeError' })).toBe(1);
    expect(sampleValue(samples, 'job_retries_total', video)).toBe(1);
    expect(sampleValue(samples, 'jobs_processing', video)).toBe(0);
    expect(sampleValue(samples, 'job_queue_time_seconds_count', video)).toBe(4);
    expect(sampleValue(samples, 'job_processing_duration_seconds_count', { ...video, status: 'retrying' })).toBe(1);

    // Delayed, prioritized and paused jobs are told apart.
    await queue.add('video', {}, { delay: 60_000 });
    await queue.pause();
    await queue.add('video', {});
    await queue.add('video', {}, { priority: 5 });
    const paused = (await scrape(observability)).samples;
    expect(sampleValue(paused, 'queue_length', { ...q, state: 'delayed' })).toBe(1);
    expect(sampleValue(paused, 'queue_length', { ...q, state: 'paused' })).toBe(1);
    expect(sampleValue(paused, 'queue_length', { ...q, state: 'prioritized' })).toBe(1);
    expect(sampleValue(paused, 'queue_length', { ...q, state: 'waiting' })).toBe(0);
    expect(sampleValue(paused, 'observability_collect_errors_total', { metric: 'queue_length' })).toBeUndefined();
  });

  it('counts stalled jobs found by the worker', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const queue = track(new Queue('stalling', { connection: connection() }));
    // The lock is never renewed, so the job stalls while its processor is still busy.
    const stalling = worker('stalling', () => new Promise((resolve) => setTimeout(resolve, 2500)), {
      lockDuration: 400,
      skipLockRenewal: true,
      stalledInterval: 300,
      maxStalledCount: 0,
    });
    instrumentBullMQ(observability, { workers: [stalling] });
    await queue.add('video', {});
    const { samples } = await eventually(
      () => scrape(observability),
      ({ samples }) => (sampleValue(samples, 'queue_stalled_jobs_total', { queue: 'stalling' }) ?? 0) >= 1,
      'a stalled job',
    );
    expect(sampleValue(samples, 'queue_stalled_jobs_total', { queue: 'stalling' })).toBeGreaterThanOrEqual(1);
  });

  it('counts tasks from QueueEvents in a process that runs no worker (exporter mode)', async () => {
    const exporter = createObservability({
      groups: 'all',
      defaultMetrics: false,
      collectTimeoutMs: COLLECT_TIMEOUT_MS,
    });
    const queue = track(new Queue('exported', { connection: connection() }));
    const events = track(new QueueEvents('exported', { connection: connection() }));
    events.on('error', () => {});
    await events.waitUntilReady();
    instrumentBullMQ(exporter, { queues: [queue], queueEvents: [events] });
    worker('exported', async (job: Job<{ fail?: boolean }>) => {
      if (job.data.fail) throw new Error('nope');
    });
    await queue.add('video', {});
    await queue.add('video', { fail: true });
    const { samples } = await eventually(
      () => scrape(exporter),
      ({ samples }) =>
        sampleValue(samples, 'queue_tasks_total', { queue: 'exported', outcome: 'completed' }) === 1 &&
        sampleValue(samples, 'queue_tasks_total', { queue: 'exported', outcome: 'failed' }) === 1 &&
        sampleValue(samples, 'queue_workers_active', { queue: 'exported' }) !== undefined,
      'the exporter to see both tasks and read the worker count',
    );
    expect(sampleValue(samples, 'queue_workers_active', { queue: 'exported' })).toBe(1);
  });

  it('survives Redis being killed and restarted: bounded scrapes, last values, errors counted, recovery', async () => {
    const observability = createObservability({
      groups: 'all',
      defaultMetrics: false,
      collectTimeoutMs: COLLECT_TIMEOUT_MS,
    });
    const queue = track(new Queue('outage', { connection: connection() }));
    queue.on('error', () => {});
    const outage = worker('outage', async () => 'done');
    // What the worker itself reports: BullMQ may lose a job's completion to a reconnect (then it
    // emits 'error', not 'completed'), and the counter can only follow what the worker emits.
    const workerLog: string[] = [];
    let completions = 0;
    outage.on('error', (error: Error) => workerLog.push(`error: ${error.message}`));
    outage.on('completed', (job: Job) => {
      completions++;
      workerLog.push(`completed: ${job.id}`);
    });
    instrumentBullMQ(observability, { queues: [queue], workers: [outage] });
    await queue.add('video', {});
    await queue.add('video', {});
    const q = { queue: 'outage' };
    await eventually(
      () => scrape(observability),
      ({ samples }) => sampleValue(samples, 'queue_length', { ...q, state: 'completed' }) === 2,
      'two completed jobs',
    );

    await suite.redis.kill();
    for (let i = 0; i < 3; i++) {
      const { samples, ms } = await scrape(observability);
      expect(ms).toBeLessThan(COLLECT_TIMEOUT_MS + SCRAPE_SLACK_MS);
      expect(sampleValue(samples, 'queue_length', { ...q, state: 'completed' })).toBe(2);
      expect(sampleValue(samples, 'queue_workers_active', q)).toBe(1);
      // The error of this scrape's read is counted in this same scrape.
      expect(sampleValue(samples, 'observability_collect_errors_total', { metric: 'queue_length' })).toBe(i + 1);
      expect(sampleValue(samples, 'observability_collect_errors_total', { metric: 'queue_workers_active' })).toBe(
        i + 1,
      );
    }

    await suite.redis.restart();
    // Nothing was persisted: the restarted Redis is empty, and new jobs flow again. The job gets
    // an id of its own: the emptied Redis would hand out id 1 again, one the worker already ran.
    await queue.add('video', {}, { jobId: 'after-restart' });
    const recovered = await eventually(
      () => scrape(observability),
      ({ samples }) =>
        sampleValue(samples, 'queue_length', { ...q, state: 'completed' }) === 1 &&
        sampleValue(samples, 'queue_tasks_total', { ...q, outcome: 'completed' }) === completions,
      'the queue to work again after the restart',
    ).catch((error: Error) => {
      throw new Error(`${error.message.slice(0, 400)}\nthe worker emitted:\n${workerLog.join('\n')}`);
    });
    // Every completion the worker emitted, before the outage and after it, is counted once.
    expect(completions).toBeGreaterThanOrEqual(2);
    const errors = sampleValue(recovered.samples, 'observability_collect_errors_total', { metric: 'queue_length' });
    // The next scrape reads Redis again within the timeout: no new collect error.
    const again = await scrape(observability);
    expect(sampleValue(again.samples, 'observability_collect_errors_total', { metric: 'queue_length' })).toBe(errors);
    expect(sampleValue(again.samples, 'queue_length', { ...q, state: 'completed' })).toBe(1);
  }, 120_000);
});
