import { Agent, createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import Router from '@koa/router';
import express, { type RequestHandler } from 'express';
import express4 from 'express4';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import { stream as honoStream } from 'hono/streaming';
import Koa from 'koa';
import Koa2 from 'koa2';
import { createObservability, getContext, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import type { HttpObservabilityOptions } from '../../src/core/http/http-options.js';
import { parseExposition, type Sample } from './exposition.js';

/** The four adapters, by name. */
export const ADAPTERS = ['express', 'fastify', 'koa', 'hono'] as const;
export type AdapterName = (typeof ADAPTERS)[number];

/**
 * The four adapters plus the older framework majors they support, each run on the same app
 * definition: `express4` is the Express app on Express 4, `koa2` the Koa app on Koa 2 (both
 * installed as npm aliases, dev only).
 */
export const APPS = [...ADAPTERS, 'express4', 'koa2'] as const;

/**
 * {@link APPS} plus `fastify-inject`: the Fastify app driven in-process through `app.inject()`
 * (light-my-request), the way Fastify users test, with no socket. Its `url` is an `inject://`
 * address that {@link send} and {@link scrape} dispatch to `app.inject`; helpers that need a real
 * socket ({@link sendAll}, {@link abortRequest}, {@link openRequest}) refuse it.
 */
export const APPS_WITH_INJECT = [...APPS, 'fastify-inject'] as const;
export type AppName = (typeof APPS_WITH_INJECT)[number];

/** A running test app on 127.0.0.1. */
export interface RunningApp {
  readonly url: string;
  readonly observability: Observability;
  close(): Promise<void>;
}

/** What `/context/:id` and `/internal/context` answer: the request id of the logging context the handler runs in. */
const contextSeen = (): { requestId: unknown } => ({ requestId: getContext().request_id ?? null });

/** Delays of the test routes, in ms. */
export const STREAM_CHUNKS = 5;
export const STREAM_INTERVAL_MS = 30;

/** What `/hang` waits before answering: longer than any test, without keeping the process alive. */
const hang = (): Promise<void> => delay(30_000, undefined, { ref: false });

const user = (id: string): { id: string } => ({ id });

async function streamChunks(write: (chunk: string) => Promise<unknown> | unknown): Promise<void> {
  for (let i = 0; i < STREAM_CHUNKS; i++) {
    await write(`chunk ${i}\n`);
    await delay(STREAM_INTERVAL_MS);
  }
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`));
  });
}

/** Starts `server` on a free loopback port: its URL, and a `close` that ends open connections too. */
export async function listenOnLoopback(server: Server): Promise<{ url: string; close(): Promise<void> }> {
  return { url: await listen(server), close: closer(server) };
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** Express 4 does not catch a rejected handler promise (Express 5 does): its apps pass the rejection to `next`. */
const forwardRejection =
  (handler: RequestHandler): RequestHandler =>
  (req, res, next) =>
    void Promise.resolve(handler(req, res, next)).catch(next);

async function startExpress(
  framework: typeof express,
  observability: Observability,
  options: HttpObservabilityOptions,
): Promise<RunningApp> {
  const rejecting = framework === express ? (handler: RequestHandler) => handler : forwardRejection;
  const app = framework();
  app.use(expressObservability(observability, options));
  app.get('/jobs/:jobId', (req, res) => void res.json(user(req.params.jobId)));
  app.post('/jobs', (_req, res) => void res.status(201).json({ id: '1' }));
  const router = framework.Router();
  router.get('/items/:id', (req, res) => void res.json(user(req.params.id)));
  router.get('/fail/:id', () => {
    throw new Error('router boom');
  });
  app.use('/api/v1', router);
  app.get('/sync-error', () => {
    throw new Error('sync boom');
  });
  app.get(
    '/async-error',
    rejecting(async () => {
      await delay(1);
      throw new Error('async boom');
    }),
  );
  app.get('/stream', async (_req, res) => {
    await streamChunks((chunk) => res.write(chunk));
    res.end();
  });
  app.get('/slow', async (_req, res) => {
    await delay(1000);
    res.send('late');
  });
  app.get('/hang', async (_req, res) => {
    await hang();
    res.send('late');
  });
  app.get('/stream-hang', (req, res) => {
    res.write('first\n');
    req.on('close', () => res.end());
  });
  app.get('/internal/ping', (_req, res) => void res.send('pong'));
  for (const path of ['/context/:id', '/internal/context']) app.get(path, (_req, res) => void res.json(contextSeen()));
  const server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, observability, close: closer(server) };
}

async function buildFastify(observability: Observability, options: HttpObservabilityOptions): Promise<FastifyInstance> {
  const app = Fastify({ forceCloseConnections: true });
  await app.register(fastifyObservability(observability, options));
  app.get('/jobs/:jobId', async (request) => user((request.params as { jobId: string }).jobId));
  app.post('/jobs', async (_request, reply) => reply.code(201).send({ id: '1' }));
  await app.register(
    async (api) => {
      api.get('/items/:id', async (request) => user((request.params as { id: string }).id));
      api.get('/fail/:id', () => {
        throw new Error('router boom');
      });
    },
    { prefix: '/api/v1' },
  );
  app.get('/sync-error', () => {
    throw new Error('sync boom');
  });
  app.get('/async-error', async () => {
    await delay(1);
    throw new Error('async boom');
  });
  app.get('/stream', (_request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    void streamChunks((chunk) => reply.raw.write(chunk)).then(() => reply.raw.end());
  });
  app.get('/slow', async () => {
    await delay(1000);
    return 'late';
  });
  app.get('/hang', async () => {
    await hang();
    return 'late';
  });
  app.get('/stream-hang', (request, reply) => {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/plain' });
    reply.raw.write('first\n');
    request.raw.on('close', () => reply.raw.end());
  });
  app.get('/internal/ping', async () => 'pong');
  for (const path of ['/context/:id', '/internal/context']) app.get(path, async () => contextSeen());
  return app;
}

async function startFastify(observability: Observability, options: HttpObservabilityOptions): Promise<RunningApp> {
  const app = await buildFastify(observability, options);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, observability, close: () => app.close() };
}

/** The Fastify apps started for `inject()`, by their `inject://` address. */
const injected = new Map<string, FastifyInstance>();
let injectedCount = 0;

/** The same Fastify app, never listening: {@link send} reaches it through `app.inject()`. */
async function startFastifyInject(
  observability: Observability,
  options: HttpObservabilityOptions,
): Promise<RunningApp> {
  const app = await buildFastify(observability, options);
  await app.ready();
  const url = `inject://fastify-${++injectedCount}`;
  injected.set(url, app);
  return {
    url,
    observability,
    close: async () => {
      injected.delete(url);
      await app.close();
    },
  };
}

/** Refuses an `inject://` address in a helper that needs a real socket. */
function needsSocket(url: string, helper: string): void {
  if (url.startsWith('inject://'))
    throw new Error(`${helper} needs a real socket; ${url} is driven through app.inject()`);
}

async function startKoa(
  framework: typeof Koa,
  observability: Observability,
  options: HttpObservabilityOptions,
): Promise<RunningApp> {
  const app = new framework();
  app.silent = true;
  const router = new Router();
  router.get('/jobs/:jobId', (ctx) => {
    ctx.body = user(ctx.params.jobId!);
  });
  router.post('/jobs', (ctx) => {
    ctx.status = 201;
    ctx.body = { id: '1' };
  });
  router.get('/sync-error', () => {
    throw new Error('sync boom');
  });
  router.get('/async-error', async () => {
    await delay(1);
    throw new Error('async boom');
  });
  router.get('/stream', (ctx) => {
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    void streamChunks((chunk) => ctx.res.write(chunk)).then(() => ctx.res.end());
  });
  router.get('/slow', async (ctx) => {
    await delay(1000);
    ctx.body = 'late';
  });
  router.get('/hang', async (ctx) => {
    await hang();
    ctx.body = 'late';
  });
  router.get('/stream-hang', (ctx) => {
    ctx.respond = false;
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    ctx.res.write('first\n');
    ctx.req.on('close', () => ctx.res.end());
  });
  for (const path of ['/context/:id', '/internal/context']) {
    router.get(path, (ctx) => {
      ctx.body = contextSeen();
    });
  }
  router.get('/internal/ping', (ctx) => {
    ctx.body = 'pong';
  });
  const api = new Router({ prefix: '/api/v1' });
  api.get('/items/:id', (ctx) => {
    ctx.body = user(ctx.params.id!);
  });
  api.get('/fail/:id', () => {
    throw new Error('router boom');
  });
  app.use(koaObservability(observability, options));
  app.use(router.routes()).use(router.allowedMethods());
  app.use(api.routes());
  const server = createServer(app.callback());
  return { url: await listen(server), observability, close: closer(server) };
}

async function startHono(observability: Observability, options: HttpObservabilityOptions): Promise<RunningApp> {
  const app = new Hono();
  app.onError((_error, c) => c.text('Internal Server Error', 500));
  app.use(honoObservability(observability, options));
  app.get('/jobs/:jobId', (c) => c.json(user(c.req.param('jobId'))));
  app.post('/jobs', (c) => c.json({ id: '1' }, 201));
  const api = new Hono();
  api.get('/items/:id', (c) => c.json(user(c.req.param('id'))));
  api.get('/fail/:id', () => {
    throw new Error('router boom');
  });
  app.route('/api/v1', api);
  app.get('/sync-error', () => {
    throw new Error('sync boom');
  });
  app.get('/async-error', async () => {
    await delay(1);
    throw new Error('async boom');
  });
  app.get('/stream', (c) => honoStream(c, (stream) => streamChunks((chunk) => stream.write(chunk))));
  app.get('/slow', async (c) => {
    await delay(1000);
    return c.text('late');
  });
  app.get('/hang', async (c) => {
    await hang();
    return c.text('late');
  });
  app.get('/stream-hang', (c) =>
    honoStream(c, async (stream) => {
      await stream.write('first\n');
      await new Promise<void>((resolve) => stream.onAbort(resolve));
    }),
  );
  app.get('/internal/ping', (c) => c.text('pong'));
  for (const path of ['/context/:id', '/internal/context']) app.get(path, (c) => c.json(contextSeen()));
  const server = await new Promise<Server>((resolve) => {
    const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server));
  });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, observability, close: closer(server) };
}

