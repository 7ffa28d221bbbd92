import { Agent, request as httpRequest } from 'node:http';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { getContext } from '../../logging/context.js';
import { parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { send } from '../../../test/helpers/http-apps.js';
import { frameworksLoadedBy } from '../../../test/helpers/http-modules.js';
import { createObservability } from '../../create-observability.js';
import { fastifyObservability } from './index.js';

/** GETs each path in turn over one keep-alive connection; resolves with the bodies. */
async function overOneConnection(url: string, paths: readonly string[]): Promise<string[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const bodies: string[] = [];
  try {
    for (const path of paths) {
      bodies.push(
        await new Promise<string>((resolve, reject) => {
          httpRequest(`${url}${path}`, { agent }, (res) => {
            let body = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => (body += chunk));
            res.on('end', () => resolve(body));
          })
            .on('error', reject)
            .end();
        }),
      );
    }
  } finally {
    agent.destroy();
  }
  return bodies;
}

describe('fastifyObservability', () => {
  it('runs a request it does not record in no context, never in the one of the request before it on the connection', async () => {
    const app = Fastify();
    await app.register(
      fastifyObservability(createObservability({ defaultMetrics: false, accessLog: false }), {
        excludePaths: ['/by-path'],
        exclude: (request) => request.url === '/by-predicate',
      }),
    );
    const context = async () => ({ requestId: getContext().request_id ?? null });
    app.get('/recorded', context);
    app.get('/by-path', context);
    app.get('/by-predicate', context);
    app.get('/by-config', { config: { observability: false } }, context);
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const skipped = ['/by-path', '/by-predicate', '/by-config'];
      const bodies = await overOneConnection(
        url,
        skipped.flatMap((path) => ['/recorded', path, '/metrics', path]),
      );
      for (const [index, body] of bodies.entries()) {
        const path = skipped[Math.floor(index / 4)]!;
        if (index % 4 === 0) expect(JSON.parse(body).requestId, 'recorded').toMatch(/^req-/);
        if (index % 2 === 1) expect(JSON.parse(body), path).toEqual({ requestId: null });
      }
    } finally {
      await app.close();
    }
  });

  it.each([
    ['a static route', '/metrics', (app: ReturnType<typeof Fastify>) => app.post('/metrics', async () => 'posted')],
    ['a wildcard', '/*', (app: ReturnType<typeof Fastify>) => app.post('/*', async () => 'posted')],
  ])(
    'records another method on an endpoint path that %s of the app serves, under that route; not the endpoint itself',
    async (_kind, route, declare) => {
      const observability = createObservability({ defaultMetrics: false, accessLog: false });
      const app = Fastify({ exposeHeadRoutes: true });
      await app.register(fastifyObservability(observability));
      declare(app);
      const url = await app.listen({ port: 0, host: '127.0.0.1' });
      try {
        expect((await send(url, '/metrics', { method: 'POST' })).body).toBe('posted');
        await send(url, '/metrics', { method: 'HEAD' });
        await send(url, '/health', { method: 'DELETE' });
        const samples = parseExposition((await send(url, '/metrics')).body);
        expect(sampleValue(samples, 'api_requests_total', { method: 'POST', route, status_code: '200' })).toBe(1);
        // HEAD on the endpoint is the endpoint's own (Fastify's HEAD route for it); DELETE /health matched nothing.
        const total = samples.filter((sample) => sample.name === 'api_requests_total');
        expect(total.map((sample) => sample.labels.route)).toEqual([route]);
      } finally {
        await app.close();
      }
    },
  );

  it('sets x-request-id on the reply, where hooks and handlers see it, and echoes a valid incoming one', async () => {
    const app = Fastify();
    await app.register(fastifyObservability(createObservability({ defaultMetrics: false, accessLog: false })));
    app.get('/id', async (_request, reply) => ({ seen: reply.getHeader('x-request-id') }));
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const generated = await send(url, '/id');
      const id = generated.headers['x-request-id'];
      // Fastify's own request.id (its default genReqId): one id for Fastify's lines and ours.
      expect(id).toMatch(/^req-[0-9a-z]+$/);
      expect(JSON.parse(generated.body)).toEqual({ seen: id });
      const echoed = await send(url, '/id', { headers: { 'x-request-id': 'edge-42' } });
      expect(echoed.headers['x-request-id']).toBe('edge-42');
      expect(JSON.parse(echoed.body)).toEqual({ seen: 'edge-42' });
    } finally {
      await app.close();
    }
  });

  it('is a named plugin for Fastify 5 whose hooks reach routes of encapsulated plugins, with the route known from the start', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const plugin = fastifyObservability(observability);
    expect((plugin as unknown as Record<symbol, unknown>)[Symbol.for('plugin-meta')]).toMatchObject({
      name: '@transcode-flow/observability',
      fastify: '5.x',
    });
    const app = Fastify();
    let inFlightDuringHandler = -1;
    await app.register(plugin);
    await app.register(async (child) => {
      child.get('/jobs/:jobId', async () => {
        inFlightDuringHandler = observability.metrics.apiRequestsInProgress.value({
          method: 'GET',
          route: '/jobs/:jobId',
        });
        return { ok: true };
      });
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await send(url, '/jobs/1')).status).toBe(200);
      expect(inFlightDuringHandler).toBe(1);
      const samples = parseExposition((await send(url, '/metrics')).body);
      expect(sampleValue(samples, 'api_requests_total', { route: '/jobs/:jobId', status_code: '200' })).toBe(1);
      expect(sampleValue(samples, 'api_requests_in_progress', { method: 'GET', route: '/jobs/:jobId' })).toBe(0);
    } finally {
      await app.close();
    }
  });

  it('records the status of a custom error handler', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = Fastify();
    await app.register(fastifyObservability(observability));
    app.setErrorHandler((_error, _request, reply) => reply.code(418).send('teapot'));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      expect((await send(url, '/boom')).status).toBe(418);
      expect(observability.metrics.apiRequestsTotal.value({ method: 'GET', route: '/boom', status_code: '418' })).toBe(
        1,
      );
    } finally {
      await app.close();
    }
  });

  it('refuses bad options with TFO_ERR_INVALID_OPTION naming the option', () => {
    const observability = createObservability({ defaultMetrics: false });
    expect(() => fastifyObservability(observability, { detailedHealthPath: 'ready' })).toThrowError(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'detailedHealthPath' }) as Error,
    );
    expect(() => fastifyObservability(observability, { healthTimeoutMs: -5 })).toThrow(/healthTimeoutMs/);
  });

  it('loads fastify-plugin, never another framework', () => {
    expect(frameworksLoadedBy('fastify').filter((name) => name !== 'fastify')).toEqual([]);
  });
});
