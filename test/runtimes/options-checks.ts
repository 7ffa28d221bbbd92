import { expect } from 'vitest';
import { findSamples, parseExposition, sampleValue, type Sample } from '../helpers/exposition.js';
import type { LogLine } from '../helpers/log-lines.js';
import type { ServerProcess } from './user-project.js';

/*
 * The contract of the options apps (test/package/bundle-apps/options-*.ts,
 * test/runtimes/options-fixtures/options-hono-app.mjs), which every runtime and bundle test of
 * the issue-17 options checks through checkOptionsApp:
 *
 * - `createObservability({ naming: 'otel', groups: ['api', 'jobs'], httpLabels: ['tenant'],
 *   customMetrics: { widgetsMade }, logger: { level: 'debug' }, accessLog: { level, ignore, props } })`
 *   where `level` is `debug` below 400, `silent` for 404, `warning` for another 4xx and `critical`
 *   for 5xx; `ignore` skips paths under `/quiet`; `props` adds `tenant_header` (the `x-tenant`
 *   header, else `none`).
 * - the adapter with `customLabels: { tenant: <the x-tenant header> }`, `groupStatusCodes: true`,
 *   `exclude: <the x-exclude header is "yes">`.
 * - `GET /jobs/:jobId` increments `widgets_made_total{kind="job"}`, logs `job requested` and
 *   answers `{ jobId, requestId }`; `GET /quiet` answers 200; `GET /fail` answers 500; on
 *   Fastify `GET /internal` is a route with `config: { observability: false }`.
 */

/** The histogram `naming: 'otel'` writes for the HTTP request duration (and count). */
const DURATION = 'http_server_request_duration_seconds';

async function call(server: ServerProcess, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await fetch(`${server.url}${path}`, { headers });
  await response.arrayBuffer();
  return response;
}

/**
 * Calls an options app served by `server` (one request at a time) and checks, from its
 * `/metrics` and its stdout log lines: the custom label values, status codes grouped by class,
 * excluded requests (and, with `routeOptOut`, Fastify's opted-out route) absent everywhere, the
 * OpenTelemetry names and labels, the chosen groups, the custom metric, and the access lines'
 * level, extra fields and ignored requests.
 */
export async function checkOptionsApp(server: ServerProcess, { routeOptOut }: { routeOptOut: boolean }): Promise<void> {
  expect((await call(server, '/jobs/1', { 'x-tenant': 'acme', 'x-request-id': 'opt-1' })).status).toBe(200);
  expect((await call(server, '/jobs/2', { 'x-request-id': 'opt-2' })).status).toBe(200);
  const excluded = await call(server, '/jobs/3', { 'x-tenant': 'acme', 'x-exclude': 'yes', 'x-request-id': 'opt-3' });
  expect(excluded.status).toBe(200);
  expect((await call(server, '/quiet', { 'x-tenant': 'acme', 'x-request-id': 'opt-quiet' })).status).toBe(200);
  expect((await call(server, '/fail', { 'x-tenant': 'globex', 'x-request-id': 'opt-fail' })).status).toBe(500);
  expect((await call(server, '/no/such/route', { 'x-request-id': 'opt-404' })).status).toBe(404);
  if (routeOptOut) {
    const internal = await call(server, '/internal', { 'x-tenant': 'acme', 'x-request-id': 'opt-internal' });
    expect(internal.status).toBe(200);
  }
  // The last request: once its access line is written, every earlier request's line would be too.
  expect((await call(server, '/jobs/4', { 'x-tenant': 'initech', 'x-request-id': 'opt-end' })).status).toBe(200);

  const { text, samples } = await scrapeRecorded(server, 6);
  checkMetrics(text, samples);

  const isAccess = (line: LogLine): boolean => line.message === 'request completed';
  const lines = await server.waitForLines(1, (line) => isAccess(line) && line.request_id === 'opt-end');
  checkAccessLines(lines.filter(isAccess));
  const handler = lines.filter((line) => line.message === 'job requested');
  // The handler's context is there for recorded requests, and not for the excluded one.
  expect(handler.map((line) => [line.job, line.request_id ?? null])).toEqual([
    ['1', 'opt-1'],
    ['2', 'opt-2'],
    ['3', null],
    ['4', 'opt-end'],
  ]);
}

