/**
 * Issue 13, item 7, the class beyond Fastify: an absolute-form request target
 * (`GET http://host/metrics HTTP/1.1`, as sent to a proxy) is the metrics endpoint on every
 * adapter, is not recorded as a request, and a route reached that way is labelled by its
 * template. (route-edges.test.ts covers Fastify and Express 5.)
 */
import { createServer, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import Router from '@koa/router';
import express4 from 'express4';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { findSamples, parseExposition } from '../helpers/exposition.js';
import { send } from '../helpers/http-apps.js';

/** Sends an absolute-form request line and resolves with the whole answer. */
function absoluteForm(port: number, path: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `GET http://127.0.0.1:${port}${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`,
      ),
    );
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString('utf8')));
    socket.on('error', () => resolve(answer));
    socket.on('close', () => resolve(answer));
  });
}

function koa(framework: typeof Koa, o: Observability): Server {
  const app = new framework();
  app.use(koaObservability(o));
  const router = new Router();
  router.get('/jobs/:jobId', (ctx) => {
    ctx.body = 'job';
  });
  app.use(router.routes());
  return createServer(app.callback());
}

const SERVERS: Record<string, (o: Observability) => Server> = {
  express4: (o) => {
    const app = express4();
    app.use(expressObservability(o));
    app.get('/jobs/:jobId', (_req, res) => void res.send('job'));
    return createServer(app);
  },
  koa: (o) => koa(Koa, o),
  koa2: (o) => koa(Koa2, o),
  hono: (o) => {
    const app = new Hono();
    app.use(honoObservability(o));
    app.get('/jobs/:jobId', (c) => c.text('job'));
    return createAdaptorServer({ fetch: app.fetch }) as Server;
  },
};

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

describe.each(Object.keys(SERVERS))('%s: absolute-form request targets', (name) => {
  it('serve and exclude the metrics endpoint, and label routes by template', async () => {
    server = SERVERS[name]!(createObservability({ defaultMetrics: false, accessLog: false }));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const metrics = await absoluteForm(port, '/metrics');
    expect(metrics).toMatch(/^HTTP\/1\.1 200/);
    expect(metrics).toContain('# TYPE api_requests_total counter');
    expect(await absoluteForm(port, '/jobs/7?x=1')).toMatch(/^HTTP\/1\.1 200/);
    const recorded = findSamples(
      parseExposition((await send(`http://127.0.0.1:${port}`, '/metrics')).body),
      'api_requests_total',
    ).map((s) => `${s.labels.route} ${s.labels.status_code} ${s.value}`);
    expect(recorded).toEqual(['/jobs/:jobId 200 1']);
  });
});
