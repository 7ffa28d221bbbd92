import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express5 from 'express';
import express4 from 'express4';
import { afterAll, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { send } from '../../../test/helpers/http-apps.js';
import { createObservability } from '../../create-observability.js';
import { expressObservability } from './index.js';

/**
 * The adapter puts its `req.route` accessor on the app's request prototype once, and on the
 * request itself where the prototype cannot serve. Each set-up below takes one of those paths, on
 * the first request (which prepares the prototype) and on the ones after it.
 */
const servers: Server[] = [];
afterAll(() => servers.forEach((server) => server.close()));

async function listen(handler: RequestListener): Promise<string> {
  const server = createServer(handler);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

type Express = typeof express5;
const EXPRESSES: [string, Express][] = [
  ['Express 5', express5],
  ['Express 4', express4 as unknown as Express],
];

/** A handler that answers with what the request says of its route, as handlers read it (plain Node calls: a bare Router has no `res.json`). */
const routeEcho: express5.RequestHandler = (req, res) => {
  const path = (req.route as { path?: string } | undefined)?.path ?? null;
  res.end(JSON.stringify({ path, own: Object.hasOwn(req, 'route') }));
};

async function routesCounted(url: string): Promise<Record<string, number>> {
  const samples = parseExposition((await send(url, '/metrics')).body);
  const counts: Record<string, number> = {};
  for (const sample of samples) {
    if (sample.name === 'api_requests_total') counts[sample.labels.route!] = sample.value;
  }
  return counts;
}

for (const [name, express] of EXPRESSES) {
  describe(`req.route on ${name}`, () => {
    it('reads the matched route in handlers, for tracked and excluded requests, on every request after the first', async () => {
      const observability = createObservability({ defaultMetrics: false });
      const app = express();
      app.use(expressObservability(observability, { excludePaths: ['/skip/1'] }));
      app.get('/jobs/:id', routeEcho);
      app.get('/skip/:id', routeEcho);
      const url = await listen(app);
      for (const id of [1, 2, 3]) {
        // Served by the prototype's accessor: no property defined on the request.
        expect(JSON.parse((await send(url, `/jobs/${id}`)).body)).toEqual({ path: '/jobs/:id', own: false });
        expect(JSON.parse((await send(url, '/skip/1')).body).path).toBe('/skip/:id');
      }
      expect(await routesCounted(url)).toEqual({ '/jobs/:id': 3 });
      expect(sampleValue(parseExposition((await send(url, '/metrics')).body), 'api_requests_total')).toBe(3);
    });

    it('labels a request that owns a `route` already (matched in an app without the adapter)', async () => {
      const observability = createObservability({ defaultMetrics: false });
      const outer = express();
      // A route that matches and passes on: Express gives the request its own `route` here.
      outer.get('/s/:any', (_req, _res, next) => next());
      const inner = express();
      inner.use(expressObservability(observability));
      inner.get('/s/:id', routeEcho);
      outer.use(inner);
      const url = await listen(outer);
      for (const id of [1, 2]) expect(JSON.parse((await send(url, `/s/${id}`)).body).path).toBe('/s/:id');
      expect(await routesCounted(url)).toEqual({ '/s/:id': 2 });
    });

    it('labels the routes of sub-apps and routers below the prepared app, first request and after', async () => {
      const observability = createObservability({ defaultMetrics: false });
      const app = express();
      app.use(expressObservability(observability));
      const admin = express();
      const users = express.Router();
      users.get('/:userId/posts/:postId', routeEcho);
      admin.use('/users', users);
      admin.get('/ping', routeEcho);
      app.use('/t/:tenant/admin', admin);
      const url = await listen(app);
      for (const tenant of ['a', 'b']) {
        await send(url, `/t/${tenant}/admin/users/${tenant}1/posts/9`);
        await send(url, `/t/${tenant}/admin/ping`);
      }
      expect(await routesCounted(url)).toEqual({
        '/t/:tenant/admin/users/:userId/posts/:postId': 2,
        '/t/:tenant/admin/ping': 2,
      });
    });

    it('leaves other apps of the process as Express made them: `route` is the request’s own', async () => {
      const observability = createObservability({ defaultMetrics: false });
      const observed = express();
      observed.use(expressObservability(observability));
      observed.get('/a/:id', routeEcho);
      const plain = express();
      plain.get('/b/:id', routeEcho);
      const [observedUrl, plainUrl] = [await listen(observed), await listen(plain)];
      await send(observedUrl, '/a/1');
      expect(JSON.parse((await send(plainUrl, '/b/1')).body)).toEqual({ path: '/b/:id', own: true });
      expect(JSON.parse((await send(observedUrl, '/a/2')).body).path).toBe('/a/:id');
    });

    it('serves two apps that share one middleware, and a bare Router outside any app', async () => {
      const observability = createObservability({ defaultMetrics: false });
      const middleware = expressObservability(observability, { metricsPath: false });
      const [one, two] = [express(), express()];
      for (const [app, prefix] of [
        [one, '/one'],
        [two, '/two'],
      ] as const) {
        app.use(middleware);
        app.get(`${prefix}/:id`, routeEcho);
      }
      const router = express.Router();
      router.use(middleware);
      router.get('/bare/:id', routeEcho);
      const urls = [await listen(one), await listen(two)];
      const bare = await listen((req, res) =>
        router(req as express5.Request, res as express5.Response, () => res.end()),
      );
      for (const id of [1, 2]) {
        expect(JSON.parse((await send(urls[0]!, `/one/${id}`)).body).path).toBe('/one/:id');
        expect(JSON.parse((await send(urls[1]!, `/two/${id}`)).body).path).toBe('/two/:id');
        expect(JSON.parse((await send(bare, `/bare/${id}`)).body).path).toBe('/bare/:id');
      }
      const { body } = await observability.scrape();
      const samples = parseExposition(body);
      for (const route of ['/one/:id', '/two/:id', '/bare/:id']) {
        expect(sampleValue(samples, 'api_requests_total', { route }), route).toBe(2);
      }
    });
  });
}