/**
 * Scrapes until `count` requests are recorded (on Node a request is recorded when its response
 * finishes, which the client may see first), for 5 s at most; returns the last scrape.
 */
async function scrapeRecorded(server: ServerProcess, count: number): Promise<{ text: string; samples: Sample[] }> {
  const deadline = Date.now() + 5000;
  for (;;) {
    const scrape = await fetch(`${server.url}/metrics`);
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    const samples = parseExposition(text);
    const recorded = findSamples(samples, `${DURATION}_count`).reduce((sum, sample) => sum + sample.value, 0);
    if (recorded >= count || Date.now() > deadline) return { text, samples };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function checkMetrics(text: string, samples: Sample[]): void {
  const count = (route: string, status: string, tenant: string): number | undefined =>
    sampleValue(samples, `${DURATION}_count`, {
      http_request_method: 'GET',
      http_route: route,
      http_response_status_code: status,
      tenant,
    });
  expect(count('/jobs/:jobId', '2xx', 'acme')).toBe(1);
  expect(count('/jobs/:jobId', '2xx', '')).toBe(1);
  expect(count('/jobs/:jobId', '2xx', 'initech')).toBe(1);
  expect(count('/quiet', '2xx', 'acme')).toBe(1);
  expect(count('/fail', '5xx', 'globex')).toBe(1);
  expect(count('__unmatched__', '4xx', '')).toBe(1);
  const counts = findSamples(samples, `${DURATION}_count`);
  // Exactly those: the excluded request and the opted-out route are nowhere.
  expect(counts.reduce((sum, sample) => sum + sample.value, 0)).toBe(6);
  for (const sample of counts) {
    expect(Object.keys(sample.labels).sort()).toEqual([
      'http_request_method',
      'http_response_status_code',
      'http_route',
      'tenant',
    ]);
    expect(sample.labels.http_response_status_code).toMatch(/^[1-5]xx$/);
  }
  expect(samples.some((sample) => sample.labels.http_route === '/internal')).toBe(false);
  // The in-progress gauge under its OpenTelemetry name, with its own labels only.
  const active = findSamples(samples, 'http_server_active_requests');
  expect(active.length).toBeGreaterThan(0);
  for (const sample of active) expect(Object.keys(sample.labels).sort()).toEqual(['http_request_method', 'http_route']);
  expect(active.reduce((sum, sample) => sum + sample.value, 0)).toBe(0);
  // The Prometheus names are gone under `naming: 'otel'`.
  expect(samples.some((sample) => sample.name.startsWith('api_request'))).toBe(false);
  // The groups: api and jobs on (jobs families declared), video off; app always on.
  expect(text).toMatch(/^# TYPE jobs_completed_total counter$/m);
  expect(text).not.toMatch(/^# TYPE video_/m);
  expect(findSamples(samples, 'app_info')).toHaveLength(1);
  // The service's own metric, from the same registry: the excluded request's handler ran too.
  expect(sampleValue(samples, 'widgets_made_total', { kind: 'job' })).toBe(4);
}

function checkAccessLines(access: LogLine[]): void {
  expect(
    access.map((line) => [line.request_id, line.level, line.route ?? null, line.status_code, line.tenant_header]),
  ).toEqual([
    ['opt-1', 'debug', '/jobs/:jobId', 200, 'acme'],
    ['opt-2', 'debug', '/jobs/:jobId', 200, 'none'],
    ['opt-fail', 'critical', '/fail', 500, 'globex'],
    ['opt-end', 'debug', '/jobs/:jobId', 200, 'initech'],
  ]);
  for (const line of access) expect(line.duration_ms).toEqual(expect.any(Number));
}
