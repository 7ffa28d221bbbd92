import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/redis.js';
import { requireTool } from '../helpers/tools.js';
import { type ServiceProcess, startServiceProcess } from './service-process.js';

const PRESETS = resolve(import.meta.dirname, '../../monitoring-presets');
/** Metrics the demo moves: every dashboard query on one of them must return data. */
const KEY_METRICS = [
  'api_requests_total',
  'api_request_duration_seconds_bucket',
  'jobs_completed_total',
  'jobs_failed_total',
  'video_transcode_duration_seconds_bucket',
  'video_transcoded_bytes_sum',
  'thumbnail_generation_duration_seconds_bucket',
  'audio_extraction_duration_seconds_bucket',
  'storage_used_bytes',
  'webhook_sent_total',
];

interface Rule {
  name: string;
  health: string;
  lastError?: string;
}

async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, what: string): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await read().catch(() => undefined);
    if (value !== undefined && done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** The PromQL of every panel of the bundled dashboards that selects the SDK's own job. */
function dashboardQueries(): { dashboard: string; expr: string }[] {
  const dir = join(PRESETS, 'grafana/dashboards');
  const queries: { dashboard: string; expr: string }[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(dir, file), 'utf8')) as {
      panels?: { targets?: { expr?: string }[] }[];
    };
    for (const panel of dashboard.panels ?? []) {
      for (const target of panel.targets ?? []) {
        if (target.expr?.includes('$job')) queries.push({ dashboard: file, expr: target.expr });
      }
    }
  }
  return queries;
}

describe('a real Prometheus scraping the demo, with the presets rules loaded', () => {
  let service: ServiceProcess;
  let prometheus: ChildProcess | undefined;
  let dir: string;
  let api: string;

  const query = async (expr: string): Promise<{ status: string; data: { result: unknown[] }; error?: string }> =>
    (await fetch(`${api}/api/v1/query?query=${encodeURIComponent(expr)}`)).json() as Promise<{
      status: string;
      data: { result: unknown[] };
      error?: string;
    }>;

  beforeAll(async () => {
    requireTool('prometheus', ['--version']);
    requireTool('ffmpeg', ['-version']);
    service = await startServiceProcess('demo');
    await service.waitForLog('demo finished', () => true, 150_000);

    dir = mkdtempSync(join(tmpdir(), 'tfo-prometheus-'));
    const target = new URL(service.url).host;
    writeFileSync(
      join(dir, 'prometheus.yml'),
      [
        'global: { scrape_interval: 1s, evaluation_interval: 1s }',
        'rule_files:',
        `  - '${PRESETS}/prometheus/alerts/*.yml'`,
        `  - '${PRESETS}/prometheus/rules/*.yml'`,
        'scrape_configs:',
        `  - { job_name: transcode-flow, static_configs: [{ targets: ['${target}'] }] }`,
        '',
      ].join('\n'),
    );
    const port = await freePort();
    api = `http://127.0.0.1:${port}`;
    prometheus = spawn(
      'prometheus',
      [
        `--config.file=${join(dir, 'prometheus.yml')}`,
        `--storage.tsdb.path=${join(dir, 'data')}`,
        `--web.listen-address=127.0.0.1:${port}`,
      ],
      { stdio: 'ignore' },
    );
    await eventually(
      () => fetch(`${api}/-/ready`).then((r) => r.status),
      (status) => status === 200,
      'Prometheus',
    );
    await eventually(
      () => query('up{job="transcode-flow"}'),
      (answer) => JSON.stringify(answer.data.result).includes('"1"'),
      'the example as an up target',
    );
    // A few scrapes, so that rate() over the dashboards' windows has two samples or more.
    await new Promise((resolve) => setTimeout(resolve, 4000));
  }, 240_000);

  afterAll(async () => {
    if (prometheus?.pid !== undefined && prometheus.exitCode === null) {
      const exited = new Promise((resolve) => prometheus!.once('exit', resolve));
      process.kill(prometheus.pid, 'SIGTERM');
      await exited;
    }
    await service?.cleanup();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it('loads every alert and recording rule and evaluates each one without an error', async () => {
    const rules = await eventually(
      async () => {
        const answer = (await (await fetch(`${api}/api/v1/rules`)).json()) as {
          data: { groups: { rules: Rule[] }[] };
        };
        return answer.data.groups.flatMap((group) => group.rules);
      },
      (all) => all.length > 0 && all.every((rule) => rule.health !== 'unknown'),
      'every rule evaluated once',
    );
    expect(rules.length).toBeGreaterThan(40);
    const failing = rules.filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.lastError}`);
    expect(failing).toEqual([]);
  });

  it('answers every dashboard query on the SDK metrics, with data for the metrics the demo moves', async () => {
    const queries = dashboardQueries();
    expect(queries.length).toBeGreaterThan(20);
    const empty: string[] = [];
    for (const { dashboard, expr } of queries) {
      const promql = expr
        .replaceAll('$__rate_interval', '1m')
        .replaceAll('$__range', '5m')
        .replaceAll('$job', 'transcode-flow')
        .replaceAll('$instance', '.*');
      const answer = await query(promql);
      expect(answer.status, `${dashboard}: ${promql}: ${answer.error}`).toBe('success');
      // The demo makes no 5xx, so a 5xx ratio has nothing to divide.
      const moved =
        !promql.includes('status_code=~"5..') &&
        KEY_METRICS.some((metric) => new RegExp(`\\b${metric}\\b`).test(promql));
      if (moved && answer.data.result.length === 0) empty.push(`${dashboard}: ${promql}`);
    }
    expect(empty).toEqual([]);
  });

  it("keeps the service's own metric and the scrape cost, as Prometheus scraped them", async () => {
    const value = async (expr: string): Promise<number> => {
      const answer = (await query(expr)) as { data: { result: { value: [number, string] }[] } };
      return Number(answer.data.result[0]?.value[1] ?? Number.NaN);
    };
    // The demo submitted jobs, each kept by the in-memory job store (examples/transcode-service/src/service-metrics.ts).
    expect(await value('job_store_records{job="transcode-flow"}')).toBeGreaterThan(0);
    expect(await value('observability_scrape_duration_seconds{job="transcode-flow"}')).toBeGreaterThan(0);
    expect(await value('observability_series{job="transcode-flow",metric="api_requests_total"}')).toBeGreaterThan(0);
    expect(await value('observability_series{job="transcode-flow",metric="job_store_records"}')).toBe(1);
  });
});
