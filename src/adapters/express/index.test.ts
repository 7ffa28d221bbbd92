import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import express from 'express';
import { afterAll, describe, expect, it } from 'vitest';
import { findSamples, parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { send } from '../../../test/helpers/http-apps.js';
import { frameworksLoadedBy } from '../../../test/helpers/http-modules.js';
import { createObservability } from '../../create-observability.js';
import { expressObservability } from './index.js';

const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('expressObservability', () => {
  it('keeps the router prefix when a handler inside a mounted router throws', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = express();
    app.use(expressObservability(observability));
    const router = express.Router();
    router.get('/boom/:id', () => {
      throw new Error('boom');
    });
    app.use('/api', router);
    const url = await listen(app);
    expect((await send(url, '/api/boom/1')).status).toBe(500);
    const samples = parseExposition((await send(url, '/metrics')).body);
    expect(sampleValue(samples, 'api_requests_total', { route: '/api/boom/:id', status_code: '500' })).toBe(1);
  });

  it('keeps the mount path of a sub-app whose route throws, and of a bare Router outside any app', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = express();
    app.use(expressObservability(observability));
    const admin = express();
    admin.get('/jobs/:id', () => {
      throw new Error('boom');
    });
    admin.get('/ok/:id', (_req, res) => void res.send('ok'));
    app.use('/admin', admin);
    const url = await listen(app);
    expect((await send(url, '/admin/jobs/1')).status).toBe(500);
    expect((await send(url, '/admin/ok/1')).status).toBe(200);
    const router = express.Router();
    router.use(expressObservability(observability, { metricsPath: false }));
    router.get('/plain/:id', (_req, res) => void res.end('plain'));
    const bare = await listen((req, res) => router(req as express.Request, res as express.Response, () => res.end()));
    expect((await send(bare, '/plain/7')).body).toBe('plain');
    const samples = parseExposition((await send(url, '/metrics')).body);
    expect(sampleValue(samples, 'api_requests_total', { route: '/admin/jobs/:id', status_code: '500' })).toBe(1);
    expect(sampleValue(samples, 'api_requests_total', { route: '/admin/ok/:id', status_code: '200' })).toBe(1);
    expect(sampleValue(samples, 'api_requests_total', { route: '/plain/:id', status_code: '200' })).toBe(1);
  });

  it('leaves req.route working as a plain property in apps it does not instrument', async () => {
    const observed = express();
    observed.use(expressObservability(createObservability({ defaultMetrics: false })));
    observed.get('/x', (_req, res) => void res.send('x'));
    await send(await listen(observed), '/x');
    const other = express();
    other.get('/users/:id', (req, res) => {
      req.route = { ...req.route, path: '/replaced' };
      void res.json({ path: (req.route as { path: string }).path, own: Object.keys(req).includes('route') });
    });
    expect(JSON.parse((await send(await listen(other), '/users/3')).body)).toEqual({ path: '/replaced', own: true });
  });

  it('carries the active span as an exemplar in OpenMetrics when exemplars are on', async () => {
    const contextManager = new AsyncLocalStorageContextManager().enable();
    const { context } = await import('@opentelemetry/api');
    context.setGlobalContextManager(contextManager);
    const tracer = new BasicTracerProvider().getTracer('test');
    const observability = createObservability({ defaultMetrics: false, exemplars: true });
    const app = express();
    app.use(expressObservability(observability));
    app.get('/jobs/:jobId', (_req, res) => void res.send('ok'));
    let traceId = '';
    const url = await listen((req, res) =>
      tracer.startActiveSpan('request', (span) => {
        if (req.url !== '/metrics') traceId = span.spanContext().traceId;
        res.on('finish', () => span.end());
        app(req, res);
      }),
    );
    await send(url, '/jobs/1');
    const reply = await send(url, '/metrics', { headers: { accept: 'application/openmetrics-text; version=1.0.0' } });
    context.disable();
    trace.disable();
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(reply.body).toContain(`# {trace_id="${traceId}",span_id="`);
  });

  it('refuses bad options with TFO_ERR_INVALID_OPTION naming the option', () => {
    const observability = createObservability({ defaultMetrics: false });
    const cases: [Record<string, unknown>, string][] = [
      [{ metricsPath: 'metrics' }, 'metricsPath'],
      [{ healthPath: 42 }, 'healthPath'],
      [{ excludePaths: ['nope'] }, 'excludePaths[0]'],
      [{ pathPatterns: ['/a/:'] }, 'pathPatterns[0]'],
      [{ metricsToken: '' }, 'metricsToken'],
      [{ healthChecks: { db: 'up' } }, 'healthChecks.db'],
      [{ metricPath: '/m' }, 'metricPath'],
    ];
    for (const [options, option] of cases) {
      expect(() => expressObservability(observability, options as never), option).toThrowError(
        expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option }) as Error,
      );
    }
    expect(() => expressObservability({} as never)).toThrow(/createObservability/);
  });

  it('leaves routes and series alone when paths are excluded or the endpoints are turned off', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = express();
    app.use(
      expressObservability(observability, { metricsPath: false, healthPath: false, excludePaths: [/^\/static\//] }),
    );
    app.get('/health', (_req, res) => void res.send('mine'));
    app.get('/static/:file', (_req, res) => void res.send('file'));
    const url = await listen(app);
    expect((await send(url, '/health')).body).toBe('mine');
    expect((await send(url, '/metrics')).status).toBe(404);
    await send(url, '/static/a.css');
    const { body } = await observability.scrape();
    const routes = findSamples(parseExposition(body), 'api_requests_total').map((s) => s.labels.route);
    expect(routes.sort()).toEqual(['/health', '__unmatched__']);
  });

  it('loads express only, never another framework', () => {
    expect(frameworksLoadedBy('express').filter((name) => name !== 'express')).toEqual([]);
  });
});