/** Options the behaviour suite uses on every adapter. */
export const SUITE_OPTIONS: HttpObservabilityOptions = {
  excludePaths: ['/internal/ping'],
  pathPatterns: ['/downloads/job/:job_id/video/:video_format'],
};

/** Starts the standard test app of an adapter (or framework major) on 127.0.0.1 with a fresh observability object. */
export function startApp(
  adapter: AppName,
  options: HttpObservabilityOptions = SUITE_OPTIONS,
  observability: Observability = createObservability({ defaultMetrics: false, accessLog: false }),
): Promise<RunningApp> {
  switch (adapter) {
    case 'express':
      return startExpress(express, observability, options);
    case 'express4':
      return startExpress(express4, observability, options);
    case 'fastify':
      return startFastify(observability, options);
    case 'fastify-inject':
      return startFastifyInject(observability, options);
    case 'koa':
      return startKoa(Koa, observability, options);
    case 'koa2':
      return startKoa(Koa2, observability, options);
    case 'hono':
      return startHono(observability, options);
  }
}

/** A finished response. */
export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/**
 * Sends one request with node:http (any method, raw path) and reads the whole answer; to an
 * `inject://` app (`fastify-inject`), through `app.inject()` instead.
 */
export async function send(
  url: string,
  path: string,
  init: { method?: string; headers?: Record<string, string> } = {},
): Promise<Reply> {
  const app = injected.get(url);
  if (app !== undefined) {
    const reply = await app.inject({ method: (init.method ?? 'GET') as 'GET', url: path, headers: init.headers });
    return { status: reply.statusCode, headers: reply.headers as IncomingHttpHeaders, body: reply.body };
  }
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${url}${path}`,
      { method: init.method ?? 'GET', headers: init.headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/**
 * Sends GET `paths` over at most `concurrency` keep-alive connections (so the server is under
 * real concurrent load while the client stays bounded on a busy machine), each answer read to
 * its end. Resolves with every status in order; a request whose connection failed gets 0 (never
 * retried: a retry could reach the server twice and be counted twice).
 */
export async function sendAll(url: string, paths: readonly string[], concurrency = 16): Promise<number[]> {
  needsSocket(url, 'sendAll');
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const once = (path: string): Promise<number> =>
    new Promise((resolve) => {
      const req = httpRequest(`${url}${path}`, { agent }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      });
      req.on('error', () => resolve(0));
      req.end();
    });
  const statuses: number[] = new Array<number>(paths.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const index = next++;
      statuses[index] = await once(paths[index]!);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, paths.length) }, worker));
  } finally {
    agent.destroy();
  }
  return statuses;
}

/**
 * Starts a request and destroys the connection: after `afterMs`, or, with `afterMs`
 * undefined, as soon as the first body chunk arrives.
 */
export function abortRequest(url: string, path: string, afterMs?: number): Promise<void> {
  needsSocket(url, 'abortRequest');
  return new Promise((resolve) => {
    const req = httpRequest(`${url}${path}`, { agent: false }, (res) => {
      res.once('data', () => {
        if (afterMs === undefined) req.destroy();
      });
    });
    req.on('error', () => undefined);
    req.on('close', () => resolve());
    if (afterMs !== undefined) setTimeout(() => req.destroy(), afterMs);
    req.end();
  });
}

/** Starts a request and keeps it open; `abort()` destroys its connection. */
export function openRequest(url: string, path: string): { abort(): void } {
  needsSocket(url, 'openRequest');
  const req = httpRequest(`${url}${path}`, { agent: false }, (res) => res.resume());
  req.on('error', () => undefined);
  req.end();
  return { abort: () => req.destroy() };
}

/** Scrapes `/metrics` and parses it. */
export async function scrape(url: string, headers: Record<string, string> = {}): Promise<Sample[]> {
  const reply = await send(url, '/metrics', { headers });
  if (reply.status !== 200) throw new Error(`scrape answered ${reply.status}: ${reply.body}`);
  return parseExposition(reply.body);
}

/** Polls until `predicate` holds on a fresh scrape (a request is recorded when its response emits `close`). */
export async function scrapeUntil(
  url: string,
  predicate: (samples: Sample[]) => boolean,
  timeoutMs = 5000,
): Promise<Sample[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const samples = await scrape(url);
    if (predicate(samples) || Date.now() > deadline) return samples;
    await delay(20);
  }
}
