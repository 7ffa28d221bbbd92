import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { frameworksLoadedBy } from '../../../test/helpers/http-modules.js';
import { createObservability } from '../../create-observability.js';
import { honoObservability } from './index.js';

describe('honoObservability', () => {
  it('records requests without @hono/node-server when the handlers return, and serves the endpoints', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = new Hono().basePath('/v1');
    app.use(honoObservability(observability, { metricsPath: '/v1/metrics' }));
    app.get('/jobs/:jobId', (c) => c.json({ id: c.req.param('jobId') }));
    app.get('/boom', () => {
      throw new Error('boom');
    });
    app.onError((_error, c) => c.text('failed', 500));
    expect((await app.request('/v1/jobs/1')).status).toBe(200);
    expect((await app.request('/v1/boom')).status).toBe(500);
    expect((await app.request('/v1/nothing')).status).toBe(404);
    const metrics = observability.metrics;
    expect(metrics.apiRequestsTotal.value({ method: 'GET', route: '/v1/jobs/:jobId', status_code: '200' })).toBe(1);
    expect(metrics.apiRequestsTotal.value({ method: 'GET', route: '/v1/boom', status_code: '500' })).toBe(1);
    expect(metrics.apiRequestsTotal.value({ method: 'GET', route: '__unmatched__', status_code: '404' })).toBe(1);
    expect(metrics.apiRequestsInProgress.value({ method: 'GET', route: '__any__' })).toBe(0);
    const scrape = await app.request('/v1/metrics');
    expect(await scrape.text()).toContain(
      'api_requests_total{method="GET",route="/v1/jobs/:jobId",status_code="200"} 1',
    );
  });

  it('refuses bad options with TFO_ERR_INVALID_OPTION naming the option', () => {
    const observability = createObservability({ defaultMetrics: false });
    expect(() => honoObservability(observability, { detectIds: 1 as never })).toThrowError(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'detectIds' }) as Error,
    );
  });

  it('loads hono only, never another framework', () => {
    expect(frameworksLoadedBy('hono').filter((name) => name !== 'hono')).toEqual([]);
  });
});
