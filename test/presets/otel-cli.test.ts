import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { startSdkServer } from './sdk-server.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('the CLI with --naming', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfo-otel-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('render-presets --naming otel writes the rules and dashboards in OpenTelemetry names', async () => {
    const { code } = await cli('render-presets', '--out', dir, '--naming', 'otel', '--prefix', 'media_');
    expect(code).toBe(0);
    const rules = readFileSync(join(dir, 'prometheus/rules/api.yml'), 'utf8');
    expect(rules).toContain('media_http_server_request_duration_seconds_count');
    expect(rules).toContain('http_response_status_code=~"5.."');
    // Recording rules keep their names (job_route:media_api_requests:rate5m); what they read is renamed.
    const exprs = rules.split('\n').filter((line) => line.trim().startsWith('expr:') || line.startsWith('          '));
    expect(exprs.join('\n')).not.toMatch(/media_api_requests_total|media_api_request_duration_seconds|\broute\b/);
    const dashboard = readFileSync(join(dir, 'grafana/dashboards/api-performance.json'), 'utf8');
    expect(dashboard).toContain('{{http_route}}');
    expect(dashboard).not.toContain('{{route}}');
  });

  it('render-presets refuses an unknown naming and documents the option', async () => {
    const bad = await cli('render-presets', '--out', dir, '--naming', 'OTel');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/naming.*"OTel".*'prometheus' or 'otel'/);
    expect((await cli('render-presets', '--help')).stdout).toContain('--naming N');
  });

  it('verify --naming otel matches an otel service, and names what the default naming misses', async () => {
    const sdk = await startSdkServer('', 'otel');
    try {
      const url = `http://127.0.0.1:${sdk.port}/metrics`;
      const otel = await cli('verify', '--url', url, '--naming', 'otel', '--groups', 'all');
      expect(otel.stderr).toContain('matches the catalogue');
      expect(otel.code).toBe(0);
      const prometheus = await cli('verify', '--url', url, '--groups', 'all', '--json');
      const report = JSON.parse(prometheus.stdout) as { missing: string[]; unknown: string[] };
      expect(report.missing).toEqual(
        expect.arrayContaining(['api_requests_total', 'api_request_duration_seconds', 'db_query_duration_seconds']),
      );
      expect(report.unknown).toEqual(expect.arrayContaining(['http_server_request_duration_seconds']));
      const bad = await cli('verify', '--url', url, '--naming', 'semconv');
      expect(bad.code).not.toBe(0);
      expect(bad.stderr).toContain('--naming');
    } finally {
      await sdk.close();
    }
  });
});
