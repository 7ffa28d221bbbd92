import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { metricTypes, parseExposition, sampleValue } from '../helpers/exposition.js';

const ROOT = join(import.meta.dirname, '../..');

describe("naming: 'otel' in a real 2-worker cluster", () => {
  let primary: ChildProcess | undefined;

  afterAll(async () => {
    if (primary?.pid && primary.exitCode === null) {
      process.kill(primary.pid, 'SIGTERM');
      await once(primary, 'exit');
    }
  });

  it("sums both workers' histograms under the OpenTelemetry name and labels", async () => {
    primary = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'test/fixtures/cluster-app.ts')], {
      cwd: ROOT,
      env: { ...process.env, TFO_NAMING: 'otel' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const lines = createInterface({ input: primary.stdout! });
    const [first] = (await once(lines, 'line')) as [string];
    const { port } = JSON.parse(first) as { port: number };

    const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    const samples = parseExposition(text);
    const route = { http_request_method: 'GET', http_route: '/jobs/:jobId', http_response_status_code: '200' };
    expect(sampleValue(samples, 'http_server_request_duration_seconds_count', route)).toBe(2);
    expect(sampleValue(samples, 'http_server_request_duration_seconds_sum', route)).toBeCloseTo(0.06);
    expect(sampleValue(samples, 'http_server_request_duration_seconds_bucket', { ...route, le: '0.05' })).toBe(2);
    const types = metricTypes(text);
    expect(types.get('http_server_request_duration_seconds')).toBe('histogram');
    expect(types.has('api_request_duration_seconds')).toBe(false);
    expect(types.has('api_requests_total')).toBe(false);
    expect(sampleValue(samples, 'jobs_created_total', { queue: 'transcode', job_type: 'video' })).toBe(30);
  });
});
