import { Agent, createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { serve } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import { afterEach, describe, expect, it } from 'vitest';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { createObservability, getContext, getLogger, type Observability } from '../../src/index.js';
import { ADAPTERS, type AdapterName } from '../helpers/http-apps.js';
import { logCapture, type LogLine } from '../helpers/log-lines.js';

/** How many times each job was requested on the server: a client retry would show here as a 2. */
const arrivals = new Map<string, number>();

/** The work of `GET /jobs/:jobId`: log, wait, log again, answer with what the context says. */
async function handleJob(jobId: string): Promise<{ jobId: string; requestId: unknown }> {
  arrivals.set(jobId, (arrivals.get(jobId) ?? 0) + 1);
  getLogger('handler').info({ job: jobId }, 'job requested');
  await delay(Math.random() * 20);
  await new Promise((resolve) => setImmediate(resolve));
  getLogger('handler').info({ job: jobId }, 'job answered');
  return { jobId, requestId: getContext().request_id };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

interface App {
  url: string;
  close(): Promise<void>;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

async function start(adapter: AdapterName, observability: Observability): Promise<App> {
  switch (adapter) {
    case 'express': {
      const app = express();
      app.use(expressObservability(observability));
      app.get('/jobs/:jobId', async (req, res) => void res.json(await handleJob(req.params.jobId)));
      app.get('/missing', (_req, res) => void res.status(404).json({ error: 'not found' }));
      app.get('/broken', (_req, res) => void res.status(503).send('unavailable'));
      const server = createServer(app);
      return { url: await listen(server), close: closer(server) };
    }
    case 'fastify': {
      const app = Fastify();
      await app.register(fastifyObservability(observability));
      app.get('/jobs/:jobId', async (request) => handleJob((request.params as { jobId: string }).jobId));
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      return { url, close: () => app.close() };
    }
    case 'koa': {
      const app = new Koa();
      const router = new Router();
      router.get('/jobs/:jobId', async (ctx) => {
        ctx.body = await handleJob(ctx.params.jobId!);
      });
      app.use(koaObservability(observability));
      app.use(router.routes());
      const server = createServer(app.callback());
      return { url: await listen(server), close: closer(server) };
    }
    case 'hono': {
      const app = new Hono();
      app.use(honoObservability(observability));
      app.get('/jobs/:jobId', async (c) => c.json(await handleJob(c.req.param('jobId'))));
      const server = await new Promise<Server>((resolve) => {
        const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server));
      });
      return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: closer(server) };
    }
  }
}

let running: App | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  arrivals.clear();
});

