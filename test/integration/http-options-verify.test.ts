/**
 * `verify` against a live service whose request metrics carry declared `httpLabels`: the labels
 * are undeclared for `verify` until it is told them with `--http-labels`, as the service was.
 */
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/index.js';
import { verifyCommand } from '../../src/cli/verify.js';
import { send, startApp } from '../helpers/http-apps.js';

async function verify(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await verifyCommand(argv, { stdout: (text) => (out += text), stderr: (text) => (err += text) });
  return { code, out, err };
}

describe('verify --http-labels', () => {
  it('accepts the declared labels on the request counter and histogram only when told them', async () => {
    const observability = createObservability({ accessLog: false, httpLabels: ['plan', 'region'] });
    const app = await startApp(
      'express',
      { customLabels: { plan: () => 'pro', region: () => 'eu' }, groupStatusCodes: true },
      observability,
    );
    try {
      expect((await send(app.url, '/jobs/1')).status).toBe(200);
      const url = `${app.url}/metrics`;
      const untold = await verify(['--url', url, '--json']);
      expect(untold.code).toBe(1);
      const report = JSON.parse(untold.out) as { unexpectedLabels: { metric: string; labels: string[] }[] };
      expect(report.unexpectedLabels).toEqual([
        { metric: 'api_requests_total', labels: ['plan', 'region'] },
        { metric: 'api_request_duration_seconds', labels: ['plan', 'region'] },
      ]);
      const told = await verify(['--url', url, '--http-labels', 'plan,region']);
      expect(told, told.out).toMatchObject({ code: 0 });
      // Told one label only: the other is still undeclared.
      const half = await verify(['--url', url, '--http-labels', 'plan', '--json']);
      expect(half.code).toBe(1);
      expect((JSON.parse(half.out) as typeof report).unexpectedLabels.map((u) => u.labels)).toEqual([
        ['region'],
        ['region'],
      ]);
    } finally {
      await app.close();
    }
  });

  it("under naming: 'otel' the labels ride on http_server_request_duration_seconds", async () => {
    const observability = createObservability({ accessLog: false, naming: 'otel', httpLabels: ['plan'] });
    const app = await startApp('express', { customLabels: { plan: () => 'pro' } }, observability);
    try {
      expect((await send(app.url, '/jobs/1')).status).toBe(200);
      const scrape = await send(app.url, '/metrics');
      expect(scrape.body).toContain(
        'http_server_request_duration_seconds_count{http_request_method="GET",http_route="/jobs/:jobId",http_response_status_code="200",plan="pro"} 1',
      );
      const url = `${app.url}/metrics`;
      expect((await verify(['--url', url, '--naming', 'otel'])).code).toBe(1);
      const told = await verify(['--url', url, '--naming', 'otel', '--http-labels', 'plan']);
      expect(told, told.out + told.err).toMatchObject({ code: 0 });
    } finally {
      await app.close();
    }
  });
});
