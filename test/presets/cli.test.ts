import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { requireTool } from '../helpers/tools.js';
import { run } from './helpers.js';
import { startSdkServer } from './sdk-server.js';

const ROOT = resolve(import.meta.dirname, '../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const BIN = join(ROOT, 'src/cli/index.ts');

async function bin(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [BIN, ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

async function inProcess(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

describe('transcode-flow-observability render-presets', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tfo-cli-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('documents every option in --help', async () => {
    const { code, stdout } = await bin('render-presets', '--help');
    expect(code).toBe(0);
    for (const option of ['--out DIR', '--prefix P', '--config FILE', 'alerts.<AlertName>', '--help'])
      expect(stdout).toContain(option);
    expect((await bin('--help')).stdout).toContain('verify --url URL');
  });

  it('writes the tree for a prefix and a YAML config, and the result passes promtool', async () => {
    const config = join(dir, 'presets.yaml');
    writeFileSync(config, 'jobs:\n  service: media-api\nalerts:\n  JobQueueBacklog:\n    threshold: 42\n    for: 3m\n');
    const out = join(dir, 'out');
    const { code, stderr } = await bin('render-presets', '--out', out, '--prefix', 'media_', '--config', config);
    expect(code, stderr).toBe(0);
    const jobs = readFileSync(join(out, 'prometheus/alerts/jobs.yml'), 'utf8');
    expect(jobs).toContain('media_jobs_queued{job="media-api"}) > 42');
    expect(jobs).toContain('for: 3m');
    for (const path of [
      'prometheus/prometheus.yml',
      'alertmanager/alertmanager.yml',
      'grafana/dashboards/api-performance.json',
      'kubernetes/prometheus-rule.yaml',
      'docker-compose.yml',
    ]) {
      expect(existsSync(join(out, path)), path).toBe(true);
    }
    const promtool = requireTool('promtool');
    expect(run(promtool, ['test', 'rules', 'tests/jobs.test.yml'], join(out, 'prometheus')).status).toBe(0);
  });

  it('refuses a bad config with an error naming the field', async () => {
    const config = join(dir, 'bad.json');
    writeFileSync(config, JSON.stringify({ alerts: { JobFailureRateHigh: { threshold: 3 } } }));
    const { code, stderr } = await inProcess('render-presets', '--out', join(dir, 'bad'), '--config', config);
    expect(code).toBe(2);
    expect(stderr).toContain('TFO_ERR_INVALID_PRESET_CONFIG');
    expect(stderr).toContain('`alerts.JobFailureRateHigh.threshold` is 3; expected a ratio of failed to finished jobs');
    const typo = await inProcess('render-presets', '--out', join(dir, 'bad'), '--prefix', '9x');
    expect(typo.stderr).toContain('`prefix`');
    expect((await inProcess('render-presets')).code).toBe(2);
  });
});

describe('transcode-flow-observability verify', () => {
  it('passes a service that uses the SDK', async () => {
    const sdk = await startSdkServer('media_');
    try {
      const url = `http://127.0.0.1:${sdk.port}/metrics`;
      const ok = await inProcess('verify', '--url', url, '--prefix', 'media_');
      expect(ok.code, ok.stdout).toBe(0);
      const wrongPrefix = await inProcess('verify', '--url', url, '--json');
      expect(wrongPrefix.code).toBe(1);
      expect(JSON.parse(wrongPrefix.stdout).missing).toContain('api_requests_total');
      const tight = await inProcess('verify', '--url', url, '--prefix', 'media_', '--max-series', '4');
      expect(tight.code).toBe(1);
      expect(tight.stdout).toContain('Near or at the series cap');
    } finally {
      await sdk.close();
    }
  });

  it('reports wrong types, undeclared labels, overflow and unknown names, and exits 1', async () => {
    const body = [
      '# TYPE api_requests_total gauge',
      'api_requests_total{method="GET",route="/x",status_code="200",user_id="42"} 1',
      '# TYPE jobs_queued gauge',
      'jobs_queued{queue="__overflow__",job_type="__overflow__"} 3',
      '# TYPE my_own_metric counter',
      'my_own_metric 1',
    ].join('\n');
    const server = createServer((_, response) => response.end(`${body}\n`));
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
      const result = await inProcess('verify', '--url', url, '--json', '--groups', 'all');
      expect(result.code).toBe(1);
      const report = JSON.parse(result.stdout);
      expect(report.wrongTypes).toEqual([{ metric: 'api_requests_total', expected: 'counter', actual: 'gauge' }]);
      expect(report.unexpectedLabels).toEqual([{ metric: 'api_requests_total', labels: ['user_id'] }]);
      expect(report.nearCap).toEqual([{ metric: 'jobs_queued', series: 1, cap: 1000, overflowed: true }]);
      expect(report.unknown).toEqual(['my_own_metric']);
      expect(report.missing).toContain('jobs_completed_total');
      expect((await inProcess('verify', '--url', 'http://127.0.0.1:1/metrics')).code).toBe(2);
      expect((await inProcess('verify', '--help')).stdout).toContain('--allow-unknown');
    } finally {
      await new Promise<void>((done) => server.close(() => done()));
    }
  });
});
