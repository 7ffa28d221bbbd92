/**
 * One server of `bench/http-overhead.bench.ts`, started in its own process (pinned to a core
 * by the bench, under the Node line being measured):
 * `node --import tsx bench/http-overhead-servers.ts <framework> <variant>`. It listens on a free
 * port of 127.0.0.1, prints `ready <port>` and serves `GET /jobs/:jobId` plus the variant's
 * `/metrics`. On SIGTERM or SIGINT it exits cleanly, so `--cpu-prof` writes its profile.
 *
 * Variants (see `bench/http-variants.ts` for what each one stands for): `bare`, `floor`, `als`,
 * `peer`, `hand`, `default` (ours, `createObservability({ accessLog: false })`), `metrics` (ours,
 * plus `requestContext: false`), `log` (ours with the access log written to `BENCH_LOG_FILE`) and
 * `pino` (bare plus one plain pino line per request written to `BENCH_LOG_FILE`); for
 * `bench/ab.ts` also `end` (`floor` plus a `close` listener on the response that does nothing).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { openSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import { prometheus } from '@hono/prometheus';
import Router from '@koa/router';
import express, { type Request } from 'express';
import promBundle from 'express-prom-bundle';
import Fastify, { type FastifyPluginCallback } from 'fastify';
import fastifyMetrics from 'fastify-metrics';
import { Hono } from 'hono';
import { routePath } from 'hono/route';
import Koa, { type Middleware } from 'koa';
import { pino } from 'pino';
import { Counter, Histogram, Registry } from 'prom-client';
import type { Observability } from '@transcode-flow/observability';

/**
 * The built package, as users run it (bench/run.ts points tsx at bench/tsconfig.json, which has
 * no paths), or the copy of a build in BENCH_DIST (`bench/snapshot-dist.ts`), so that a rebuild
 * of dist/ during a long run cannot change what is measured.
 */
async function entry<T>(name: string): Promise<T> {
  const dist = process.env.BENCH_DIST;
  const specifier = dist
    ? pathToFileURL(resolve(dist, `${name}.js`)).href
    : `@transcode-flow/observability${name === 'index' ? '' : `/${name}`}`;
  return (await import(specifier)) as T;
}
const { BUCKETS, createObservability } = await entry<typeof import('@transcode-flow/observability')>('index');
const { expressObservability } = await entry<typeof import('@transcode-flow/observability/express')>('express');
const { fastifyObservability } = await entry<typeof import('@transcode-flow/observability/fastify')>('fastify');
const { honoObservability } = await entry<typeof import('@transcode-flow/observability/hono')>('hono');
const { koaObservability } = await entry<typeof import('@transcode-flow/observability/koa')>('koa');

const [framework = 'express', variant = 'bare'] = process.argv.slice(2);
const ours = variant === 'default' || variant === 'metrics' || variant === 'log';
const logFd = variant === 'log' || variant === 'pino' ? openSync(requiredLogFile(), 'a') : undefined;

function requiredLogFile(): string {
  const file = process.env.BENCH_LOG_FILE;
  if (!file) throw new Error(`the ${variant} variant writes its lines to BENCH_LOG_FILE, which is not set`);
  return file;
}

/**
 * Ours, created only for our variants (the runtime metrics it turns on by default must not tax
 * the others): `default` and `metrics` as the issue defines them, `log` with its access log on.
 */
const observability: Observability | undefined = !ours
  ? undefined
  : variant === 'log'
    ? createObservability({ logger: { destination: logFd! } })
    : createObservability({ accessLog: false });
const adapterOptions = { requestContext: variant !== 'metrics' };

/** The `pino` variant's logger: plain pino, synchronous, into the same kind of file as `log`. */
const plainLogger = variant === 'pino' ? pino(pino.destination({ dest: logFd!, sync: true })) : undefined;
function plainLine(method: string, path: string, status: number, start: number): void {
  plainLogger!.info(
    { method, path, status_code: status, duration_ms: Math.round((performance.now() - start) * 1e3) / 1e3 },
    'request completed',
  );
}

/** The `end` variant's response listener: it does nothing, so what it costs is Node's part of watching a response end. */
const nothing = (): void => {};

const registry = new Registry();
/** The `als` variant's storage: one store entered per request, like a tracing context manager. */
const storage = new AsyncLocalStorage<{ readonly request: number }>();
let requests = 0;

/** What the careful hand-rolled middleware keeps per label set: prom-client's bound children. */
interface HandSeries {
  readonly total: { inc(): void };
  readonly duration: { observe(seconds: number): void };
}

/**
 * A careful hand-rolled prom-client middleware's recording: route templates as labels, and the
 * bound children of each (method, route, status) cached in a Map, so prom-client's label
 * validation and hashing run once per label set, not once per request.
 */
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
  const cache = new Map<string, HandSeries>();
  return (method, route, status, seconds) => {
    const key = `${method} ${status} ${route}`;
    let series = cache.get(key);
    if (series === undefined) {
      series = {
        total: total.labels(method, route, String(status)),
        duration: duration.labels(method, route, String(status)),
      };
      cache.set(key, series);
    }
    series.total.inc();
    series.duration.observe(seconds);
  };
}

