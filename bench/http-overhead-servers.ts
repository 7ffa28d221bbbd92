/**
 * One server of `bench/http-overhead.bench.ts`, started in its own process (pinned to a core
 * by the bench): `tsx bench/http-overhead-servers.ts <framework> <variant>`. It listens on a free
 * port of 127.0.0.1, prints `ready <port>` and serves `GET /jobs/:jobId` plus the variant's
 * `/metrics`. Variants: `bare`, `ours` (defaults), `lean` (`requestContext: false`), `peer`
 * (express-prom-bundle, fastify-metrics, @hono/prometheus; Koa has no installed peer, so `peer` is
 * the hand-rolled middleware), `hand` (a careful hand-rolled prom-client middleware: templates as
 * labels, one timer per request), `floor` (one middleware that does nothing: the least any
 * middleware costs on the framework) and `als` (bare plus an AsyncLocalStorage entered per request,
 * as an app running OpenTelemetry's context manager has: what `ours` is compared with there).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { prometheus } from '@hono/prometheus';
import Router from '@koa/router';
import express, { type Request } from 'express';
import promBundle from 'express-prom-bundle';
import Fastify, { type FastifyPluginCallback } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import Koa from 'koa';
import { Counter, Histogram, Registry } from 'prom-client';
// The built package, as users run it: bench/run.ts points tsx at bench/tsconfig.json (no paths).
import { BUCKETS, createObservability } from '@transcode-flow/observability';
import { expressObservability } from '@transcode-flow/observability/express';
import { fastifyObservability } from '@transcode-flow/observability/fastify';
import { honoObservability } from '@transcode-flow/observability/hono';
import { koaObservability } from '@transcode-flow/observability/koa';

const [framework = 'express', variant = 'bare'] = process.argv.slice(2);
const observability = createObservability({ defaultMetrics: false, accessLog: false });
const registry = new Registry();
/** The `als` variant's storage: one store entered per request, like a tracing context manager. */
const storage = new AsyncLocalStorage<{ readonly request: number }>();
let requests = 0;

/** The careful hand-rolled middleware's metrics: label children resolved per request by prom-client. */
function handRolled(): (method: string, route: string, status: number, seconds: number) => void {
  const labelNames = ['method', 'route', 'status_code'];
  const total = new Counter({ name: 'hand_requests_total', help: 'h', labelNames, registers: [registry] });
  const duration = new Histogram({
    name: 'hand_request_duration_seconds',
    help: 'h',
    labelNames,
    buckets: [...BUCKETS.httpLatency],
    registers: [registry],
  });
  return (method, route, status, seconds) => {
    const labels = { method, route, status_code: status };
    total.inc(labels);
    duration.observe(labels, seconds);
  };
}

function onEnd(res: ServerResponse, done: () => void): void {
  res.once('finish', done);
  res.once('close', done);
}

async function metricsText(): Promise<string> {
  return registry.metrics();
}

function expressApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  if (variant === 'floor') app.use((_req, _res, next) => next());
  if (variant === 'als') app.use((_req, _res, next) => storage.run({ request: ++requests }, next));
  if (variant === 'ours') app.use(expressObservability(observability));
  if (variant === 'lean') app.use(expressObservability(observability, { requestContext: false }));
  if (variant === 'peer') app.use(promBundle({ includeMethod: true, includePath: true, promRegistry: registry }));
  if (variant === 'hand') {
    const record = handRolled();
    app.use((req, res, next) => {
      const start = performance.now();
      let once = false;
      onEnd(res, () => {
        if (once) return;
        once = true;
        const route = (req as Request).route ? req.baseUrl + String((req as Request).route.path) : '__unmatched__';
        record(req.method, route, res.statusCode, (performance.now() - start) / 1000);
      });
      next();
    });
    app.get('/metrics', async (_req, res) => void res.type('text/plain').send(await metricsText()));
  }
  app.get('/jobs/:jobId', (req, res) => void res.json({ id: req.params.jobId, state: 'done' }));
  return app;
}

