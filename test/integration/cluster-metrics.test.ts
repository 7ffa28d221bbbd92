import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../helpers/exposition.js';

const ROOT = join(import.meta.dirname, '../..');

describe('one aggregated /metrics for a real 2-worker cluster', () => {
  let primary: ChildProcess | undefined;

  afterAll(async () => {
    if (primary?.pid && primary.exitCode === null) {
      process.kill(primary.pid, 'SIGTERM');
      await once(primary, 'exit');
    }
  });

  it('sums counters, histograms and gauges of both workers and keeps app_info once', async () => {
    primary = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/cluster-app.ts')], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: primary.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const { port } = JSON.parse(first) as { port: number };

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/plain');
    const samples = parseExposition(await response.text());
    const job = { queue: 'transcode', job_type: 'video' };
    // Worker ids are 1 and 2: 10 + 20 jobs.
    expect(sampleValue(samples, 'jobs_created_total', job)).toBe(30);
    expect(sampleValue(samples, 'jobs_processing', job)).toBe(2);
    const route = { method: 'GET', route: '/jobs/:jobId', status_code: '200' };
    expect(sampleValue(samples, 'api_request_duration_seconds_count', route)).toBe(2);
    expect(sampleValue(samples, 'api_request_duration_seconds_sum', route)).toBeCloseTo(0.06);
    expect(sampleValue(samples, 'api_request_duration_seconds_bucket', { ...route, le: '0.025' })).toBe(1);
    expect(sampleValue(samples, 'api_request_duration_seconds_bucket', { ...route, le: '0.05' })).toBe(2);
    expect(sampleValue(samples, 'app_info', { service: 'cluster-test' })).toBe(1);
    expect(sampleValue(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);

    const notFound = await fetch(`http://127.0.0.1:${port}/other`);
    expect(notFound.status).toBe(404);
  });
});
