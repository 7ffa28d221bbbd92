/**
 * Fastify's per-route opt-out, `{ config: { observability: false } }`, on a real server on
 * 127.0.0.1 and through `inject()`: the route is neither counted nor in the in-progress gauge,
 * and the rest of the app is recorded as usual.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';
import { send } from '../helpers/http-apps.js';

async function build() {
  const observability = createObservability({ defaultMetrics: false, accessLog: false, httpLabels: ['plan'] });
  const app = Fastify();
  await app.register(
    fastifyObservability(observability, {
      customLabels: { plan: (request) => request.headers['x-plan'] as string | undefined },
      exclude: (request) => request.headers['x-synthetic'] === '1',
    }),
  );
  let release: () => void = () => {};
  let entered: () => void = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  const handling = new Promise<void>((resolve) => (entered = resolve));
  app.get('/internal/cache-stats', { config: { observability: false } }, async () => {
    entered();
    await held;
    return { hits: 1 };
  });
  app.get('/internal/recorded', { config: { observability: true } }, async () => ({ ok: true }));
  app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId }));
  const scrape = async () => parseExposition((await observability.scrape()).body);
  return { app, scrape, release, handling };
}

describe('fastify: route config { observability: false }', () => {
  it('on a real server: the opted-out route is neither counted nor in flight', async () => {
    const { app, scrape, release, handling } = await build();
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const pending = send(url, '/internal/cache-stats');
      await handling;
      expect((await send(url, '/jobs/1', { headers: { 'x-plan': 'pro' } })).status).toBe(200);
      // The opted-out request is still open here, and not in the gauge.
      const during = await scrape();
      expect(findSamples(during, 'api_requests_in_progress').every((s) => s.value === 0)).toBe(true);
      release();
      expect((await pending).status).toBe(200);
      expect((await send(url, '/internal/recorded')).status).toBe(200);
      expect((await send(url, '/jobs/2', { headers: { 'x-synthetic': '1' } })).status).toBe(200);
      const samples = await scrape();
      expect(findSamples(samples, 'api_requests_total').map((s) => [s.labels.route, s.labels.plan])).toEqual([
        ['/jobs/:jobId', 'pro'],
        ['/internal/recorded', ''],
      ]);
    } finally {
      await app.close();
    }
  });

  it('through inject(): the same', async () => {
    const { app, scrape, release } = await build();
    release();
    try {
      expect((await app.inject({ url: '/internal/cache-stats' })).statusCode).toBe(200);
      expect((await app.inject({ url: '/jobs/3', headers: { 'x-plan': 'free' } })).statusCode).toBe(200);
      expect((await app.inject({ url: '/jobs/4', headers: { 'x-synthetic': '1' } })).statusCode).toBe(200);
      const samples = await scrape();
      expect(findSamples(samples, 'api_requests_total').map((s) => s.labels.route)).toEqual(['/jobs/:jobId']);
      const labels = { method: 'GET', route: '/jobs/:jobId', status_code: '200', plan: 'free' };
      expect(sampleValue(samples, 'api_requests_total', labels)).toBe(1);
    } finally {
      await app.close();
    }
  });
});