async function fastifyServer(): Promise<number> {
  const app = Fastify();
  if (variant === 'floor') app.addHook('onRequest', (_request, _reply, done) => done());
  if (variant === 'als')
    app.addHook('onRequest', (_request, _reply, done) => {
      storage.enterWith({ request: ++requests });
      done();
    });
  if (variant === 'ours') await app.register(fastifyObservability(observability));
  if (variant === 'lean') await app.register(fastifyObservability(observability, { requestContext: false }));
  if (variant === 'peer') {
    // fastify-metrics' typings target an older fastify-plugin signature; the options are its documented ones.
    const plugin = fastifyMetrics as unknown as FastifyPluginCallback<Record<string, unknown>>;
    await app.register(plugin, { endpoint: '/metrics', defaultMetrics: { enabled: false } });
  }
  if (variant === 'hand') {
    const record = handRolled();
    const starts = new WeakMap<object, number>();
    app.addHook('onRequest', (request, _reply, done) => {
      starts.set(request, performance.now());
      done();
    });
    app.addHook('onResponse', (request, reply, done) => {
      const seconds = (performance.now() - (starts.get(request) ?? performance.now())) / 1000;
      record(request.method, request.routeOptions.url ?? '__unmatched__', reply.statusCode, seconds);
      done();
    });
    app.get('/metrics', async (_request, reply) => reply.type('text/plain').send(await metricsText()));
  }
  app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId, state: 'done' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

function koaApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = new Koa();
  const router = new Router();
  if (variant === 'floor') app.use((_ctx, next) => next());
  if (variant === 'als') app.use((_ctx, next) => storage.run({ request: ++requests }, next));
  if (variant === 'ours') app.use(koaObservability(observability));
  if (variant === 'lean') app.use(koaObservability(observability, { requestContext: false }));
  if (variant === 'peer' || variant === 'hand') {
    const record = handRolled();
    app.use(async (ctx, next) => {
      const start = performance.now();
      let once = false;
      onEnd(ctx.res, () => {
        if (once) return;
        once = true;
        const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? '__unmatched__';
        record(ctx.method, route, ctx.status, (performance.now() - start) / 1000);
      });
      await next();
    });
    router.get('/metrics', async (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = await metricsText();
    });
  }
  router.get('/jobs/:jobId', (ctx) => {
    ctx.body = { id: ctx.params.jobId, state: 'done' };
  });
  app.use(router.routes());
  return app.callback();
}

function honoApp(): Hono {
  const app = new Hono();
  if (variant === 'floor') app.use(async (_c, next) => next());
  if (variant === 'als') app.use(async (_c, next) => storage.run({ request: ++requests }, next));
  if (variant === 'ours') app.use(honoObservability(observability));
  if (variant === 'lean') app.use(honoObservability(observability, { requestContext: false }));
  if (variant === 'peer') {
    const { printMetrics, registerMetrics } = prometheus({ registry });
    app.use('*', registerMetrics);
    app.get('/metrics', printMetrics);
  }
  if (variant === 'hand') {
    const record = handRolled();
    app.use(async (c, next) => {
      const start = performance.now();
      await next();
      record(c.req.method, routePath(c), c.res.status, (performance.now() - start) / 1000);
    });
    app.get('/metrics', async (c) => c.text(await metricsText()));
  }
  app.get('/jobs/:jobId', (c) => c.json({ id: c.req.param('jobId'), state: 'done' }));
  return app;
}

async function start(): Promise<number> {
  if (framework === 'fastify') return fastifyServer();
  if (framework === 'hono') {
    const app = honoApp();
    return new Promise((resolve) => {
      const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
      void server;
    });
  }
  const server = createServer(framework === 'koa' ? koaApp() : expressApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const port = await start();
process.stdout.write(`ready ${port}\n`);
