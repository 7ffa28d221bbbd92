import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { ALERTS } from '../../src/presets/alerts/index.js';
import type { PresetConfig } from '../../src/presets/index.js';
import type { SdkSeriesName } from '../../src/presets/metric-names.js';
import { acrossInstances } from '../../src/presets/promql.js';
import { aggregations, hasAggregation } from './aggregations.js';
import { CUSTOM_CONFIG, renderToTemp } from './helpers.js';
import { metricNames } from './promql-names.js';

interface Rule {
  alert?: string;
  record?: string;
  expr: string;
}
interface TestFile {
  tests: {
    name: string;
    alert_rule_test?: { alertname: string; exp_alerts: { exp_labels: Record<string, string> }[] }[];
  }[];
}

const DEFINITIONS = new Map(CATALOGUE_DEFINITIONS.map((definition) => [definition.name, definition]));
const PER_INSTANCE = new Map(ALERTS.map((definition) => [definition.name as string, definition.perInstance]));

/** The catalogue name of an exposed SDK name (prefix and histogram suffix removed), if it is one. */
function catalogueName(prefix: string, name: string): string | undefined {
  if (!name.startsWith(prefix)) return undefined;
  const bare = name.slice(prefix.length);
  const base = DEFINITIONS.has(bare) ? bare : bare.replace(/_(bucket|count|sum)$/, '');
  return DEFINITIONS.has(base) ? base : undefined;
}

/**
 * What is wrong with the aggregations of `expr` across instances: an innermost aggregation of
 * one catalogue metric whose operator is not the catalogue's, or shared state not taken once
 * per series of the metric (`by` without `job` and its own labels).
 */
function aggregationFaults(prefix: string, expr: string): string[] {
  const faults: string[] = [];
  for (const aggregation of aggregations(expr)) {
    if (hasAggregation(aggregation.inner) || aggregation.by?.includes('instance')) continue;
    const names = [...new Set(metricNames(aggregation.inner).map((name) => catalogueName(prefix, name)))];
    if (names.length !== 1 || names[0] === undefined) continue;
    const name = names[0];
    const expected = acrossInstances(name as SdkSeriesName);
    if (!['sum', 'max', 'min', 'avg'].includes(aggregation.operator)) continue;
    if (aggregation.operator !== expected) {
      faults.push(`${aggregation.operator} over ${name}, whose catalogue aggregator gives ${expected}`);
      continue;
    }
    if (expected === 'sum') continue;
    const keys = ['job', ...DEFINITIONS.get(name)!.labelNames];
    const missing = keys.filter((key) => !(aggregation.by ?? []).includes(key));
    if (missing.length > 0)
      faults.push(`${expected} over ${name} drops ${missing.join(', ')} before replicas are merged`);
  }
  return faults;
}

describe('the aggregation check', () => {
  it('finds the hand-picked sum over shared state that counted every replica', () => {
    expect(aggregationFaults('', 'sum by (job, queue) (queue_workers_active{job="transcode-flow"}) < 1')).toEqual([
      'sum over queue_workers_active, whose catalogue aggregator gives max',
    ]);
    expect(aggregationFaults('', 'max(queue_length{job="x"})')).toEqual([
      'max over queue_length drops job, queue, state before replicas are merged',
    ]);
    expect(aggregationFaults('', 'max by (job) (rate(api_requests_total[5m]))')).toEqual([
      'max over api_requests_total, whose catalogue aggregator gives sum',
    ]);
    expect(aggregationFaults('', 'sum(max by (job, queue) (queue_workers_active))')).toEqual([]);
  });
});

