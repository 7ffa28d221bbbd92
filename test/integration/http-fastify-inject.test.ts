/**
 * Fastify users test through `app.inject()` (light-my-request), whose response never reports
 * `writableFinished`: requests must still be recorded with their true status, and the access log
 * must not call them aborted.
 */
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { findSamples, parseExposition } from '../helpers/exposition.js';

describe('fastify inject()', () => {
  it('records the true status of each injected request, never 499', async () => {
    const observability = createObservability({ defaultMetrics: false, accessLog: false });
    const app = Fastify();
    await app.register(fastifyObservability(observability));
    app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId }));
    app.post('/jobs', async (_request, reply) => reply.code(201).send({ id: '1' }));
    app.get('/boom', async () => {
      throw new Error('boom');
    });
    try {
      expect((await app.inject({ method: 'GET', url: '/jobs/1' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'GET', url: '/jobs/2' })).statusCode).toBe(200);
      expect((await app.inject({ method: 'POST', url: '/jobs' })).statusCode).toBe(201);
      expect((await app.inject({ method: 'GET', url: '/boom' })).statusCode).toBe(500);
      expect((await app.inject({ method: 'GET', url: '/missing' })).statusCode).toBe(404);
      const scrape = await app.inject({ method: 'GET', url: '/metrics' });
      const recorded = findSamples(parseExposition(scrape.body), 'api_requests_total').map(
        (s) => `${s.labels.method} ${s.labels.route} ${s.labels.status_code} ${s.value}`,
      );
      expect(recorded.sort()).toEqual([
        'GET /boom 500 1',
        'GET /jobs/:jobId 200 2',
        'GET __unmatched__ 404 1',
        'POST /jobs 201 1',
      ]);
      const inFlight = findSamples(parseExposition(scrape.body), 'api_requests_in_progress');
      expect(inFlight.reduce((sum, s) => sum + s.value, 0)).toBe(0);
    } finally {
      await app.close();
    }
  });
});
