import { expect } from 'vitest';
import { parseExposition, sampleValue } from '../helpers/exposition.js';
import type { LogLine } from '../helpers/log-lines.js';
import type { ServerProcess } from './user-project.js';

const API_KEY = 'tfo_runtime_key_0123456789';

/**
 * Calls an app of the shared test contract (fixtures/hono-app.mjs, test/package/bundle-apps/) served by `server` the way a client would (one request
 * at a time) and checks what a user sees: metrics with route templates, the request id echoed
 * or generated, the logging context inside the handler across an await, one access-log line per
 * request, and the health endpoints. With `ffmpeg`, also `POST /transcode` (fixtures/serve.mjs)
 * and its transcode metrics.
 */
export async function checkApp(server: ServerProcess, { ffmpeg }: { ffmpeg: boolean }): Promise<void> {
  const echoed = await fetch(`${server.url}/jobs/7?full=1`, {
    headers: { 'x-request-id': 'rt-7', 'x-api-key': API_KEY },
  });
  expect(echoed.status).toBe(200);
  expect(echoed.headers.get('x-request-id')).toBe('rt-7');
  expect(await echoed.json()).toEqual({ jobId: '7', requestId: 'rt-7' });

  const generated = await fetch(`${server.url}/jobs/8`);
  const id = generated.headers.get('x-request-id');
  // A UUID-shaped id of ours, or on Fastify its own request.id (default genReqId: `req-<n>`).
  expect(id).toMatch(/^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|req-[0-9a-z]+)$/);
  expect(await generated.json()).toEqual({ jobId: '8', requestId: id });

  const missing = await fetch(`${server.url}/no/such/route`, { headers: { 'x-request-id': 'rt-404' } });
  expect(missing.status).toBe(404);
  await missing.arrayBuffer();

  const health = await fetch(`${server.url}/health`);
  expect(health.status).toBe(200);
  expect(await health.json()).toEqual({ status: 'ok' });
  const detailed = await fetch(`${server.url}/health/detailed`);
  expect(detailed.status).toBe(200);
  expect(await detailed.json()).toMatchObject({ status: 'ok', checks: {} });

  if (ffmpeg) {
    const transcode = await fetch(`${server.url}/transcode`, { method: 'POST' });
    const body = (await transcode.json()) as { resolution: string; bytes: number };
    expect(transcode.status, JSON.stringify(body)).toBe(200);
    expect(body.bytes).toBeGreaterThan(0);
  }

  const scrape = await fetch(`${server.url}/metrics`);
  expect(scrape.status).toBe(200);
  const samples = parseExposition(await scrape.text());
  const total = (route: string, status: string): number | undefined =>
    sampleValue(samples, 'api_requests_total', { method: 'GET', route, status_code: status });
  expect(total('/jobs/:jobId', '200')).toBe(2);
  expect(total('__unmatched__', '404')).toBe(1);
  expect(samples.some((sample) => sample.labels.route?.startsWith('/no/') || sample.labels.route === '/jobs/7')).toBe(
    false,
  );
  expect(sampleValue(samples, 'api_requests_in_progress', { method: 'GET', route: '__any__' })).toBe(0);
  if (ffmpeg) {
    expect(
      sampleValue(samples, 'api_requests_total', { method: 'POST', route: '/transcode', status_code: '200' }),
    ).toBe(1);
    const counts = samples.filter((sample) => sample.name === 'video_transcode_duration_seconds_count');
    expect(counts.reduce((sum, sample) => sum + sample.value, 0)).toBe(1);
  }

  const isAccess = (line: LogLine): boolean => line.message === 'request completed';
  const lines = await server.waitForLines(ffmpeg ? 4 : 3, isAccess);
  const handler = lines.filter((line) => line.message === 'job requested');
  expect(handler.map((line) => [line.request_id, line.method, line.route, line.job])).toEqual([
    ['rt-7', 'GET', '/jobs/:jobId', '7'],
    [id, 'GET', '/jobs/:jobId', '8'],
  ]);
  expect(handler[0]!.api_key_prefix).toEqual(expect.any(String));
  expect(JSON.stringify(lines)).not.toContain(API_KEY);
  const access = lines.filter(isAccess);
  expect(access.slice(0, 3).map((line) => [line.request_id, line.route ?? null, line.path, line.status_code])).toEqual([
    ['rt-7', '/jobs/:jobId', '/jobs/7', 200],
    [id, '/jobs/:jobId', '/jobs/8', 200],
    ['rt-404', null, '/no/such/route', 404],
  ]);
  expect(access[2]!.level).toBe('warning');
  for (const line of access) expect(line.duration_ms).toEqual(expect.any(Number));
}
