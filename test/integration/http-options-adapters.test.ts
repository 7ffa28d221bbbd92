/**
 * The per-request options peers' users rely on (`customLabels` of labels declared with
 * `httpLabels`, `groupStatusCodes`, `exclude`), on every adapter and framework major, on real
 * servers on 127.0.0.1 and through Fastify's `inject()`.
 */
import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { findSamples, parseExposition, sampleValue, type Sample } from '../helpers/exposition.js';
import { logCapture } from '../helpers/log-lines.js';
import {
  APPS_WITH_INJECT,
  type AppName,
  openRequest,
  scrapeUntil,
  send,
  startApp,
  SUITE_OPTIONS,
} from '../helpers/http-apps.js';

/** A case that cannot apply here (inject() has no client connection to close) is not registered, rather than listed as skipped. */
const NOT_REGISTERED = (() => undefined) as unknown as typeof it;

/**
 * A request header, read from whichever framework request the option receives: Hono's context
 * (`c.req.header`), or the `headers` of Express's `req`, Fastify's `request` and Koa's `ctx`.
 */
function header(request: unknown, name: string): string | undefined {
  const hono = (request as { req?: { header?: (name: string) => string | undefined } }).req;
  if (typeof hono?.header === 'function') return hono.header(name);
  const value = (request as { headers: Record<string, string | string[] | undefined> }).headers[name];
  return typeof value === 'string' ? value : undefined;
}

function total(samples: Sample[]): number {
  return findSamples(samples, 'api_requests_total').reduce((sum, sample) => sum + sample.value, 0);
}

function inFlight(samples: Sample[]): number {
  return findSamples(samples, 'api_requests_in_progress').reduce((sum, sample) => sum + sample.value, 0);
}

const observed = (capture = logCapture()) =>
  createObservability({
    defaultMetrics: false,
    accessLog: false,
    httpLabels: ['plan', 'broken'],
    logger: { destination: capture.destination },
  });

const OPTIONS = {
  ...SUITE_OPTIONS,
  groupStatusCodes: true,
  customLabels: {
    plan: (request: unknown) => header(request, 'x-plan'),
    broken: (request: unknown): string => {
      if (header(request, 'x-break') === 'throw') throw new Error('label function failed');
      return (header(request, 'x-break') === 'number' ? 42 : 'fine') as string;
    },
  },
  exclude: (request: unknown): boolean => {
    if (header(request, 'x-exclude') === 'throw') throw new Error('predicate failed');
    return header(request, 'x-exclude') === 'yes';
  },
};

const onSocket = (app: AppName) => app !== 'fastify-inject';

