import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import Router from '@koa/router';
import express from 'express';
import express4 from 'express4';
import Fastify, { type FastifyInstance } from 'fastify';
import { Hono } from 'hono';
import Koa from 'koa';
import Koa2 from 'koa2';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservability, type Observability } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { findSamples } from '../helpers/exposition.js';
import { listenOnLoopback as listen, scrape, send } from '../helpers/http-apps.js';

/** A running app and how to stop it. */
interface Started {
  url: string;
  close(): Promise<void>;
}

const ok = 'ok';
let running: Started | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

/** The `route` values recorded for GET requests, with their counts. */
async function routes(url: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const sample of findSamples(await scrape(url), 'api_requests_total', { method: 'GET' }))
    found[sample.labels.route!] = (found[sample.labels.route!] ?? 0) + sample.value;
  return found;
}

/** Sends each path twice with different ids and expects exactly the given route labels. */
async function expectLabels(url: string, cases: readonly [paths: readonly string[], route: string][]): Promise<void> {
  const expected: Record<string, number> = {};
  for (const [paths, route] of cases) {
    for (const path of paths) expect((await send(url, path)).status, path).toBe(200);
    expected[route] = (expected[route] ?? 0) + paths.length;
  }
  expect(await routes(url)).toEqual(expected);
}

function startExpress(framework: typeof express, observability: Observability): Promise<Started> {
  const app = framework();
  app.use(expressObservability(observability));
  const posts = framework.Router();
  posts.get('/posts/:postId', (_req, res) => void res.send(ok));
  app.use('/users/:userId', posts);
  const deep = framework.Router({ mergeParams: true });
  const inner = framework.Router();
  inner.get('/files/:fileId', (_req, res) => void res.send(ok));
  deep.use('/b/:bucket', inner);
  app.use('/t/:tenant', deep);
  const sub = framework();
  sub.get('/items/:itemId', (_req, res) => void res.send(ok));
  app.use('/shop/:shopId', sub);
  const versioned = framework.Router();
  versioned.get('/ping', (_req, res) => void res.send(ok));
  app.use(/^\/v\d+/, versioned);
  app.get(['/alpha/:a', '/beta/:b'], (_req, res) => void res.send(ok));
  return listen(createServer(app));
}

describe.each([
  ['express', express],
  ['express4', express4],
] as const)('%s: routers and sub-apps mounted on parameterised paths', (_name, framework) => {
  it('labels every request by templates, never by the mount path a request matched', async () => {
    const observability = createObservability({ defaultMetrics: false, accessLog: false });
    running = await startExpress(framework, observability);
    await expectLabels(running.url, [
      [['/users/0/posts/1', '/users/1/posts/2'], '/users/:userId/posts/:postId'],
      [['/t/acme/b/x/files/9', '/t/other/b/y/files/8'], '/t/:tenant/b/:bucket/files/:fileId'],
      [['/shop/3/items/4', '/shop/5/items/6'], '/shop/:shopId/items/:itemId'],
      [['/v1/ping', '/v22/ping'], `${String(/^\/v\d+/)}/ping`],
      [['/alpha/1', '/beta/2'], '/alpha/:a,/beta/:b'],
    ]);
  });
});

describe.each([
  ['koa', Koa],
  ['koa2', Koa2],
] as const)('%s: @koa/router nested under parameterised prefixes', (_name, framework) => {
  it('labels every request by templates, never by the prefix a request matched', async () => {
    const app = new framework();
    app.silent = true;
    app.use(koaObservability(createObservability({ defaultMetrics: false, accessLog: false })));
    const posts = new Router();
    posts.get('/posts/:postId', (ctx) => {
      ctx.body = ok;
    });
    const users = new Router();
    users.use('/users/:userId', posts.routes());
    const tenant = new Router({ prefix: '/t/:tenant' });
    tenant.get('/files/:fileId', (ctx) => {
      ctx.body = ok;
    });
    const outer = new Router({ prefix: '/o/:org' });
    outer.use('/p/:project', tenant.routes());
    app.use(users.routes()).use(tenant.routes()).use(outer.routes());
    running = await listen(createServer(app.callback()));
    await expectLabels(running.url, [
      [['/users/0/posts/1', '/users/1/posts/2'], '/users/:userId/posts/:postId'],
      [['/t/a/files/1', '/t/b/files/2'], '/t/:tenant/files/:fileId'],
      [['/o/x/p/y/t/z/files/1', '/o/q/p/r/t/s/files/2'], '/o/:org/p/:project/t/:tenant/files/:fileId'],
    ]);
  });
});

describe('hono: sub-apps routed under parameterised paths and base paths', () => {
  it('labels every request by templates, never by the path a request matched', async () => {
    const app = new Hono();
    app.use(honoObservability(createObservability({ defaultMetrics: false, accessLog: false })));
    const sub = new Hono();
    sub.get('/files/:fileId', (c) => c.text(ok));
    app.route('/t/:tenant', sub);
    const based = new Hono().basePath('/b/:bucket');
    based.get('/objects/:key', (c) => c.text(ok));
    app.route('/', based);
    const deep = new Hono();
    deep.route('/p/:project', sub);
    app.route('/o/:org', deep);
    const server = await new Promise<Server>((resolve) => {
      const created = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, () => resolve(created as Server));
    });
    running = {
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () =>
        new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
    };
    await expectLabels(running.url, [
      [['/t/a/files/1', '/t/b/files/2'], '/t/:tenant/files/:fileId'],
      [['/b/x/objects/1', '/b/y/objects/2'], '/b/:bucket/objects/:key'],
      [['/o/x/p/y/files/1', '/o/z/p/w/files/2'], '/o/:org/p/:project/files/:fileId'],
    ]);
  });
});

describe('fastify: plugins registered under parameterised prefixes', () => {
  it('labels every request by templates, never by the prefix a request matched', async () => {
    const app: FastifyInstance = Fastify({ forceCloseConnections: true });
    await app.register(fastifyObservability(createObservability({ defaultMetrics: false, accessLog: false })));
    await app.register(
      async (tenant) => {
        tenant.get('/files/:fileId', async () => ok);
        await tenant.register(
          async (bucket) => {
            bucket.get('/objects/:key', async () => ok);
          },
          { prefix: '/b/:bucket' },
        );
      },
      { prefix: '/t/:tenant' },
    );
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    running = { url, close: () => app.close() };
    await expectLabels(url, [
      [['/t/a/files/1', '/t/b/files/2'], '/t/:tenant/files/:fileId'],
      [['/t/a/b/c/objects/1', '/t/d/b/e/objects/2'], '/t/:tenant/b/:bucket/objects/:key'],
    ]);
  });
});