async function metricsText(): Promise<string> {
  return registry.metrics();
}

const pathOf = (url: string | undefined): string => {
  const raw = url ?? '/';
  const query = raw.indexOf('?');
  return query === -1 ? raw : raw.slice(0, query);
};

function expressApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = express();
  if (variant === 'floor') app.use((_req, _res, next) => next());
  if (variant === 'end')
    app.use((_req, res, next) => {
      res.on('close', nothing);
      next();
    });
  if (variant === 'als') app.use((_req, _res, next) => storage.run({ request: ++requests }, next));
  if (ours) app.use(expressObservability(observability!, adapterOptions));
  if (variant === 'peer') app.use(promBundle({ includeMethod: true, includePath: true, promRegistry: registry }));
  if (variant === 'pino')
    app.use((req, res, next) => {
      const start = performance.now();
      const path = pathOf(req.url);
      res.once('close', () => plainLine(req.method, path, res.statusCode, start));
      next();
    });
  if (variant === 'hand') {
    const record = handRolled();
    app.use((req, res, next) => {
      const start = performance.now();
      // 'close' follows 'finish' on every response since Node 14, and also comes for an aborted one.
      res.once('close', () => {
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
  if (variant === 'end')
    app.addHook('onRequest', (_request, reply, done) => {
      reply.raw.on('close', nothing);
      done();
    });
  if (variant === 'als')
    app.addHook('onRequest', (_request, _reply, done) => {
      storage.enterWith({ request: ++requests });
      done();
    });
  if (ours) await app.register(fastifyObservability(observability!, adapterOptions));
  if (variant === 'peer') {
    // fastify-metrics' typings target an older fastify-plugin signature; its defaults are kept.
    const plugin = fastifyMetrics as unknown as FastifyPluginCallback<Record<string, unknown>>;
    await app.register(plugin, { endpoint: '/metrics' });
  }
  if (variant === 'pino')
    app.addHook('onResponse', (request, reply, done) => {
      plainLogger!.info(
        {
          method: request.method,
          path: pathOf(request.url),
          status_code: reply.statusCode,
          duration_ms: reply.elapsedTime,
        },
        'request completed',
      );
      done();
    });
  if (variant === 'hand') {
    const record = handRolled();
    // Fastify already times every request: reply.elapsedTime, so no onRequest hook is needed.
    app.addHook('onResponse', (request, reply, done) => {
      record(request.method, request.routeOptions.url ?? '__unmatched__', reply.statusCode, reply.elapsedTime / 1000);
      done();
    });
    app.get('/metrics', async (_request, reply) => reply.type('text/plain').send(await metricsText()));
  }
  app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId, state: 'done' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return (app.server.address() as AddressInfo).port;
}

/** prometheus-api-metrics 4 (CommonJS, reads its caller's package.json): its Koa middleware, with its defaults. */
function koaPeer(): Middleware {
  const load = createRequire(import.meta.url)('prometheus-api-metrics') as { koaMiddleware: () => Middleware };
  return load.koaMiddleware();
}

function koaApp(): (req: IncomingMessage, res: ServerResponse) => void {
  const app = new Koa();
  const router = new Router();
  if (variant === 'floor') app.use((_ctx, next) => next());
  if (variant === 'end')
    app.use((ctx, next) => {
      ctx.res.on('close', nothing);
      return next();
    });
  if (variant === 'als') app.use((_ctx, next) => storage.run({ request: ++requests }, next));
  if (ours) app.use(koaObservability(observability!, adapterOptions));
  if (variant === 'peer') app.use(koaPeer());
  if (variant === 'pino')
    app.use((ctx, next) => {
      const start = performance.now();
      const path = pathOf(ctx.req.url);
      ctx.res.once('close', () => plainLine(ctx.method, path, ctx.res.statusCode, start));
      return next();
    });
  if (variant === 'hand') {
    const record = handRolled();
    app.use((ctx, next) => {
      const start = performance.now();
      ctx.res.once('close', () => {
        const route = (ctx as { _matchedRoute?: string })._matchedRoute ?? '__unmatched__';
        record(ctx.method, route, ctx.res.statusCode, (performance.now() - start) / 1000);
      });
      return next();
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
  if (variant === 'end')
    app.use(async (c, next) => {
      (c.env as { outgoing: ServerResponse }).outgoing.on('close', nothing);
      return next();
    });
  if (variant === 'als') app.use(async (_c, next) => storage.run({ request: ++requests }, next));
  if (ours) app.use(honoObservability(observability!, adapterOptions));
  if (variant === 'peer') {
    const { printMetrics, registerMetrics } = prometheus({ registry });
    app.use('*', registerMetrics);
    app.get('/metrics', printMetrics);
  }
  if (variant === 'pino')
    app.use(async (c, next) => {
      const start = performance.now();
      await next();
      plainLine(c.req.method, c.req.path, c.res.status, start);
    });
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
      serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    });
  }
  const server = createServer(framework === 'koa' ? koaApp() : expressApp());
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

// A clean exit on the bench's signal, so that --cpu-prof writes its profile and pino flushes.
for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => process.exit(0));
const port = await start();
process.stdout.write(`ready ${port}\n`);
