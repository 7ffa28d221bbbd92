import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import { createObservability } from '../create-observability.js';
import { createMetricsEndpoint, prefersOpenMetrics } from './metrics-endpoint.js';
import { serveMetrics } from './metrics-server.js';

const OPENMETRICS_ACCEPT = 'application/openmetrics-text;version=1.0.0;q=0.5,text/plain;version=0.0.4;q=0.4,*/*;q=0.1';

describe('metrics endpoint', () => {
  it('negotiates the format from Accept', () => {
    expect(prefersOpenMetrics(OPENMETRICS_ACCEPT)).toBe(true);
    expect(prefersOpenMetrics('text/plain;version=0.0.4')).toBe(false);
    expect(prefersOpenMetrics('text/plain;q=1,application/openmetrics-text;q=0.2')).toBe(false);
    expect(prefersOpenMetrics('application/openmetrics-text;q=0')).toBe(false);
    expect(prefersOpenMetrics(undefined)).toBe(false);
  });

  it('renders OpenMetrics with exemplars and leaves the Prometheus text and metric names untouched', async () => {
    const observability = createObservability({ defaultMetrics: true, exemplars: true });
    const labels = { method: 'GET', route: '/jobs/:jobId', status_code: '200' };
    observability.metrics.apiRequestsTotal.inc(labels);
    observability.metrics.apiRequestDurationSeconds.observe(labels, 0.02, { trace_id: 'abc' });
    const endpoint = createMetricsEndpoint(observability);
    const open = await endpoint({ accept: OPENMETRICS_ACCEPT });
    expect(open.headers['content-type']).toMatch(/openmetrics-text/);
    expect(open.body).toMatch(/^api_requests_total\{method="GET",route="\/jobs\/:jobId",status_code="200"\} 1$/m);
    expect(open.body).toMatch(
      /^api_request_duration_seconds_bucket\{.*le="0\.025"\} 1 # \{trace_id="abc"\} 0\.02 \d+/m,
    );
    expect(open.body).toMatch(/^# TYPE process_cpu_user_seconds counter$/m);
    const text = await endpoint({});
    expect(text.headers['content-type']).toMatch(/^text\/plain/);
    expect(sampleValue(parseExposition(text.body), 'api_requests_total', labels)).toBe(1);
    expect(text.body).toMatch(/^# TYPE process_cpu_user_seconds_total counter$/m);
    expect(observability.registry.contentType).toMatch(/^text\/plain/);
  });

  it('asks for a bearer token when one is set', async () => {
    const endpoint = createMetricsEndpoint(createObservability({ defaultMetrics: false }), 'tok');
    expect((await endpoint({})).status).toBe(401);
    expect((await endpoint({ authorization: 'Bearer tok' })).status).toBe(200);
    expect((await endpoint({ authorization: 'bearer  tok' })).status).toBe(200);
  });
});

function get(port: number, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

describe('serveMetrics', () => {
  it('serves /metrics and health on a separate port and 404 elsewhere', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const server = await serveMetrics(observability, { port: 0, host: '127.0.0.1', healthChecks: { db: () => true } });
    try {
      const { port } = server.address() as AddressInfo;
      expect((await get(port, '/metrics')).body).toContain('app_info');
      expect(JSON.parse((await get(port, '/health/detailed')).body)).toMatchObject({ status: 'ok' });
      expect((await get(port, '/jobs')).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it('names a bad port or host', async () => {
    const observability = createObservability({ defaultMetrics: false });
    await expect(serveMetrics(observability, { port: 70000 })).rejects.toMatchObject({
      code: 'TFO_ERR_INVALID_OPTION',
      option: 'port',
    });
    await expect(serveMetrics(observability, { host: '' })).rejects.toMatchObject({ option: 'host' });
    await expect(serveMetrics(observability, { metricsToken: 'has space' })).rejects.toMatchObject({
      option: 'metricsToken',
    });
  });
});
