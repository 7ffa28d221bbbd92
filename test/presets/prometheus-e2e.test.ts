import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_METRIC_NAMES } from '../../src/catalogue/external-metrics.js';
import type { PresetConfig } from '../../src/presets/index.js';
import { requireTool } from '../helpers/tools.js';
import { CUSTOM_CONFIG, renderToTemp } from './helpers.js';
import { metricNames } from './promql-names.js';
import { startSdkServer } from './sdk-server.js';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 40_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

interface QueryResponse {
  status: string;
  error?: string;
  data: { result: unknown[] };
}

describe.each([
  ['the default config', {} as PresetConfig],
  ['a custom prefix and thresholds', CUSTOM_CONFIG],
  ["naming: 'otel'", { naming: 'otel' } as PresetConfig],
  ["naming: 'otel', a custom prefix and thresholds", { ...CUSTOM_CONFIG, naming: 'otel' } as PresetConfig],
])('a real Prometheus with the presets rendered with %s', (_, base) => {
  const binary = requireTool('prometheus');
  let prometheus: ChildProcess | undefined;
  let sdk: Awaited<ReturnType<typeof startSdkServer>>;
  let url = '';
  let rendered: ReturnType<typeof renderToTemp>;
  const storage = mkdtempSync(join(tmpdir(), 'tfo-prometheus-'));
  const job = base.jobs?.service ?? 'transcode-flow';
  const query = async (expr: string): Promise<QueryResponse> =>
    (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as QueryResponse;

  beforeAll(async () => {
    sdk = await startSdkServer(base.prefix ?? '', base.naming);
    const config: PresetConfig = {
      ...base,
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      targets: {
        service: [`127.0.0.1:${sdk.port}`],
        node: ['127.0.0.1:1'],
        cadvisor: ['127.0.0.1:1'],
        postgres: ['127.0.0.1:1'],
        redis: ['127.0.0.1:1'],
        minio: ['127.0.0.1:1'],
        scheduler: ['127.0.0.1:1'],
      },
      alertmanager: { targets: ['127.0.0.1:1'] },
    };
    rendered = renderToTemp(config);
    const port = await freePort();
    url = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      binary,
      [
        `--config.file=${join(rendered.dir, 'prometheus/prometheus.yml')}`,
        `--storage.tsdb.path=${storage}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
    // Data has arrived once the request-rate recording rule has a value.
    const prefix = base.prefix ?? '';
    await waitFor('recorded request rates', async () =>
      (await query(`job:${prefix}api_requests:rate5m`)).data.result.length > 0 ? true : undefined,
    );
    await waitFor('recorded latency ratios', async () =>
      (await query(`job:${prefix}api_request_slow:ratio_rate1h`)).data.result.length > 0 ? true : undefined,
    );
  }, 90_000);

  afterAll(async () => {
    if (prometheus?.pid !== undefined) process.kill(prometheus.pid, 'SIGTERM');
    await new Promise((resolve) =>
      prometheus && prometheus.exitCode === null ? prometheus.once('exit', resolve) : resolve(undefined),
    );
    await sdk?.close();
    rendered?.cleanup();
    rmSync(storage, { recursive: true, force: true });
  });

  it('scrapes the SDK server and evaluates every rule without an error', async () => {
    const up = await query(`up{job="${job}"}`);
    expect(up.data.result).toHaveLength(1);
    const rules = (await (await fetch(`${url}/api/v1/rules`)).json()) as {
      data: { groups: { rules: { name: string; health: string; lastError?: string }[] }[] };
    };
    const all = rules.data.groups.flatMap((group) => group.rules);
    expect(all.length).toBeGreaterThan(80);
    for (const rule of all) expect(rule.lastError ?? '', rule.name).toBe('');
    for (const rule of all) expect(rule.health, rule.name).toBe('ok');
  });

  it('answers every dashboard query, with data for every query over SDK metrics', async () => {
    const dir = join(rendered.dir, 'grafana/dashboards');
    let checked = 0;
    for (const file of readdirSync(dir)) {
      const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
        panels: { title: string; targets: { expr: string }[] }[];
      };
      for (const panel of dashboard.panels) {
        for (const target of panel.targets) {
          const expr = target.expr
            .replaceAll('$__rate_interval', '30s')
            .replaceAll('$job', job)
            .replaceAll('$instance', '.*');
          let answer = await query(expr);
          expect(answer.status, `${panel.title}: ${answer.error ?? ''}`).toBe('success');
          const external = metricNames(expr).some((name) => EXTERNAL_METRIC_NAMES.has(name) && name !== 'up');
          if (!external && answer.data.result.length === 0) {
            // Rule groups evaluate on their own schedules: a recording rule may get its first value a little later.
            answer = await waitFor(
              `data for ${panel.title}`,
              async () => {
                const next = await query(expr);
                return next.data.result.length > 0 ? next : undefined;
              },
              30_000,
            ).catch(() => answer);
          }
          if (!external) expect(answer.data.result.length, `${file} / ${panel.title}: ${expr}`).toBeGreaterThan(0);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(40);
  });
});
