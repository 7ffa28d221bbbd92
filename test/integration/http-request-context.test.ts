import { describe, expect, it } from 'vitest';
import { expressObservability } from '../../src/adapters/express/index.js';
import { createObservability } from '../../src/create-observability.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { sampleValue } from '../helpers/exposition.js';
import { ADAPTERS, scrape, send, startApp, SUITE_OPTIONS } from '../helpers/http-apps.js';

describe.each(ADAPTERS)('%s adapter: the requestContext option', (adapter) => {
  it('sets and echoes a request id by default', async () => {
    const app = await startApp(adapter);
    try {
      const reply = await send(app.url, '/jobs/1', { headers: { 'x-request-id': 'abc-123' } });
      expect(reply.headers['x-request-id']).toBe('abc-123');
      // Fastify's own request.id (genReqId, `req-1` by default) is the request id there.
      const generated = adapter === 'fastify' ? /^req-[0-9a-z]+$/ : /^[0-9a-f-]{36}$/;
      expect((await send(app.url, '/jobs/2')).headers['x-request-id']).toMatch(generated);
    } finally {
      await app.close();
    }
  });

  it('with requestContext: false records the same metrics and sets no request id', async () => {
    const app = await startApp(adapter, { ...SUITE_OPTIONS, requestContext: false });
    try {
      const reply = await send(app.url, '/jobs/1', { headers: { 'x-request-id': 'abc-123' } });
      expect(reply.status).toBe(200);
      expect(reply.headers['x-request-id']).toBeUndefined();
      const samples = await scrape(app.url);
      expect(
        sampleValue(samples, 'api_requests_total', { method: 'GET', route: '/jobs/:jobId', status_code: '200' }),
      ).toBe(1);
    } finally {
      await app.close();
    }
  });
});

it('refuses a requestContext that is not a boolean, naming the option', () => {
  const observability = createObservability({ defaultMetrics: false });
  let caught: unknown;
  try {
    expressObservability(observability, { requestContext: 'no' as unknown as boolean });
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(ObservabilityError);
  expect((caught as ObservabilityError).option).toBe('requestContext');
});
