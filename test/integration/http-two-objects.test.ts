/*
 * Two observability objects (say, a library's and the service's) whose middlewares both sit on
 * one app: each records every request in its own registry, with its own route label and status.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import express from 'express';
import express4 from 'express4';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/entries/express.js';
import { honoObservability } from '../../src/entries/hono.js';
import { koaObservability } from '../../src/entries/koa.js';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';
import { listenOnLoopback, send } from '../helpers/http-apps.js';

const OFF = { metricsPath: false, healthPath: false, detailedHealthPath: false } as const;
type Start = (a: Observability, b: Observability) => Promise<{ url: string; close(): Promise<void> }>;

function startExpress(framework: typeof express, a: Observability, b: Observability) {
  const app = framework();
  app.use(expressObservability(a, OFF));
  app.use(expressObservability(b, OFF));
  app.get('/jobs/:id', (_req, res) => void res.status(202).send('ok'));
  return listenOnLoopback(app.listen(0, '127.0.0.1') as Server);
}

function startKoa(framework: typeof Koa, a: Observability, b: Observability) {
  const app = new framework();
  app.use(koaObservability(a, OFF));
  app.use(koaObservability(b, OFF));
  app.use((ctx) => {
    ctx.status = 202;
    ctx.body = 'ok';
  });
  return listenOnLoopback(app.listen(0, '127.0.0.1'));
}

const STARTS: Record<string, Start> = {
  express: (a, b) => startExpress(express, a, b),
  express4: (a, b) => startExpress(express4 as unknown as typeof express, a, b),
  koa: (a, b) => startKoa(Koa, a, b),
  koa2: (a, b) => startKoa(Koa2 as unknown as typeof Koa, a, b),
  hono: async (a, b) => {
    const app = new Hono();
    app.use(honoObservability(a, OFF));
    app.use(honoObservability(b, OFF));
    app.get('/jobs/:id', (c) => c.text('ok', 202));
    const server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server));
    });
    return {
      url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      close: () => new Promise((r) => server.close(() => r())),
    };
  },
};

const objects: Observability[] = [];
afterEach(() => {
  for (const observability of objects.splice(0)) observability.close();
});

describe.each(Object.keys(STARTS))('two observability objects on one %s app', (name) => {
  it('each record every request in their own registry', async () => {
    const a = createObservability({ defaultMetrics: false, accessLog: false });
    const b = createObservability({ defaultMetrics: false, accessLog: false });
    objects.push(a, b);
    const app = await STARTS[name]!(a, b);
    try {
      for (const id of ['1', '2', '3']) expect((await send(app.url, `/jobs/${id}`)).status).toBe(202);
      for (const observability of [a, b]) {
        const samples = parseExposition((await observability.scrape()).body);
        const route = name.startsWith('koa') ? '__unmatched__' : '/jobs/:id';
        expect(sampleValue(samples, 'api_requests_total', { route, status_code: '202' }), route).toBe(3);
        expect(findSamples(samples, 'api_requests_in_progress').reduce((sum, s) => sum + s.value, 0)).toBe(0);
      }
    } finally {
      await app.close();
    }
  });
});
