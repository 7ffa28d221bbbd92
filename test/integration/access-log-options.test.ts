/**
 * The `accessLog` callbacks (`level`, `ignore`, `props`, as pino-http's `customLogLevel`,
 * `autoLogging.ignore` and `customProps`) on real servers of every adapter, and on Fastify's
 * `inject()`: what the access lines say, that the metrics count every request whatever the
 * callbacks do, and that a callback that throws or returns garbage loses only its own effect.
 */
import type { IncomingMessage } from 'node:http';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import type { AccessLogOptions } from '../../src/core/http/access-log-options.js';
import { findSamples, type Sample } from '../helpers/exposition.js';
import {
  abortRequest,
  APPS_WITH_INJECT,
  type AppName,
  type RunningApp,
  scrapeUntil,
  send,
  startApp,
} from '../helpers/http-apps.js';
import { logCapture, type LogCapture, type LogLine } from '../helpers/log-lines.js';

/** A case that cannot apply here (inject() has no client connection to close) is not registered, rather than listed as skipped. */
const NOT_REGISTERED = (() => undefined) as unknown as typeof it;

/** The four adapters, the older framework majors they support, and Fastify's `inject()`. */
const APPS: readonly AppName[] = APPS_WITH_INJECT;

let running: RunningApp | undefined;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled.length = 0;
  process.on('unhandledRejection', onUnhandled);
});
afterEach(async () => {
  await running?.close();
  running = undefined;
  process.off('unhandledRejection', onUnhandled);
});

async function startWith(app: AppName, accessLog: AccessLogOptions): Promise<{ url: string; capture: LogCapture }> {
  const capture = logCapture();
  const observability: Observability = createObservability({
    defaultMetrics: false,
    accessLog,
    logger: { name: 'access', level: 'trace', destination: capture.destination },
  });
  running = await startApp(app, undefined, observability);
  return { url: running.url, capture };
}

const isAccess = (line: LogLine): boolean => line.message === 'request completed';

/** `api_requests_total` as `"<route> <status> <count>"`, sorted. */
function counts(samples: Sample[]): string[] {
  return findSamples(samples, 'api_requests_total')
    .map((s) => `${s.labels.route} ${s.labels.status_code} ${s.value}`)
    .sort();
}

/** Waits until `total` requests are recorded. A request is recorded before its access line is written. */
async function recorded(url: string, total: number): Promise<string[]> {
  const sum = (samples: Sample[]): number =>
    findSamples(samples, 'api_requests_total').reduce((acc, s) => acc + s.value, 0);
  const samples = await scrapeUntil(url, (s) => sum(s) >= total, 30_000);
  return counts(samples);
}

describe.each(APPS)('accessLog callbacks on %s', (app) => {
  it('choose the level, skip ignored requests and add fields from the request, redacted, never over the own fields', async () => {
    const levelCalls: [number, string | undefined, boolean][] = [];
    const { url, capture } = await startWith(app, {
      level: (status, request, aborted) => {
        levelCalls.push([status, request.url, aborted]);
        if (status === 404) return 'silent';
        return status >= 500 ? 'critical' : 'debug';
      },
      ignore: (request) => request.url?.startsWith('/jobs/skip') === true,
      props: (request) => ({
        tenant: request.headers['x-tenant'],
        status_code: 'forged',
        route: '/forged',
        level: 'critical',
        token: 'secret-value',
        nested: { password: 'hunter2', plan: 'pro' },
      }),
    });
    expect((await send(url, '/jobs/1', { headers: { 'x-tenant': 'acme', 'x-request-id': 'r-1' } })).status).toBe(200);
    expect((await send(url, '/jobs/skip-1')).status).toBe(200);
    expect((await send(url, '/missing')).status).toBe(404);
    expect((await send(url, '/sync-error', { headers: { 'x-request-id': 'r-3' } })).status).toBe(500);
    // Every request is counted, the skipped and the silent ones too.
    expect(await recorded(url, 4)).toEqual(['/jobs/:jobId 200 2', '/sync-error 500 1', '__unmatched__ 404 1']);
    const lines = capture.lines().filter(isAccess);
    expect(lines).toEqual([
      expect.objectContaining({
        level: 'debug',
        request_id: 'r-1',
        route: '/jobs/:jobId',
        status_code: 200,
        path: '/jobs/1',
        tenant: 'acme',
        field_status_code: 'forged',
        field_route: '/forged',
        field_level: 'critical',
        token: '[Redacted]',
        nested: { password: '[Redacted]', plan: 'pro' },
      }),
      expect.objectContaining({ level: 'critical', request_id: 'r-3', status_code: 500, route: '/sync-error' }),
    ]);
    // The ignored request was never asked for a level; the others were, once each.
    expect(levelCalls.map(([status, path, aborted]) => `${status} ${path} ${aborted}`)).toEqual([
      '200 /jobs/1 false',
      '404 /missing false',
      '500 /sync-error false',
    ]);
  });

  (app === 'fastify-inject' ? NOT_REGISTERED : it)(
    'tell the level callback that the client went away (499, aborted)',
    async () => {
      const { url, capture } = await startWith(app, {
        level: (status, _request, aborted) => (aborted && status === 499 ? 'critical' : 'info'),
      });
      await abortRequest(url, '/stream-hang');
      const [line] = await capture.waitFor(1, isAccess);
      expect(line).toMatchObject({ level: 'critical', status_code: 499, aborted: true, route: '/stream-hang' });
    },
  );
});

