import { connect } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { findSamples, parseExposition } from '../helpers/exposition.js';
import { send } from '../helpers/http-apps.js';

const observe = () => createObservability({ defaultMetrics: false, accessLog: false });

async function listenHono(app: Hono): Promise<{ url: string; close(): Promise<void> }> {
  const server = createAdaptorServer({ fetch: app.fetch }) as Server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends an absolute-form request line (as to a proxy) and resolves with the whole answer. */
function absoluteForm(url: string, path: string): Promise<string> {
  const { port, host } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () =>
      socket.write(`GET http://${host}${path} HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`),
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
  });
}

const routes = (text: string): Record<string, number> => {
  const found: Record<string, number> = {};
  for (const s of findSamples(parseExposition(text), 'api_requests_total'))
    found[`${s.labels.route} ${s.labels.status_code}`] = s.value;
  return found;
};

describe('hono edges', () => {
  it('labels a wildcard app.all() route that answers by its template, and a fall-through 404 as __unmatched__', async () => {
    const app = new Hono();
    app.use(honoObservability(observe()));
    app.use('/proxy/*', async (_c, next) => next());
    app.all('/proxy/*', (c) => c.text('proxied'));
    const running = await listenHono(app);
    try {
      for (const path of ['/proxy/a', '/proxy/b/c', '/nowhere/1']) await send(running.url, path);
      expect(routes((await send(running.url, '/metrics')).body)).toEqual({ '/proxy/* 200': 2, '__unmatched__ 404': 1 });
    } finally {
      await running.close();
    }
  });

  it('serves the endpoints under the base path of a basePath() app', async () => {
    const app = new Hono().basePath('/api');
    app.use(honoObservability(observe()));
    app.get('/jobs/:jobId', (c) => c.text('job'));
    const running = await listenHono(app);
    try {
      expect((await send(running.url, '/api/jobs/1')).status).toBe(200);
      expect((await send(running.url, '/api/health')).status).toBe(200);
      const scrape = await send(running.url, '/api/metrics');
      expect(scrape.status).toBe(200);
      expect(routes(scrape.body)).toEqual({ '/api/jobs/:jobId 200': 1 });
    } finally {
      await running.close();
    }
  });
});

describe.each(['fastify', 'express'] as const)('%s: absolute-form request targets', (framework) => {
  it('serves and excludes the metrics endpoint, and labels routes by template', async () => {
    let url: string;
    let close: () => Promise<unknown>;
    if (framework === 'fastify') {
      const app = Fastify();
      await app.register(fastifyObservability(observe()));
      app.get('/jobs/:jobId', async () => 'job');
      url = await app.listen({ port: 0, host: '127.0.0.1' });
      close = () => app.close();
    } else {
      const app = express();
      app.use(expressObservability(observe()));
      app.get('/jobs/:jobId', (_req, res) => void res.send('job'));
      const server = app.listen(0, '127.0.0.1');
      await new Promise((resolve) => server.once('listening', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      close = () => new Promise((resolve) => server.close(resolve));
    }
    try {
      expect(await absoluteForm(url, '/metrics')).toMatch(/^HTTP\/1\.1 200/);
      expect(await absoluteForm(url, '/jobs/7?x=1')).toMatch(/^HTTP\/1\.1 200/);
      expect(routes((await send(url, '/metrics')).body)).toEqual({ '/jobs/:jobId 200': 1 });
    } finally {
      await close();
    }
  });
});
