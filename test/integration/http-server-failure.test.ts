/**
 * A server that fails after the headers went out (a handler that writes part of a body and
 * throws, a file or storage stream that errors half-way) is the server's fault: 500, so that
 * download and storage failures reach the error-rate alerts. 499 is only for a client that
 * closed first. Each case runs on a real server with a real client reading the response.
 */
import { EventEmitter } from 'node:events';
import { createServer, type Server } from 'node:http';
import { Readable, pipeline } from 'node:stream';
import { createAdaptorServer } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import express4 from 'express4';
import Fastify from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { findSamples, sampleValue } from '../helpers/exposition.js';
import { scrapeUntil } from '../helpers/http-apps.js';
import { type FailingApp, flushed, listenFailing, PART, readFailing } from '../helpers/failing-app.js';

/** A storage stream that delivers one chunk, then fails. */
function failingStream(): Readable {
  let sent = false;
  return new Readable({
    read() {
      if (sent) {
        // Once the first part has left the process (Node writes corked chunks on the next tick).
        setImmediate(() => this.destroy(new Error('storage read failed half-way')));
        return;
      }
      sent = true;
      this.push('first part of the file\n');
    },
  });
}

/** The same as a web stream (what Hono bodies are). */
function failingWebStream(): ReadableStream<Uint8Array> {
  let sent = false;
  return new ReadableStream({
    pull(controller) {
      if (sent) {
        return new Promise<void>((resolve) =>
          setImmediate(() => {
            controller.error(new Error('storage read failed half-way'));
            resolve();
          }),
        );
      }
      sent = true;
      controller.enqueue(new TextEncoder().encode('first part of the file\n'));
    },
  });
}

const observe = () => createObservability({ defaultMetrics: false, accessLog: false });

const BUILDERS: Record<string, () => Promise<FailingApp>> = {
  express: () => expressApp(express),
  express4: () => expressApp(express4),
  koa: () => koaApp(Koa),
  koa2: () => koaApp(Koa2),
  async fastify() {
    const app = Fastify({ forceCloseConnections: true, logger: false });
    await app.register(fastifyObservability(observe()));
    app.get('/partial-throw/:id', async (_request, reply) => {
      reply.raw.writeHead(200, { 'content-type': 'text/plain' });
      reply.raw.write(PART);
      await flushed();
      throw new Error('failed after the headers');
    });
    app.get('/stream-error/:id', (_request, reply) => reply.type('text/plain').send(failingStream()));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    return { url, events: new EventEmitter(), close: () => app.close() };
  },
  async hono() {
    const app = new Hono();
    app.use(honoObservability(observe()));
    app.get('/partial-throw/:id', (c) => c.body(failingWebStream(), 200, { 'content-type': 'text/plain' }));
    app.get('/stream-error/:id', (c) =>
      c.body(Readable.toWeb(failingStream()) as ReadableStream, 200, { 'content-type': 'text/plain' }),
    );
    return listenFailing(createAdaptorServer({ fetch: app.fetch }) as Server);
  },
};

function expressApp(framework: typeof express): Promise<FailingApp> {
  const app = framework();
  app.use(expressObservability(observe()));
  app.get('/partial-throw/:id', (_req, res, next) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write(PART);
    // Express 4 does not catch rejected promises: pass the error on as both majors' users do.
    flushed().then(() => next(new Error('failed after the headers')), next);
  });
  app.get('/stream-error/:id', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    pipeline(failingStream(), res, () => undefined);
  });
  return listenFailing(createServer(app));
}

function koaApp(framework: typeof Koa): Promise<FailingApp> {
  const app = new framework();
  const events = new EventEmitter();
  // Koa leaves a response whose headers went out open after an error; it reports the error here.
  app.on('error', () => events.emit('failed'));
  app.use(koaObservability(observe()));
  const router = new Router();
  router.get('/partial-throw/:id', async (ctx) => {
    ctx.res.writeHead(200, { 'content-type': 'text/plain' });
    ctx.res.write(PART);
    await flushed();
    throw new Error('failed after the headers');
  });
  router.get('/stream-error/:id', (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = failingStream();
  });
  app.use(router.routes());
  return listenFailing(createServer(app.callback()), events);
}

describe.each(Object.keys(BUILDERS))('%s: a failure after the headers were sent', (framework) => {
  let app: FailingApp;
  beforeAll(async () => {
    app = await BUILDERS[framework]!();
  });
  afterAll(() => app.close());

  it.each([
    ['a handler that writes part of the body, then throws', '/partial-throw/:id'],
    ['a file or storage stream that errors half-way', '/stream-error/:id'],
  ])('%s is recorded once as 500, not 499', async (_case, route) => {
    const answer = await readFailing(app, route.replace(':id', '7'));
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBeGreaterThan(0);
    const samples = await scrapeUntil(app.url, (s) => findSamples(s, 'api_requests_total', { route }).length > 0);
    expect(findSamples(samples, 'api_requests_total', { route }).map((s) => s.labels.status_code)).toEqual(['500']);
    expect(sampleValue(samples, 'api_requests_total', { route, status_code: '500' })).toBe(1);
  });
});
