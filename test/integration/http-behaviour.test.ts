import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSamples, sampleValue, type Sample } from '../helpers/exposition.js';
import {
  abortRequest,
  APPS_WITH_INJECT,
  type AppName,
  type RunningApp,
  scrape,
  scrapeUntil,
  send,
  startApp,
  STREAM_CHUNKS,
  STREAM_INTERVAL_MS,
  SUITE_OPTIONS,
} from '../helpers/http-apps.js';

const TOTAL = 'api_requests_total';
const DURATION_COUNT = 'api_request_duration_seconds_count';
const DURATION_SUM = 'api_request_duration_seconds_sum';
const IN_FLIGHT = 'api_requests_in_progress';

const count = (samples: Sample[], labels: Record<string, string>): number =>
  findSamples(samples, TOTAL, labels).reduce((sum, sample) => sum + sample.value, 0);
const inFlight = (samples: Sample[]): number => findSamples(samples, IN_FLIGHT).reduce((sum, s) => sum + s.value, 0);

/**
 * Cases that need a real socket are not registered for `fastify-inject`: `app.inject()` has no
 * connection a client could close, so an abort cannot happen there (and a skipped test would
 * read, in CI, as a tool that was missing).
 */
const socketIt = (adapter: AppName) =>
  adapter === 'fastify-inject' ? (_name: string, _fn: () => Promise<void>) => undefined : it;

describe.each(APPS_WITH_INJECT)('%s adapter on a real server or through inject()', (adapter) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(adapter);
  });
  afterAll(() => app.close());

  it('labels requests with the matched route template, never the raw path', async () => {
    for (const id of ['42', '43', 'abc']) expect((await send(app.url, `/jobs/${id}`)).status).toBe(200);
    expect((await send(app.url, '/jobs', { method: 'POST' })).status).toBe(201);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { method: 'GET', route: '/jobs/:jobId', status_code: '200' })).toBe(3);
    expect(sampleValue(samples, TOTAL, { method: 'POST', route: '/jobs', status_code: '201' })).toBe(1);
    expect(sampleValue(samples, DURATION_COUNT, { method: 'GET', route: '/jobs/:jobId', status_code: '200' })).toBe(3);
    expect(findSamples(samples, TOTAL).some((s) => s.labels.route!.includes('42'))).toBe(false);
  });

  it('keeps the prefix of nested routers', async () => {
    expect((await send(app.url, '/api/v1/items/7')).status).toBe(200);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { method: 'GET', route: '/api/v1/items/:id', status_code: '200' })).toBe(1);
  });

  it('gives every unmatched request one bounded route value, or the configured pattern', async () => {
    for (let i = 0; i < 5; i++) expect((await send(app.url, `/no/such/path/${i}`)).status).toBe(404);
    expect((await send(app.url, '/downloads/job/abc123/video/720p')).status).toBe(404);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { method: 'GET', route: '__unmatched__', status_code: '404' })).toBe(5);
    expect(
      sampleValue(samples, TOTAL, { route: '/downloads/job/{job_id}/video/{video_format}', status_code: '404' }),
    ).toBe(1);
  });

  it('records a handler that throws, sync or async, once as a 500 while the framework still answers', async () => {
    expect((await send(app.url, '/sync-error')).status).toBe(500);
    expect((await send(app.url, '/async-error')).status).toBe(500);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { route: '/sync-error', status_code: '500' })).toBe(1);
    expect(sampleValue(samples, TOTAL, { route: '/async-error', status_code: '500' })).toBe(1);
    expect(count(samples, { route: '/sync-error' }) + count(samples, { route: '/async-error' })).toBe(2);
  });

  it('keeps the prefix of a mounted router when its handler throws', async () => {
    expect((await send(app.url, '/api/v1/fail/3')).status).toBe(500);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { method: 'GET', route: '/api/v1/fail/:id', status_code: '500' })).toBe(1);
    expect(count(samples, { route: '/api/v1/fail/:id' })).toBe(1);
    expect(count(samples, { route: '/fail/:id' })).toBe(0);
  });

  it('times a streamed response to its last byte and counts it once', async () => {
    const reply = await send(app.url, '/stream');
    expect(reply.body.split('\n').filter(Boolean)).toHaveLength(STREAM_CHUNKS);
    const samples = await scrape(app.url);
    expect(sampleValue(samples, DURATION_COUNT, { route: '/stream', status_code: '200' })).toBe(1);
    const sum = sampleValue(samples, DURATION_SUM, { route: '/stream', status_code: '200' })!;
    expect(sum).toBeGreaterThanOrEqual(((STREAM_CHUNKS - 1) * STREAM_INTERVAL_MS) / 1000);
  });

  socketIt(adapter)(
    'records a client that aborts before the response once as 499, and the in-flight gauge returns to 0',
    async () => {
      await abortRequest(app.url, '/slow', 50);
      const samples = await scrapeUntil(app.url, (s) => count(s, { route: '/slow' }) >= 1);
      expect(count(samples, { route: '/slow' })).toBe(1);
      expect(sampleValue(samples, TOTAL, { route: '/slow', status_code: '499' })).toBe(1);
      expect(inFlight(samples)).toBe(0);
    },
  );

  socketIt(adapter)('records a client that aborts a streamed response once as 499', async () => {
    await abortRequest(app.url, '/stream-hang');
    const samples = await scrapeUntil(app.url, (s) => count(s, { route: '/stream-hang' }) >= 1);
    expect(count(samples, { route: '/stream-hang' })).toBe(1);
    expect(sampleValue(samples, TOTAL, { route: '/stream-hang', status_code: '499' })).toBe(1);
    expect(inFlight(samples)).toBe(0);
  });

  it('labels HEAD and OPTIONS by their own method, and unknown methods as OTHER', async () => {
    const head = await send(app.url, '/jobs/9', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
    await send(app.url, '/jobs/9', { method: 'OPTIONS' });
    await send(app.url, '/jobs/9', { method: 'PROPFIND' });
    const samples = await scrape(app.url);
    expect(sampleValue(samples, TOTAL, { method: 'HEAD', route: '/jobs/:jobId', status_code: '200' })).toBe(1);
    expect(count(samples, { method: 'OPTIONS' })).toBe(1);
    expect(count(samples, { method: 'OTHER' })).toBe(1);
    expect(findSamples(samples, TOTAL).some((s) => s.labels.method === 'PROPFIND')).toBe(false);
  });

  it('does not record the metrics and health endpoints nor configured paths', async () => {
    await send(app.url, '/health');
    await send(app.url, '/health/detailed');
    expect((await send(app.url, '/internal/ping')).status).toBe(200);
    await scrape(app.url);
    const samples = await scrape(app.url);
    const routes = new Set(findSamples(samples, TOTAL).map((s) => s.labels.route));
    for (const path of ['/metrics', '/health', '/health/detailed', '/internal/ping'])
      expect(routes.has(path)).toBe(false);
    expect(inFlight(samples)).toBe(0);
  });

  it('does not record another method on an endpoint path, nor one on an excluded path', async () => {
    const before = count(await scrape(app.url), {});
    for (const path of ['/metrics', '/health', '/health/detailed', '/internal/ping']) {
      for (const method of ['POST', 'DELETE', 'PUT']) await send(app.url, path, { method });
    }
    // Only the scrapes themselves came in between, and they are never recorded.
    expect(count(await scrape(app.url), {})).toBe(before);
    expect(inFlight(await scrape(app.url))).toBe(0);
  });

  it('serves OpenMetrics when the scraper asks for it', async () => {
    const reply = await send(app.url, '/metrics', {
      headers: { accept: 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4' },
    });
    expect(reply.headers['content-type']).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(reply.body).toMatch(/^# TYPE api_requests counter$/m);
    expect(reply.body.endsWith('# EOF\n')).toBe(true);
    const plain = await send(app.url, '/metrics');
    expect(plain.headers['content-type']).toMatch(/^text\/plain/);
    expect(plain.body).toMatch(/^# TYPE api_requests_total counter$/m);
  });

  it('answers /health at once with {"status":"ok"}', async () => {
    const reply = await send(app.url, '/health');
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ status: 'ok' });
  });
});