/** Runs `task(i)` for i in [0, count) with at most `limit` at once; resolves with the results in order. */
async function bounded<T>(count: number, limit: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const i = next++;
      results[i] = await task(i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
  return results;
}

const isAccessLine = (line: LogLine): boolean => line.message === 'request completed';

async function startWithCapture(adapter: AdapterName, accessLog = true) {
  const capture = logCapture();
  const observability = createObservability({
    defaultMetrics: false,
    serviceName: 'transcoder',
    accessLog,
    logger: { destination: capture.destination },
  });
  running = await start(adapter, observability);
  return { url: running.url, lines: capture.lines, waitFor: capture.waitFor };
}

const REQUESTS = 1000;
/**
 * Requests in flight at once. Far more interleaving than the handlers need, and well under the
 * listen backlog (511 by default): 1,000 connections opened at once overflow it on a busy
 * machine, and the client then sees ECONNRESET.
 */
const CONCURRENCY = 64;

describe.each(ADAPTERS)('request context on %s', (adapter) => {
  it(`keeps ${REQUESTS} interleaved requests (${CONCURRENCY} at a time) apart`, async () => {
    const { url, waitFor } = await startWithCapture(adapter);
    const replies = await bounded(REQUESTS, CONCURRENCY, async (i) => {
      const response = await fetch(`${url}/jobs/job-${i}`, { headers: { 'x-request-id': `req-${i}` } });
      return {
        i,
        header: response.headers.get('x-request-id'),
        body: (await response.json()) as { requestId: string },
      };
    });
    for (const { i, header, body } of replies) {
      expect(header).toBe(`req-${i}`);
      expect(body.requestId).toBe(`req-${i}`);
    }
    // Each job reached the server once (no client retry), so each has exactly two handler lines.
    expect([...arrivals.values()].filter((count) => count !== 1)).toEqual([]);
    expect(arrivals.size).toBe(REQUESTS);
    // Access lines are written once each response has closed: wait for them, not for a guess.
    const all = await waitFor(REQUESTS, isAccessLine);
    const handler = all.filter((line) => line.logger === 'handler');
    expect(handler).toHaveLength(2 * REQUESTS);
    for (const line of handler) {
      expect(line.request_id).toBe(`req-${(line.job as string).slice('job-'.length)}`);
      expect(line).toMatchObject({ method: 'GET', route: '/jobs/:jobId' });
    }
    const access = all.filter(isAccessLine);
    expect(access).toHaveLength(REQUESTS);
    expect(new Set(access.map((line) => line.request_id)).size).toBe(REQUESTS);
    for (const line of access) {
      expect(line).toMatchObject({ level: 'info', logger: 'transcoder', status_code: 200, route: '/jobs/:jobId' });
      expect(line.path).toBe(`/jobs/job-${(line.request_id as string).slice('req-'.length)}`);
      expect(line.bytes).toBeGreaterThan(0);
      expect(line.duration_ms).toBeGreaterThanOrEqual(0);
    }
  });
});

/** GET over one shared keep-alive connection. */
function getOn(agent: Agent, url: string, headers: Record<string, string> = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    get(url, { agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    }).on('error', reject);
  });
}

describe.each(ADAPTERS)('keep-alive on %s', (adapter) => {
  it('gives the next request on the same connection none of the previous request context', async () => {
    const { url, lines, waitFor } = await startWithCapture(adapter);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await getOn(agent, `${url}/jobs/a`, { 'x-request-id': 'first', 'x-api-key': 'sk_live_0123456789abcdef' });
      await getOn(agent, `${url}/jobs/b`, { 'x-request-id': 'second' });
    } finally {
      agent.destroy();
    }
    await waitFor(2, isAccessLine);
    const second = lines().filter((line) => line.request_id === 'second');
    expect(second).toHaveLength(3);
    for (const line of second) expect(line).not.toHaveProperty('api_key_prefix');
    expect(lines().filter((line) => line.request_id === 'first')).toHaveLength(3);
  });
});