describe.each(APPS_WITH_INJECT)('%s: customLabels, groupStatusCodes, exclude', (adapter) => {
  it('labels each request from its own request, groups statuses by class, and leaves excluded requests out', async () => {
    const capture = logCapture();
    const app = await startApp(adapter, OPTIONS, observed(capture));
    try {
      expect((await send(app.url, '/jobs/1', { headers: { 'x-plan': 'pro' } })).status).toBe(200);
      expect((await send(app.url, '/jobs/2')).status).toBe(200);
      expect((await send(app.url, '/api/v1/items/3', { headers: { 'x-plan': 'free' } })).status).toBe(200);
      expect((await send(app.url, '/sync-error', { headers: { 'x-plan': 'pro' } })).status).toBe(500);
      expect((await send(app.url, '/no/such/route')).status).toBe(404);
      // A label function that throws, or returns a non-string, loses only that label.
      expect((await send(app.url, '/jobs/4', { headers: { 'x-plan': 'pro', 'x-break': 'throw' } })).status).toBe(200);
      expect((await send(app.url, '/jobs/5', { headers: { 'x-plan': 'pro', 'x-break': 'number' } })).status).toBe(200);
      // Excluded: not counted. A predicate that throws records the request.
      expect((await send(app.url, '/jobs/6', { headers: { 'x-exclude': 'yes' } })).status).toBe(200);
      expect((await send(app.url, '/jobs/7', { headers: { 'x-exclude': 'throw' } })).status).toBe(200);

      const samples = await scrapeUntil(app.url, (s) => total(s) >= 8);
      const count = (labels: Record<string, string>) => sampleValue(samples, 'api_requests_total', labels);
      const jobs = { method: 'GET', route: '/jobs/:jobId', status_code: '2xx' };
      expect(count({ ...jobs, plan: 'pro', broken: 'fine' })).toBe(1);
      expect(count({ ...jobs, plan: '', broken: 'fine' })).toBe(2); // no header; the throwing predicate's request
      expect(count({ ...jobs, plan: 'pro', broken: '' })).toBe(2); // the throwing and the non-string label
      expect(count({ method: 'GET', route: '/api/v1/items/:id', status_code: '2xx', plan: 'free' })).toBe(1);
      expect(count({ method: 'GET', route: '/sync-error', status_code: '5xx', plan: 'pro' })).toBe(1);
      expect(count({ method: 'GET', route: '__unmatched__', status_code: '4xx', plan: '' })).toBe(1);
      expect(total(samples)).toBe(8);
      const histogram = { method: 'GET', route: '/sync-error', status_code: '5xx', plan: 'pro', broken: 'fine' };
      expect(sampleValue(samples, 'api_request_duration_seconds_count', histogram)).toBe(1);
      // No exact status is left once grouping is on.
      const statuses = new Set(findSamples(samples, 'api_requests_total').map((s) => s.labels.status_code));
      expect([...statuses].sort()).toEqual(['2xx', '4xx', '5xx']);
      // Each broken function is told once, as a warning, however often it fails.
      expect((await send(app.url, '/jobs/8', { headers: { 'x-break': 'throw', 'x-exclude': 'throw' } })).status).toBe(
        200,
      );
      await scrapeUntil(app.url, (s) => total(s) >= 9);
      const warnings = capture.lines().filter((line) => line.level === 'warning');
      expect(warnings.map((line) => line.message.replace(/ of \w+Observability/, '')).sort()).toEqual([
        'customLabels.broken threw; the label is recorded as "" (told once)',
        'exclude threw; such requests are recorded (told once)',
      ]);
      // The in-progress gauge keeps its own labels.
      for (const gauge of findSamples(samples, 'api_requests_in_progress'))
        expect(Object.keys(gauge.labels).sort()).toEqual(['method', 'route']);
    } finally {
      await app.close();
    }
  });

  (onSocket(adapter) ? it : NOT_REGISTERED)(
    'an excluded request never enters the in-progress gauge; a client that closes early is 4xx',
    async () => {
      const app = await startApp(adapter, OPTIONS, observed());
      try {
        // An excluded request and a recorded one, both left open: only the recorded one is in flight.
        const excluded = await openExcluded(app.url, '/hang');
        const recorded = openRequest(app.url, '/hang');
        let samples = await scrapeUntil(app.url, (s) => inFlight(s) >= 1);
        expect(inFlight(samples)).toBe(1);
        // Both closed by the client: the recorded one is 499, grouped as 4xx; the excluded one is not counted.
        excluded.abort();
        recorded.abort();
        samples = await scrapeUntil(app.url, (s) => total(s) >= 1 && inFlight(s) === 0);
        expect(findSamples(samples, 'api_requests_total').map((s) => [s.labels.route, s.labels.status_code])).toEqual([
          ['/hang', '4xx'],
        ]);
        expect(inFlight(samples)).toBe(0);
      } finally {
        await app.close();
      }
    },
  );
});

/** Opens a request excluded by the `x-exclude: yes` header and keeps it open until `abort()`. */
async function openExcluded(url: string, path: string): Promise<{ abort(): void }> {
  const req = httpRequest(`${url}${path}`, { agent: false, headers: { 'x-exclude': 'yes' } }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end();
  await new Promise<void>((resolve) => req.once('socket', (socket) => socket.once('connect', () => resolve())));
  return { abort: () => req.destroy() };
}

describe('hono on a fetch runtime (app.request, no Node http objects)', () => {
  it('labels, groups and excludes the same way', async () => {
    const { Hono } = await import('hono');
    const { honoObservability } = await import('../../src/adapters/hono/index.js');
    const observability = observed();
    const app = new Hono();
    app.onError((_error, c) => c.text('Internal Server Error', 500));
    app.use(
      honoObservability(observability, {
        groupStatusCodes: true,
        customLabels: {
          plan: (c) => c.req.header('x-plan'),
          broken: () => {
            throw new Error('label function failed');
          },
        },
        exclude: (c) => c.req.header('x-exclude') === 'yes',
      }),
    );
    app.get('/jobs/:jobId', (c) => c.json({ id: c.req.param('jobId') }));
    app.get('/sync-error', () => {
      throw new Error('sync boom');
    });
    expect((await app.request('/jobs/1', { headers: { 'x-plan': 'pro' } })).status).toBe(200);
    expect((await app.request('/jobs/2', { headers: { 'x-exclude': 'yes' } })).status).toBe(200);
    expect((await app.request('/sync-error')).status).toBe(500);
    const { body } = await observability.scrape();
    const samples = findSamples(parseExposition(body), 'api_requests_total');
    expect(samples.map((s) => s.labels)).toEqual([
      { method: 'GET', route: '/jobs/:jobId', status_code: '2xx', plan: 'pro', broken: '' },
      { method: 'GET', route: '/sync-error', status_code: '5xx', plan: '', broken: '' },
    ]);
  });
});