describe.each(APPS_WITH_INJECT)('%s adapter: protected metrics and dependency checks', (adapter) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(adapter, {
      ...SUITE_OPTIONS,
      metricsToken: 's3cret-token',
      healthTimeoutMs: 150,
      healthChecks: {
        database: async () => true,
        cache: { check: () => false, required: false },
        storage: () => {
          throw new Error('disk unreachable');
        },
        queue: { check: () => new Promise(() => undefined), timeoutMs: 100 },
      },
    });
  });
  afterAll(() => app.close());

  it('asks for the bearer token with 401 and WWW-Authenticate, and serves with it', async () => {
    for (const authorization of [undefined, 'Bearer wrong', 'Basic czNjcmV0LXRva2Vu', 'Bearer s3cret-token-longer']) {
      const reply = await send(app.url, '/metrics', { headers: authorization ? { authorization } : {} });
      expect(reply.status).toBe(401);
      expect(reply.headers['www-authenticate']).toMatch(/^Bearer/);
    }
    const reply = await send(app.url, '/metrics', { headers: { authorization: 'Bearer s3cret-token' } });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('api_requests_total');
  });

  it('runs the checks in parallel, each under its timeout, and answers 503 when a required one fails', async () => {
    const started = Date.now();
    // metricsToken protects the detailed report too (healthToken defaults to it).
    expect((await send(app.url, '/health/detailed')).status).toBe(401);
    const reply = await send(app.url, '/health/detailed', { headers: { authorization: 'Bearer s3cret-token' } });
    // Answered though the queue check never settles (its per-check timeout is asserted below); the
    // bound leaves room for a busy machine, where two requests can take far longer than 150 ms.
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(reply.status).toBe(503);
    const body = JSON.parse(reply.body) as { status: string; checks: Record<string, Record<string, unknown>> };
    expect(body.status).toBe('fail');
    expect(body.checks.database).toMatchObject({ status: 'ok', required: true });
    expect(body.checks.cache).toMatchObject({ status: 'fail', required: false, error: 'check returned false' });
    expect(body.checks.storage).toMatchObject({ status: 'fail', required: true, error: 'disk unreachable' });
    expect(body.checks.queue).toMatchObject({ status: 'fail', required: true, error: 'timed out after 100 ms' });
    for (const check of Object.values(body.checks)) expect(typeof check.latencyMs).toBe('number');
    expect((await send(app.url, '/health')).status).toBe(200);
  });
});
