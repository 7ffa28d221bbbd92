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

/** The work of `GET /jobs/:jobId`: log, wait, log again, answer with what the context says. */
async function handleJob(jobId: string): Promise<{ jobId: string; requestId: unknown }> {
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
});

async function startWithCapture(adapter: AdapterName, accessLog = true) {
  const capture = logCapture();
  const observability = createObservability({
    defaultMetrics: false,
    serviceName: 'transcoder',
    accessLog,
    logger: { destination: capture.destination },
  });
  running = await start(adapter, observability);
  return { url: running.url, lines: capture.lines };
}

const REQUESTS = 1000;

describe.each(ADAPTERS)('request context on %s', (adapter) => {
  it(`keeps ${REQUESTS} concurrent interleaved requests apart`, async () => {
    const { url, lines } = await startWithCapture(adapter);
    const replies = await Promise.all(
      Array.from({ length: REQUESTS }, async (_, i) => {
        const response = await fetch(`${url}/jobs/job-${i}`, { headers: { 'x-request-id': `req-${i}` } });
        return {
          i,
          header: response.headers.get('x-request-id'),
          body: (await response.json()) as { requestId: string },
        };
      }),
    );
    for (const { i, header, body } of replies) {
      expect(header).toBe(`req-${i}`);
      expect(body.requestId).toBe(`req-${i}`);
    }
    await delay(50);
    const all = lines();
    const handler = all.filter((line) => line.logger === 'handler');
    expect(handler).toHaveLength(2 * REQUESTS);
    for (const line of handler) {
      expect(line.request_id).toBe(`req-${(line.job as string).slice('job-'.length)}`);
      expect(line).toMatchObject({ method: 'GET', route: '/jobs/:jobId' });
    }
    const access = all.filter((line) => line.message === 'request completed');
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
    const { url, lines } = await startWithCapture(adapter);
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      await getOn(agent, `${url}/jobs/a`, { 'x-request-id': 'first', 'x-api-key': 'sk_live_0123456789abcdef' });
      await getOn(agent, `${url}/jobs/b`, { 'x-request-id': 'second' });
    } finally {
      agent.destroy();
    }
    await delay(20);
    const second = lines().filter((line) => line.request_id === 'second');
    expect(second).toHaveLength(3);
    for (const line of second) expect(line).not.toHaveProperty('api_key_prefix');
    expect(lines().filter((line) => line.request_id === 'first')).toHaveLength(3);
  });
});

describe('request id, API key and access log', () => {
  it('generates a request id when the incoming one is missing or invalid, and echoes it', async () => {
    const { url, lines } = await startWithCapture('express');
    const bad = await fetch(`${url}/jobs/1`, { headers: { 'x-request-id': 'has spaces and {json}' } });
    const none = await fetch(`${url}/jobs/2`);
    const ids = [bad.headers.get('x-request-id'), none.headers.get('x-request-id')];
    for (const id of ids) expect(id).toMatch(/^[0-9a-f-]{36}$/);
    await delay(20);
    const access = lines().filter((line) => line.message === 'request completed');
    expect(access.map((line) => line.request_id).sort()).toEqual([...ids].sort());
  });

  it('shows only a short prefix of the API key, from X-API-Key or a Bearer token', async () => {
    const key = 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e';
    const { url, lines } = await startWithCapture('express');
    await fetch(`${url}/jobs/1`, { headers: { 'x-api-key': key } });
    await fetch(`${url}/jobs/2`, { headers: { authorization: `Bearer ${key}` } });
    await delay(20);
    const written = lines();
    expect(written.filter((line) => line.api_key_prefix === 'sk_live_')).toHaveLength(6);
    expect(JSON.stringify(written)).not.toContain(key.slice(8));
  });

  it('writes 5xx access lines as error and 4xx as warning', async () => {
    const { url, lines } = await startWithCapture('express');
    await fetch(`${url}/missing`);
    await fetch(`${url}/broken`);
    await delay(20);
    const access = lines().filter((line: LogLine) => line.message === 'request completed');
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
    await delay(20);
    expect(lines().filter((line) => line.message === 'request completed')).toEqual([]);
  });
});