describe('request id, API key and access log', () => {
  it('generates a request id when the incoming one is missing or invalid, and echoes it', async () => {
    const { url, waitFor } = await startWithCapture('express');
    const bad = await fetch(`${url}/jobs/1`, { headers: { 'x-request-id': 'has spaces and {json}' } });
    const none = await fetch(`${url}/jobs/2`);
    const ids = [bad.headers.get('x-request-id'), none.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    const access = (await waitFor(2, isAccessLine)).filter(isAccessLine);
    expect(access.map((line) => line.request_id).sort()).toEqual([...ids].sort());
  });

  it('shows only a short prefix of the API key, from X-API-Key or a Bearer token', async () => {
    const key = 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e';
    const { url, waitFor } = await startWithCapture('express');
    await (await fetch(`${url}/jobs/1`, { headers: { 'x-api-key': key } })).text();
    await (await fetch(`${url}/jobs/2`, { headers: { authorization: `Bearer ${key}` } })).text();
    const written = await waitFor(2, isAccessLine);
    expect(written.filter((line) => line.api_key_prefix === 'sk_live_')).toHaveLength(6);
    expect(JSON.stringify(written)).not.toContain(key.slice(8));
  });

  it('writes 5xx access lines as error and 4xx as warning', async () => {
    const { url, waitFor } = await startWithCapture('express');
    await (await fetch(`${url}/missing`)).text();
    await (await fetch(`${url}/broken`)).text();
    const access = (await waitFor(2, isAccessLine)).filter(isAccessLine);
    expect(access.map((line) => [line.status_code, line.level]).sort()).toEqual([
      [404, 'warning'],
      [503, 'error'],
    ]);
  });

  it('writes no access line with accessLog: false, and keeps the context', async () => {
    const { url, lines } = await startWithCapture('express', false);
    const reply = (await (await fetch(`${url}/jobs/7`, { headers: { 'x-request-id': 'r-7' } })).json()) as {
      requestId: string;
    };
    expect(reply.requestId).toBe('r-7');
    // Nothing to wait for: give a line that should not be written a moment to show up.
    await delay(20);
    expect(lines().filter((line) => line.message === 'request completed')).toEqual([]);
  });
});

describe('several observability objects in one process', () => {
  const apps: App[] = [];
  afterEach(async () => {
    for (const app of apps.splice(0)) await app.close();
  });

  it('each logs as itself: handler lines through getLogger(), and access lines', async () => {
    const captures = [logCapture(), logCapture()];
    const [first, second] = ['svc-a', 'svc-b'].map((serviceName, i) =>
      createObservability({ defaultMetrics: false, serviceName, logger: { destination: captures[i]!.destination } }),
    );
    apps.push(await start('express', first!), await start('express', second!));
    // Interleaved: each request runs while requests to the other app are in flight.
    await bounded(40, 8, async (i) => {
      const app = apps[i % 2]!;
      await (await fetch(`${app.url}/jobs/j-${i}`, { headers: { 'x-request-id': `r-${i}` } })).json();
    });
    const [linesA, linesB] = await Promise.all(captures.map((capture) => capture.waitFor(20, isAccessLine)));
    for (const [lines, service, parity] of [
      [linesA!, 'svc-a', 0],
      [linesB!, 'svc-b', 1],
    ] as const) {
      expect(lines).toHaveLength(60);
      for (const line of lines) {
        expect(Number((line.request_id as string).slice(2)) % 2).toBe(parity);
        expect(line.logger).toBe(isAccessLine(line) ? service : 'handler');
      }
    }
  });

  it('getLogger() with no name in a handler is the logger of the app that received the request', async () => {
    const captures = [logCapture(), logCapture()];
    const observabilities = ['svc-a', 'svc-b'].map((serviceName, i) =>
      createObservability({ defaultMetrics: false, serviceName, logger: { destination: captures[i]!.destination } }),
    );
    for (const observability of observabilities) {
      const app = express();
      app.use(expressObservability(observability));
      app.get('/', (_req, res) => {
        getLogger().info('in handler');
        res.send('ok');
      });
      const server = createServer(app);
      apps.push({ url: await listen(server), close: closer(server) });
    }
    for (const app of apps) await (await fetch(app.url)).text();
    const [linesA, linesB] = await Promise.all(captures.map((capture) => capture.waitFor(1, isAccessLine)));
    expect(linesA!.map((line) => [line.logger, line.message])).toEqual([
      ['svc-a', 'in handler'],
      ['svc-a', 'request completed'],
    ]);
    expect(linesB!.map((line) => [line.logger, line.message])).toEqual([
      ['svc-b', 'in handler'],
      ['svc-b', 'request completed'],
    ]);
  });

  it('leaves the response’s own write and end in place (no wrapper per request)', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      logger: { destination: logCapture().destination },
    });
    const app = express();
    app.use(expressObservability(observability));
    let own: boolean[] = [];
    app.get('/', (_req, res) => {
      own = [Object.hasOwn(res, 'write'), Object.hasOwn(res, 'end')];
      res.send('ok');
    });
    const server = createServer(app);
    apps.push({ url: await listen(server), close: closer(server) });
    await (await fetch(apps[0]!.url)).text();
    expect(own).toEqual([false, false]);
  });
});
