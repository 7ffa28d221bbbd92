import { describe, expect, it } from 'vitest';
import { metricTypes } from '../../test/helpers/exposition.js';
import { createObservability } from '../create-observability.js';
import { BUCKETS } from './buckets.js';
import { CATALOGUE, CATALOGUE_DEFINITIONS } from './index.js';
import { renderMetricsDoc } from './render-metrics-doc.js';
import { RENAMES, REPORT_METRICS, RUNTIME_RENAMES, entryForReportMetric } from './renames.js';
import { runtimeMetrics } from './runtime.js';

describe('the catalogue', () => {
  it('has an entry for each of the 43 metrics the report lists', () => {
    expect(REPORT_METRICS).toHaveLength(43);
    const missing = REPORT_METRICS.filter((metric) => entryForReportMetric(metric.name) === undefined);
    expect(missing).toEqual([]);
  });

  it('declares each name once, conforming to the naming rules of its type', () => {
    const names = CATALOGUE_DEFINITIONS.map((d) => d.name);
    expect(new Set(names).size).toBe(names.length);
    for (const d of CATALOGUE_DEFINITIONS) {
      expect(d.name, d.name).toMatch(/^[a-z][a-z0-9_]*$/);
      if (d.type === 'counter') expect(d.name, d.name).toMatch(/_total$/);
      else
        expect(d.name, d.name).not.toMatch(d.type === 'gauge' ? /_(total|count|sum|bucket)$/ : /_(total|sum|bucket)$/);
      if (d.unit === 'seconds' || d.unit === 'bytes' || d.unit === 'ratio') expect(d.name, d.name).toContain(d.unit);
      if (d.unit === 'words') expect(d.name, d.name).toContain('word');
      if (d.type === 'histogram') {
        expect(d.buckets?.length, d.name).toBeGreaterThan(0);
        expect([...d.buckets!].sort((a, b) => a - b)).toEqual(d.buckets);
      } else {
        expect(d.buckets, d.name).toBeUndefined();
      }
      for (const label of d.labelNames) expect(label).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(d.help.length).toBeGreaterThan(10);
    }
  });

  it('keys each handle by the camelCase form of its name', () => {
    for (const [key, d] of Object.entries(CATALOGUE)) {
      expect(key).toBe(d.name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
    }
  });

  it('lists a reason for every rename, and each rename is a report metric', () => {
    const reportNames = new Set(REPORT_METRICS.map((m) => m.name));
    for (const rename of RENAMES) {
      expect(reportNames.has(rename.reportName), rename.reportName).toBe(true);
      expect(rename.reason.length).toBeGreaterThan(20);
    }
  });

  it('fits buckets to what they measure', () => {
    expect(BUCKETS.httpLatency[0]).toBe(0.005);
    expect(BUCKETS.httpLatency.at(-1)).toBe(10);
    expect(BUCKETS.transcode[0]).toBeLessThanOrEqual(1);
    expect(BUCKETS.transcode.at(-1)).toBeGreaterThanOrEqual(3600);
    expect(BUCKETS.bytes.at(-1)).toBeGreaterThanOrEqual(50e9);
    const ratios = BUCKETS.bytes.slice(1).map((b, i) => b / BUCKETS.bytes[i]!);
    expect(new Set(ratios)).toEqual(new Set([4]));
    expect(CATALOGUE.apiRequestDurationSeconds.buckets).toBe(BUCKETS.httpLatency);
    expect(CATALOGUE.videoTranscodeDurationSeconds.buckets).toBe(BUCKETS.transcode);
    expect(CATALOGUE.videoSourceSizeBytes.buckets).toBe(BUCKETS.bytes);
  });

  it('is what the registry exposes: same names, types and label names', async () => {
    const observability = createObservability({ defaultMetrics: true, groups: 'all' });
    const json = await observability.registry.getMetricsAsJSON();
    const exposed = new Map(json.map((m) => [m.name, m]));
    const declared = [...CATALOGUE_DEFINITIONS, ...runtimeMetrics];
    expect([...exposed.keys()].sort()).toEqual(declared.map((d) => d.name).sort());
    for (const d of CATALOGUE_DEFINITIONS) {
      expect(exposed.get(d.name)?.type, d.name).toBe(d.type);
      const handle = observability.metrics[
        Object.entries(CATALOGUE).find(([, entry]) => entry.name === d.name)![0] as keyof typeof CATALOGUE
      ] as unknown as { labelNames: readonly string[] };
      expect(handle.labelNames, d.name).toEqual(d.labelNames);
    }
    expect(metricTypes(await observability.registry.metrics()).size).toBe(declared.length);
  });

  // That docs/metrics.md is this rendering is checked by the one drift test (test/generated-files.test.ts).
  it('renders a metrics reference that names every metric and every rename', () => {
    const committed = renderMetricsDoc();
    for (const d of [...CATALOGUE_DEFINITIONS, ...runtimeMetrics]) expect(committed).toContain(`\`${d.name}\``);
    for (const r of RENAMES) expect(committed).toContain(`| \`${r.reportName}\` | \`${r.name}\` |`);
    for (const r of RUNTIME_RENAMES) expect(committed).toContain(`| \`${r.promClientName}\` | \`${r.name}\` |`);
  });

  it('exposes the runtime gauges prom-client names `*_total` under their conforming names only', async () => {
    expect(RUNTIME_RENAMES.map((r) => [r.promClientName, r.name])).toEqual(
      ['resources', 'handles', 'requests'].map((what) => [
        `nodejs_active_${what}_total`,
        `nodejs_active_${what}_current`,
      ]),
    );
    const observability = createObservability({ prefix: 'media_' });
    const json = await observability.registry.getMetricsAsJSON();
    const exposed = new Map(json.map((m) => [m.name, m]));
    for (const rename of RUNTIME_RENAMES) {
      expect(exposed.has(`media_${rename.promClientName}`), rename.promClientName).toBe(false);
      const metric = exposed.get(`media_${rename.name}`);
      expect(metric?.type, rename.name).toBe('gauge');
      // One unlabelled count, next to prom-client's breakdown by type, which keeps its name.
      expect(metric!.values).toHaveLength(1);
      expect(metric!.values[0]!.value).toBeGreaterThanOrEqual(0);
      const breakdown = exposed.get(`media_${rename.name.replace(/_current$/, '')}`);
      expect(
        breakdown?.values.every((v) => typeof v.labels.type === 'string'),
        rename.name,
      ).toBe(true);
      expect(rename.reason.length).toBeGreaterThan(20);
    }
  });
});
