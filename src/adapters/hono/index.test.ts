import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
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

  it('records a failure that rejects past the middleware as the 500 @hono/node-server answers, the in-flight gauge back at 0', async () => {
    const observability = createObservability({ defaultMetrics: false, accessLog: false });
    const app = new Hono();
    app.use(honoObservability(observability));
    app.get('/string', () => {
      throw 'not an Error' as unknown as Error;
    });
    app.get('/handled', () => {
      throw new Error('handled by onError');
    });
    app.get('/after-error/:id', async (c, next) => {
      await next();
      throw 'after the handler' as unknown as Error;
    });
    app.get('/after-error/:id', (c) => c.text('ok'));
    app.onError((_error, c) => c.text('failed', 500));
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((listening) => server.once('listening', listening));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      for (const path of ['/string', '/handled', '/after-error/1']) {
        const response = await fetch(base + path);
        await response.arrayBuffer();
        expect(response.status, path).toBe(500);
      }
      const metrics = observability.metrics;
      // Each request is recorded once its response closes: wait for the scrape to say so.
      await expect
        .poll(() => metrics.apiRequestsTotal.value({ method: 'GET', route: '/string', status_code: '500' }))
        .toBe(1);
      expect(metrics.apiRequestsTotal.value({ method: 'GET', route: '/handled', status_code: '500' })).toBe(1);
      await expect
        .poll(() => metrics.apiRequestsTotal.value({ method: 'GET', route: '/after-error/:id', status_code: '500' }))
        .toBe(1);
      expect(metrics.apiRequestsInProgress.value({ method: 'GET', route: '__any__' })).toBe(0);
    } finally {
      await new Promise((closed) => server.close(closed));
    }
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