describe.each([
  ['the default config', {} as PresetConfig],
  ['a custom config', CUSTOM_CONFIG],
  ['external labels for a long-term store', { externalLabels: { cluster: 'eu-west-1', replica: 'prometheus-a' } }],
])('presets rendered with %s, across instances', (_, config) => {
  const { dir, cleanup } = renderToTemp(config);
  afterAll(cleanup);
  const prefix = config.prefix ?? '';
  const read = (path: string) => readFileSync(join(dir, path), 'utf8');
  const rules = (sub: string): Rule[] =>
    readdirSync(join(dir, 'prometheus', sub)).flatMap((file) =>
      (parse(read(`prometheus/${sub}/${file}`)) as { groups: { rules: Rule[] }[] }).groups.flatMap((g) => g.rules),
    );
  const alerts = rules('alerts');
  const recording = rules('rules');
  const panels = readdirSync(join(dir, 'grafana/dashboards')).flatMap((file) =>
    (
      JSON.parse(read(`grafana/dashboards/${file}`)) as { panels: { title: string; targets: { expr: string }[] }[] }
    ).panels.flatMap((panel) => panel.targets.map((target) => [`${file}: ${panel.title}`, target.expr] as const)),
  );

  it('aggregate every SDK metric with its catalogue operator, in rules, alerts and dashboards', () => {
    const exprs = [
      ...[...alerts, ...recording].map((rule) => [rule.alert ?? rule.record!, rule.expr] as const),
      ...panels,
    ];
    for (const [where, expr] of exprs) expect(aggregationFaults(prefix, expr), `${where}: ${expr}`).toEqual([]);
    // Shared state is aggregated somewhere, so the check above is not vacuous.
    expect(
      exprs.filter(([, expr]) => expr.includes(`max by (job, queue) (${prefix}queue_workers_active`)).length,
    ).toBeGreaterThan(1);
  });

  it('have no recording rule and no alert that keeps or matches instance, except the documented per-target alerts', () => {
    for (const rule of recording) expect(rule.expr, rule.record).not.toMatch(/\binstance\b/);
    for (const rule of alerts) {
      if (PER_INSTANCE.get(rule.alert!) !== undefined) continue;
      expect(rule.expr, rule.alert).not.toMatch(/\binstance\b/);
    }
    const tests = readdirSync(join(dir, 'prometheus/tests')).flatMap(
      (file) => (parse(read(`prometheus/tests/${file}`)) as TestFile).tests,
    );
    for (const test of tests) {
      for (const check of test.alert_rule_test ?? []) {
        for (const alert of check.exp_alerts) {
          // promtool checks the exact labels: an alert fires with instance only if its rule keeps it.
          expect('instance' in alert.exp_labels, `${test.name}`).toBe(PER_INSTANCE.get(check.alertname) !== undefined);
        }
      }
    }
  });

  it('test every alert on shared state with 3 instances as well', () => {
    const tests = readdirSync(join(dir, 'prometheus/tests')).flatMap(
      (file) => (parse(read(`prometheus/tests/${file}`)) as TestFile).tests,
    );
    const shared = alerts.filter((rule) =>
      metricNames(rule.expr).some((name) => {
        const base = catalogueName(prefix, name);
        return base !== undefined && acrossInstances(base as SdkSeriesName) !== 'sum';
      }),
    );
    expect(shared.map((rule) => rule.alert).sort()).toEqual(
      [
        'JobWaitTooLong',
        'LowQueueWorkerCount',
        'QueueLengthGrowing',
        'QueueWorkersDown',
        'StorageQuotaNearlyFull',
      ].filter((name) => config.alerts?.[name as 'QueueWorkersDown']?.enabled !== false),
    );
    for (const rule of shared) {
      const names = tests.map((test) => test.name);
      expect(names, rule.alert).toContain(`${rule.alert} fires alike with 3 instances`);
      expect(names, rule.alert).toContain(`${rule.alert} stays quiet alike with 3 instances`);
    }
  });

  it('write the configured external labels and use none of them in a rule, so a long-term store changes no answer', () => {
    const prometheus = parse(read('prometheus/prometheus.yml')) as {
      global: { external_labels: Record<string, string> };
    };
    const expected = config.externalLabels ?? { cluster: 'transcode-flow', environment: 'production' };
    expect(prometheus.global.external_labels).toEqual(expected);
    for (const rule of [...alerts, ...recording]) {
      for (const label of Object.keys(expected))
        expect(rule.expr, rule.alert ?? rule.record).not.toMatch(new RegExp(`\\b${label}\\b`));
    }
  });
});
