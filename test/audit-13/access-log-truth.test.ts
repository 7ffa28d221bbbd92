/**
 * Issue 13, items 2 and 3, as the access log tells them (the metrics side is proven by
 * http-fastify-inject.test.ts and http-server-failure.test.ts, which run with the access log
 * off): a request answered through Fastify's `inject()` is logged at the level of its true
 * status, never as aborted, under Fastify's own request id; and a server failure after the
 * headers went out is logged as a 500 at level error, not as a 499 the client closed, and without
 * `aborted` (which says the client left first).
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { createAdaptorServer } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { logCapture, type LogLine } from '../helpers/log-lines.js';
import { type FailingApp, flushed, listenFailing, PART, readFailing } from '../helpers/failing-app.js';

const isAccess = (line: LogLine): boolean => line.message === 'request completed';

function captured() {
  const capture = logCapture();
  const observability = createObservability({ defaultMetrics: false, logger: { destination: capture.destination } });
  return { capture, observability };
}

describe('fastify inject(): the access line', () => {
  it('has the true status at its level, is never aborted, and carries Fastify’s request.id', async () => {
    const { capture, observability } = captured();
    let counter = 0;
    const app = Fastify({ genReqId: () => `inj-${++counter}` });
    await app.register(fastifyObservability(observability));
    app.get('/jobs/:jobId', async (request) => ({ id: request.id }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    try {
      const ok = await app.inject({ method: 'GET', url: '/jobs/1' });
      expect(ok.statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
      expect((await app.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
      const lines = await capture.waitFor(3, isAccess);
      const access = lines.filter(isAccess).map((line) => ({
        request_id: line.request_id,
        route: line.route,
        status_code: line.status_code,
        level: line.level,
        aborted: line.aborted,
      }));
      expect(access).toEqual([
        { request_id: 'inj-1', route: '/jobs/:jobId', status_code: 200, level: 'info', aborted: undefined },
        { request_id: 'inj-2', route: '/boom', status_code: 500, level: 'error', aborted: undefined },
        // An unmatched request's access line has no route field (its metrics say __unmatched__).
        { request_id: 'inj-3', route: undefined, status_code: 404, level: 'warning', aborted: undefined },
      ]);
      expect(ok.headers['x-request-id']).toBe('inj-1');
      expect((ok.json() as { id: string }).id).toBe('inj-1');
    } finally {
      await app.close();
    }
  });
});

/** Apps whose `/partial/:id` sends the headers and part of the body, then fails on the server side. */
const APPS: Record<string, (observability: Observability) => Promise<FailingApp>> = {
  express: (o) => expressApp(express, o),
  express4: (o) => expressApp(express4, o),
  koa: (o) => koaApp(Koa, o),
  koa2: (o) => koaApp(Koa2, o),
  async fastify(o) {
    const app = Fastify({ forceCloseConnections: true, logger: false });
    await app.register(fastifyObservability(o));
    app.get('/partial/:id', async (_request, reply) => {
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write(PART);
      await flushed();
      throw new Error('failed after the headers');
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, events: new EventEmitter(), close: () => app.close() };
  },
  async hono(o) {
    const app = new Hono();
    app.use(honoObservability(o));
    app.get('/partial/:id', (c) => {
      let sent = false;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent) return flushed().then(() => controller.error(new Error('storage read failed half-way')));
          sent = true;
          controller.enqueue(new TextEncoder().encode(PART));
        },
      });
      return c.body(body, 200, { 'content-type': 'text/plain' });
    });
    return listenFailing(createAdaptorServer({ fetch: app.fetch }) as Server);
  },
};

function expressApp(framework: typeof express, o: Observability): Promise<FailingApp> {
  const app = framework();
  app.use(expressObservability(o));
  app.get('/partial/:id', (_req, res, next) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(PART);
    flushed().then(() => next(new Error('failed after the headers')), next);
  });
  return listenFailing(createServer(app));
}

function koaApp(framework: typeof Koa, o: Observability): Promise<FailingApp> {
  const app = new framework();
  const events = new EventEmitter();
  // Koa leaves a response whose headers went out open after an error, and reports the error here.
  app.on('error', () => events.emit('failed'));
  app.use(koaObservability(o));
  const router = new Router();
  router.get('/partial/:id', async (ctx) => {
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    ctx.res.write(PART);
    await flushed();
    throw new Error('failed after the headers');
  });
  app.use(router.routes());
  return listenFailing(createServer(app.callback()), events);
}

describe.each(Object.keys(APPS))('%s: the access line of a failure after the headers were sent', (name) => {
  it('says 500 at level error, never 499', async () => {
    const { capture, observability } = captured();
    const app = await APPS[name]!(observability);
    try {
      const { body } = await readFailing(app, '/partial/7');
      expect(body).toBe(PART);
      const [line] = (await capture.waitFor(1, isAccess)).filter(isAccess);
      expect(line).toMatchObject({ route: '/partial/:id', status_code: 500, level: 'error', path: '/partial/7' });
      expect(line).not.toHaveProperty('aborted');
    } finally {
      await app.close();
    }
  });
});
