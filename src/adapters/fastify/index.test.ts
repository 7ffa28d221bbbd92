import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { send } from '../../../test/helpers/http-apps.js';
import { frameworksLoadedBy } from '../../../test/helpers/http-modules.js';
import { createObservability } from '../../create-observability.js';
import { fastifyObservability } from './index.js';

describe('fastifyObservability', () => {
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