/** What a broken callback does: throw, or return something it was not asked for. */
const BROKEN: Record<string, () => unknown> = {
  throws: () => {
    throw new Error('callback bug');
  },
  'throws a non-error': () => {
    throw 'a string';
  },
  undefined: () => undefined,
  null: () => null,
  number: () => 42,
  'unknown level name': () => 'loud',
  'upper-case level': () => 'ERROR',
  'a prototype name': () => 'toString',
  'truthy non-true': () => 'yes',
  array: () => ['a', 'b'],
  map: () => new Map([['a', 1]]),
  'class instance': () => new URL('http://x/'),
  'rejected promise': () => Promise.reject(new Error('async bug')),
  'resolved promise': () => Promise.resolve({ tenant: 'late' }),
  'getter that throws': () =>
    Object.defineProperty({ ok: 1 }, 'bad', {
      enumerable: true,
      get() {
        throw new Error('getter bug');
      },
    }),
  'proxy that throws': () =>
    new Proxy(
      {},
      {
        getPrototypeOf() {
          throw new Error('proxy bug');
        },
      },
    ),
  'thenable that throws': () => ({
    get then() {
      throw new Error('then bug');
    },
  }),
};
const CASES = Object.keys(BROKEN);

/** Every callback misbehaves the way the request's `x-case` header says. */
function brokenCallbacks(): AccessLogOptions {
  const broken = (request: IncomingMessage): unknown => BROKEN[String(request.headers['x-case'])]!();
  return {
    level: (_status, request) => broken(request) as 'info',
    ignore: (request) => broken(request) as boolean,
    props: (request) => broken(request) as Record<string, unknown>,
  };
}

describe.each(APPS)('accessLog callbacks that throw or return garbage, on %s', (app) => {
  it(`lose only their own effect: ${CASES.length} kinds, default level, no props, every request counted`, async () => {
    const { url, capture } = await startWith(app, brokenCallbacks());
    for (const [i, kind] of CASES.entries()) {
      const headers = { 'x-case': kind, 'x-request-id': `case-${i}` };
      expect((await send(url, `/jobs/${i}`, { headers })).status).toBe(200);
      expect((await send(url, '/sync-error', { headers: { ...headers, 'x-request-id': `fail-${i}` } })).status).toBe(
        500,
      );
    }
    expect(await recorded(url, CASES.length * 2)).toEqual([
      `/jobs/:jobId 200 ${CASES.length}`,
      `/sync-error 500 ${CASES.length}`,
    ]);
    const lines = await capture.waitFor(CASES.length * 2, isAccess);
    const OWN = ['request_id', 'method', 'route', 'status_code', 'duration_ms', 'path', 'bytes'];
    for (const [i, kind] of CASES.entries()) {
      const ok = lines.find((line) => line.request_id === `case-${i}`);
      const failed = lines.find((line) => line.request_id === `fail-${i}`);
      expect({ kind, level: ok?.level, failed: failed?.level }).toEqual({ kind, level: 'info', failed: 'error' });
      // The head fields and the line's own fields, nothing from the broken props.
      const extra = Object.keys(ok!).filter(
        (key) => !['timestamp', 'level', 'logger', 'message', 'pid', ...OWN].includes(key),
      );
      expect({ kind, extra }).toEqual({ kind, extra: [] });
    }
    // Let the rejected promises settle: none may be left unhandled.
    await new Promise((resolve) => setImmediate(resolve));
    expect(unhandled).toEqual([]);
  });
});

describe('accessLog callbacks on Hono without Node http objects (app.request: Bun, Deno, Workers)', () => {
  it('see the request view, no Node response, and work as on Node', async () => {
    const { Hono } = await import('hono');
    const { honoObservability } = await import('../../src/adapters/hono/index.js');
    const capture = logCapture();
    const seen: string[] = [];
    const observability = createObservability({
      defaultMetrics: false,
      accessLog: {
        level: (status) => (status === 202 ? 'warning' : 'info'),
        ignore: (request) => request.url === '/health-probe',
        props: (request, response) => {
          seen.push(`${request.method} ${request.url} ${response === undefined ? 'no response' : 'response'}`);
          return { agent: request.headers['user-agent'] };
        },
      },
      logger: { name: 'edge', destination: capture.destination },
    });
    const app = new Hono();
    app.use(honoObservability(observability));
    app.get('/health-probe', (c) => c.text('ok'));
    app.get('/jobs/:jobId', (c) => c.json({ id: c.req.param('jobId') }, 202));
    expect((await app.request('/health-probe')).status).toBe(200);
    expect((await app.request('/jobs/9?x=1', { headers: { 'user-agent': 'probe/1' } })).status).toBe(202);
    const lines = (await capture.waitFor(1, isAccess)).filter(isAccess);
    expect(lines).toEqual([
      expect.objectContaining({ level: 'warning', route: '/jobs/:jobId', path: '/jobs/9', agent: 'probe/1' }),
    ]);
    expect(seen).toEqual(['GET /jobs/9?x=1 no response']);
  });
});
