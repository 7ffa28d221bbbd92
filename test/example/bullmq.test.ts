import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleValue } from '../helpers/exposition.js';
import { makeTestVideo } from '../helpers/media.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess, submitJob, waitForJob } from './service-process.js';

const COMPLETED = { queue: 'transcode', outcome: 'completed' };

describe('npm run example with REDIS_URL: jobs go through BullMQ on a real Redis', () => {
  let redis: RedisServer;
  let service: ServiceProcess;

  beforeAll(async () => {
    requireTool('ffmpeg', ['-version']);
    redis = await startRedis();
    service = await startServiceProcess('example', { REDIS_URL: `redis://${redis.host}:${redis.port}` });
  });

  afterAll(async () => {
    await service?.cleanup();
    await redis?.stop();
  });

  it('runs a job through BullMQ and records the queue and job metrics', async () => {
    mkdirSync(join(service.dataDir, 'in'));
    const source = makeTestVideo(join(service.dataDir, 'in', 'clip.mp4'), 2, '640x360');
    const id = await submitJob(service, source);
    expect(await waitForJob(service, id)).toMatchObject({ status: 'completed' });

    // The job's status is set when the processor returns; the worker's `completed` event (which
    // counts the task) follows once BullMQ has moved the job in Redis: wait for it, bounded.
    let samples = await service.scrape();
    for (
      let waited = 0;
      waited < 10_000 && sampleValue(samples, 'queue_tasks_total', COMPLETED) === undefined;
      waited += 100
    ) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      samples = await service.scrape();
    }
    expect(sampleValue(samples, 'queue_tasks_total', COMPLETED)).toBe(1);
    expect(
      sampleValue(samples, 'queue_task_duration_seconds_count', { queue: 'transcode', outcome: 'completed' }),
    ).toBe(1);
    expect(sampleValue(samples, 'queue_workers_active', { queue: 'transcode' })).toBe(1);
    expect(sampleValue(samples, 'queue_length', { queue: 'transcode', state: 'waiting' })).toBe(0);
    expect(sampleValue(samples, 'jobs_completed_total', { queue: 'transcode', job_type: 'transcode' })).toBe(1);
    expect(sampleValue(samples, 'job_queue_time_seconds_count', { queue: 'transcode', job_type: 'transcode' })).toBe(1);
    const started = service.logLines().find((line) => line.message === 'service started');
    expect(started?.queue).toBe('bullmq');
  });

  it('checks Redis in /health/detailed and answers 503 when it is down', async () => {
    const up = await fetch(`${service.url}/health/detailed`);
    expect(up.status).toBe(200);
    expect(((await up.json()) as { checks: Record<string, { status: string }> }).checks.redis?.status).toBe('ok');
    await redis.kill();
    // The answer is kept for healthCacheMs (1 s): ask until a run that started after the kill answers.
    let down = await fetch(`${service.url}/health/detailed`);
    for (let attempt = 0; down.status === 200 && attempt < 100; attempt++) {
      await down.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, 100));
      down = await fetch(`${service.url}/health/detailed`);
    }
    expect(down.status).toBe(503);
    const body = (await down.json()) as {
      status: string;
      checks: Record<string, { status: string; required: boolean }>;
    };
    expect(body).toMatchObject({ status: 'fail', checks: { redis: { status: 'fail', required: true } } });
    await redis.restart();
  });

  it('exits with code 0 on SIGTERM', async () => {
    await service.signal('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.logLines().at(-1)?.message).toBe('shutdown complete');
  });
});
