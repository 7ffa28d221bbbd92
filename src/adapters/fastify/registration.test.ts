import Fastify, { type FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { describe, expect, it } from 'vitest';
import { findSamples, parseExposition } from '../../../test/helpers/exposition.js';
import { createObservability } from '../../create-observability.js';
import { fastifyObservability } from './index.js';

const quiet = () => createObservability({ defaultMetrics: false, accessLog: false });

/** The routes recorded in `api_requests_total`, as `route status` strings. */
async function recorded(app: FastifyInstance, metricsPath: string): Promise<string[]> {
  const scrape = await app.inject({ method: 'GET', url: metricsPath });
  expect(scrape.statusCode).toBe(200);
  return findSamples(parseExposition(scrape.body), 'api_requests_total')
    .map((s) => `${s.labels.route} ${s.labels.status_code}`)
    .sort();
}

/** Where the plugin can be registered, and whether Fastify lets its hooks see the whole app from there. */
const PLACES: {
  name: string;
  register(app: FastifyInstance, plugin: ReturnType<typeof fastifyObservability>): void;
  root: boolean;
}[] = [
  { name: 'the root', register: (app, plugin) => void app.register(plugin), root: true },
  {
    name: 'a fastify-plugin wrapper at the root (fastify-cli, autoload plugins/)',
    register: (app, plugin) => void app.register(fp(async (inner) => void (await inner.register(plugin)))),
    root: true,
  },
  {
    name: 'an encapsulated plugin',
    register: (app, plugin) => void app.register(async (child) => void (await child.register(plugin))),
    root: false,
  },
  {
    name: 'a named encapsulated plugin',
    register: (app, plugin) =>
      void app.register(async function api(child) {
        await child.register(plugin);
      }),
    root: false,
  },
  {
    name: 'a prefixed scope',
    register: (app, plugin) =>
      void app.register(async (child) => void (await child.register(plugin)), { prefix: '/v1' }),
    root: false,
  },
  {
    name: 'a fastify-plugin wrapper inside an encapsulated plugin',
    register: (app, plugin) =>
      void app.register(
        async (child) => void (await child.register(fp(async (inner) => void (await inner.register(plugin))))),
      ),
    root: false,
  },
];

describe('fastifyObservability registration', () => {
  it.each(PLACES)(
    'registered in $name: records the whole app, or refuses with a coded error',
    async ({ register, root }) => {
      const app = Fastify();
      register(app, fastifyObservability(quiet()));
      app.get('/root-route', async () => 'ok');
      void app.register(async (sibling) => {
        sibling.get('/sibling-route', async () => 'ok');
      });
      try {
        if (!root) {
          const error = await app.ready().then(
            () => undefined,
            (failure: unknown) => failure,
          );
          expect(error).toMatchObject({ code: 'TFO_ERR_FASTIFY_REGISTRATION' });
          expect(String(error)).toMatch(/encapsulated scope .* register it on the root instance/);
          return;
        }
        await app.ready();
        expect((await app.inject('/root-route')).statusCode).toBe(200);
        expect((await app.inject('/sibling-route')).statusCode).toBe(200);
        expect(await recorded(app, '/metrics')).toEqual(['/root-route 200', '/sibling-route 200']);
      } finally {
        await app.close().catch(() => undefined);
      }
    },
  );

  it.each([
    ['the same plugin twice', (plugin: ReturnType<typeof fastifyObservability>) => [plugin, plugin]],
    ['two plugins of one observability object', () => [fastifyObservability(quiet()), fastifyObservability(quiet())]],
    [
      'a second one without endpoints',
      () => [
        fastifyObservability(quiet()),
        fastifyObservability(quiet(), { metricsPath: false, healthPath: false, detailedHealthPath: false }),
      ],
    ],
  ])('refuses %s with TFO_ERR_FASTIFY_REGISTRATION, not FST_ERR_DUPLICATED_ROUTE', async (_name, plugins) => {
    const app = Fastify();
    for (const plugin of plugins(fastifyObservability(quiet()))) void app.register(plugin);
    try {
      const error = await app.ready().then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: 'TFO_ERR_FASTIFY_REGISTRATION' });
      expect(String(error)).toMatch(/already registered/);
    } finally {
      await app.close().catch(() => undefined);
    }
  });

  it.each([
    ['/internal', '/internal'],
    ['/internal/', '/internal'],
    ['/ops/observability', '/ops/observability'],
  ])('serves the endpoints under register prefix %s and still records the whole app', async (prefix, base) => {
    const app = Fastify();
    await app.register(fastifyObservability(quiet()), { prefix });
    app.get('/jobs/:jobId', async () => 'ok');
    try {
      expect((await app.inject('/jobs/1')).statusCode).toBe(200);
      expect((await app.inject(`${base}/health`)).json()).toEqual({ status: 'ok' });
      expect((await app.inject(`${base}/health/detailed`)).statusCode).toBe(200);
      expect((await app.inject('/metrics')).statusCode).toBe(404);
      expect(await recorded(app, `${base}/metrics`)).toEqual(['/jobs/:jobId 200', '__unmatched__ 404']);
    } finally {
      await app.close();
    }
  });

  it('moves custom endpoint paths under the prefix and leaves a disabled one off', async () => {
    const app = Fastify();
    await app.register(fastifyObservability(quiet(), { metricsPath: '/prom', healthPath: false }), { prefix: '/ops' });
    try {
      expect((await app.inject('/ops/prom')).statusCode).toBe(200);
      expect((await app.inject('/ops/health')).statusCode).toBe(404);
      expect((await app.inject('/ops/health/detailed')).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });

  it.each([':tenant', '/t/:tenant', '/files/*', 'internal', '/a?b', 42])(
    'refuses register prefix %j with TFO_ERR_INVALID_OPTION naming prefix',
    async (prefix) => {
      const app = Fastify();
      void app.register(fastifyObservability(quiet()), { prefix } as { prefix: string });
      try {
        await expect(app.ready()).rejects.toMatchObject({ code: 'TFO_ERR_INVALID_OPTION', option: 'prefix' });
      } finally {
        await app.close().catch(() => undefined);
      }
    },
  );
});
