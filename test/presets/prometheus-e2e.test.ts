import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTERNAL_METRIC_NAMES } from '../../src/catalogue/external-metrics.js';
import type { PresetConfig } from '../../src/presets/index.js';
import { CUSTOM_CONFIG, renderToTemp, serviceOnlyTargets } from './helpers.js';
import { metricNames } from './promql-names.js';
import { type PrometheusProcess, startPrometheus, waitFor } from './prometheus-process.js';
import { startSdkServer } from './sdk-server.js';

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
  let prometheus: PrometheusProcess | undefined;
  let sdk: Awaited<ReturnType<typeof startSdkServer>>;
  let url = '';
  let rendered: ReturnType<typeof renderToTemp>;
  const job = base.jobs?.service ?? 'transcode-flow';
  const query = async (expr: string): Promise<QueryResponse> =>
    (await (await fetch(`${url}/api/v1/query?query=${encodeURIComponent(expr)}`)).json()) as QueryResponse;

  beforeAll(async () => {
    sdk = await startSdkServer(base.prefix ?? '', base.naming);
    const config: PresetConfig = {
      ...base,
      scrapeInterval: '1s',
      evaluationInterval: '1s',
      ...serviceOnlyTargets([`127.0.0.1:${sdk.port}`]),
    };
    rendered = renderToTemp(config);
    prometheus = await startPrometheus(join(rendered.dir, 'prometheus/prometheus.yml'));
    url = prometheus.url;
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
    await prometheus?.stop();
    await sdk?.close();
    rendered?.cleanup();
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
