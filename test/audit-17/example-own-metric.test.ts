import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderMetricsReference, type PresetConfig } from '../../src/entries/presets.js';
import { serviceMetrics } from '../../examples/transcode-service/src/service-metrics.js';
import { sampleValue } from '../helpers/exposition.js';
import { makeTestVideo } from '../helpers/media.js';
import { type ServiceProcess, startServiceProcess, submitJob, waitForJob } from '../example/service-process.js';
import { renderToTemp, run, serviceOnlyTargets } from '../presets/helpers.js';
import { type PrometheusProcess, startPrometheus, waitFor } from '../presets/prometheus-process.js';

/**
 * Issue 17: "Show it in the example service with one metric of its own, end to end, through a
 * real Prometheus." The example's own metric (`job_store_records`, declared with `defineMetric` in
 * examples/transcode-service/src/service-metrics.ts) goes the whole way: recorded by the running
 * example, a row in a generated reference, present for `verify --expect`, an alert rendered from
 * a threshold in the preset config that passes `promtool test rules`, and that alert loaded into
 * a real Prometheus scraping the example, where it fires.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const API_KEY = 'audit-own-metric-key-0123456789';
/** The groups the example turns on (examples/transcode-service/src/service.ts). */
const GROUPS = ['api', 'jobs', 'video', 'storage', 'webhooks', 'api_keys', 'queue_workers'] as const;

let service: ServiceProcess;
let rendered: ReturnType<typeof renderToTemp>;
let prometheus: PrometheusProcess | undefined;

beforeAll(async () => {
  service = await startServiceProcess('example', { API_KEYS: API_KEY });
  mkdirSync(join(service.dataDir, 'in'), { recursive: true });
  const source = makeTestVideo(join(service.dataDir, 'in', 'clip.mp4'), 1, '320x240');
  const id = await submitJob(service, source);
  await waitForJob(service, id);

  const config: PresetConfig = {
    ...serviceOnlyTargets([new URL(service.url).host]),
    scrapeInterval: '1s',
    evaluationInterval: '1s',
    groups: [...GROUPS],
    customMetrics: {
      jobStoreRecords: {
        ...serviceMetrics.jobStoreRecords,
        alerts: [{ name: 'JobStoreHoldsRecords', above: 0, for: '1s', severity: 'info', component: 'jobs' }],
      },
    },
  };
  rendered = renderToTemp(config);
}, 180_000);

afterAll(async () => {
  await prometheus?.stop();
  rendered?.cleanup();
  await service?.cleanup();
});

describe("the example service's own metric, end to end", () => {
  it('is recorded by the running example (one job, one record)', async () => {
    expect(sampleValue(await service.scrape(), 'job_store_records', {})).toBe(1);
  });

  it('has a row in the reference generated from its definition', () => {
    const markdown = renderMetricsReference(Object.values(serviceMetrics), { title: 'Transcode service metrics' });
    expect(markdown).toMatch(/\|\s*`job_store_records`\s*\|\s*gauge\s*\|/);
  });

  it('is present for verify --expect, and counted as unknown without it', () => {
    const args = ['verify', '--url', `${service.url}/metrics`, '--groups', GROUPS.join(',')];
    const expected = run(process.execPath, [CLI, ...args, '--expect', 'job_store_records']);
    expect(expected.status, expected.output).toBe(0);
    const unknown = run(process.execPath, [CLI, ...args]);
    expect(unknown.status).toBe(1);
    expect(unknown.output).toContain('job_store_records');
  });

  it('gets an alert from the preset config threshold that passes promtool check and test', () => {
    const alerts = join(rendered.dir, 'prometheus/alerts/custom.yml');
    expect(execFileSync('promtool', ['check', 'rules', alerts], { encoding: 'utf8' })).toContain('SUCCESS');
    const tests = run('promtool', ['test', 'rules', 'tests/custom.test.yml'], join(rendered.dir, 'prometheus'));
    expect(tests.status, tests.output).toBe(0);
  });

  it('fires in a real Prometheus that scrapes the example with the rendered rules', async () => {
    prometheus = await startPrometheus(join(rendered.dir, 'prometheus/prometheus.yml'));
    const firing = await waitFor(
      'JobStoreHoldsRecords to fire',
      async () => {
        const series = await prometheus!.query('ALERTS{alertname="JobStoreHoldsRecords",alertstate="firing"}');
        return series.length > 0 ? series : undefined;
      },
      90_000,
    );
    expect(firing[0]!.metric).toMatchObject({ job: 'transcode-flow', severity: 'info' });
    const value = await prometheus.query('job_store_records{job="transcode-flow"}');
    expect(value.map((series) => series.value?.[1])).toEqual(['1']);
  }, 120_000);
});
