import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defineMetric } from '../../src/catalogue/define-metric.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { createObservability } from '../../src/create-observability.js';
import {
  type CustomMetricPresetConfig,
  type PresetConfig,
  renderPresets,
  renderRunbooks,
  resolvePresetConfig,
} from '../../src/presets/index.js';
import { seededRandom } from '../helpers/random.js';
import { requireTool } from '../helpers/tools.js';
import { CUSTOM_CONFIG, renderToTemp, run } from './helpers.js';
import { metricNames } from './promql-names.js';

interface RuleFile {
  groups: { name: string; rules: { alert: string; expr: string; labels: Record<string, string> }[] }[];
}
interface TestFile {
  rule_files: string[];
  tests: { alert_rule_test: { alertname: string; exp_alerts: unknown[] }[] }[];
}

/** A service's own metrics, as it declares them for createObservability. */
const definitions = {
  uploadsTotal: defineMetric({
    name: 'uploads_total',
    type: 'counter',
    help: 'Uploads received, by outcome.',
    labelNames: ['outcome', 'tenant_tier'],
  }),
  ingestLagSeconds: defineMetric({
    name: 'ingest_lag_seconds',
    type: 'gauge',
    help: 'Seconds between an upload and the start of its ingestion.',
    labelNames: [],
  }),
  segmentSeconds: defineMetric({
    name: 'segment_write_seconds',
    type: 'histogram',
    help: 'Time to write one HLS segment, by rendition.',
    labelNames: ['rendition'],
    buckets: [0.05, 0.1, 0.5, 1, 2, 5],
  }),
  freeSlots: defineMetric({
    name: 'encoder_free_slots',
    type: 'gauge',
    help: 'Encoder slots free.',
    labelNames: ['pool'],
    aggregator: 'max',
  }),
};

/** The preset config's customMetrics: the definitions spread in, with the alerts wanted. */
const customMetrics: Record<string, CustomMetricPresetConfig> = {
  uploadsTotal: {
    ...definitions.uploadsTotal,
    alerts: [
      { name: 'UploadFailuresHigh', above: 0.5, matchers: { outcome: 'failed' }, for: '10m' },
      {
        name: 'UploadsPerOutcomeHigh',
        above: 2,
        by: ['outcome'],
        window: '15m',
        severity: 'info',
        component: 'storage',
        summary: 'Many uploads end {labels.outcome}',
        description: '{value} uploads per second ended {labels.outcome} on {labels.job} (threshold {threshold}).',
      },
    ],
  },
  ingestLagSeconds: {
    ...definitions.ingestLagSeconds,
    alerts: [
      {
        name: 'IngestLagging',
        above: 30,
        runbook: { meaning: 'Ingestion falls behind.', impact: 'Uploads wait.', mitigation: ['Add ingesters.'] },
      },
      { name: 'IngestClockSkew', below: 0, severity: 'critical' },
    ],
  },
  segmentSeconds: {
    ...definitions.segmentSeconds,
    alerts: [{ name: 'SegmentWritesSlow', above: 1, quantile: 0.99, by: ['rendition'] }],
  },
  freeSlots: { ...definitions.freeSlots, alerts: [{ name: 'EncoderSlotsLow', below: 2, by: ['pool'] }] },
};
const NAMES = Object.values(customMetrics).flatMap((metric) => (metric.alerts ?? []).map((alert) => alert.name));

describe.each([
  ['a custom prefix and selector', { ...CUSTOM_CONFIG, customMetrics }],
  ['the default config', { customMetrics }],
  ["naming 'otel'", { ...CUSTOM_CONFIG, naming: 'otel', customMetrics }],
] as [string, PresetConfig][])('alerts on a service’s own metrics rendered with %s', (_, config) => {
  const promtool = requireTool('promtool');
  const { dir, cleanup } = renderToTemp(config);
  const prometheus = join(dir, 'prometheus');
  afterAll(cleanup);
  const read = <T>(path: string) => parse(readFileSync(join(dir, path), 'utf8')) as T;
  const prefix = config.prefix ?? '';

  it('are written to custom.yml, each with a firing and a quiet promtool test, and pass promtool', () => {
    const rules = read<RuleFile>('prometheus/alerts/custom.yml').groups.flatMap((group) => group.rules);
    expect(rules.map((rule) => rule.alert)).toEqual(NAMES);
    const tests = read<TestFile>('prometheus/tests/custom.test.yml').tests.flatMap((test) => test.alert_rule_test);
    for (const name of NAMES) {
      const mine = tests.filter((test) => test.alertname === name);
      expect(mine.map((test) => test.exp_alerts.length).sort(), name).toEqual([0, 1]);
    }
    const checked = run(promtool, ['check', 'rules', 'alerts/custom.yml'], prometheus);
    expect(checked.output).toContain('SUCCESS: 6 rules found');
    const tested = run(
      promtool,
      ['test', 'rules', ...readdirSync(join(prometheus, 'tests')).map((f) => `tests/${f}`)],
      prometheus,
    );
    expect(tested.output, tested.output).not.toContain('FAILED');
    expect(tested.status).toBe(0);
  }, 240_000);

  it('read the names the SDK exposes for the same definitions and prefix', async () => {
    const observability = createObservability({
      prefix,
      defaultMetrics: false,
      groups: [],
      customMetrics: definitions,
    });
    observability.custom.uploadsTotal.inc({ outcome: 'failed', tenant_tier: 'free' });
    observability.custom.ingestLagSeconds.set(1);
    observability.custom.segmentSeconds.observe({ rendition: '720p' }, 0.2);
    observability.custom.freeSlots.set({ pool: 'gpu' }, 3);
    const { body } = await observability.scrape();
    const exposed = new Set(
      body
        .split('\n')
        .filter((line) => /^[a-z]/.test(line))
        .map((line) => line.split(/[{ ]/)[0]),
    );
    const rules = read<RuleFile>('prometheus/alerts/custom.yml').groups.flatMap((group) => group.rules);
    for (const rule of rules) {
      for (const name of metricNames(rule.expr)) expect(exposed, `${rule.alert} reads ${name}`).toContain(name);
    }
  });

  it('carry the severity and component asked for, and join the PrometheusRule', () => {
    const rules = read<RuleFile>('prometheus/alerts/custom.yml').groups[0]!.rules;
    expect(rules.find((rule) => rule.alert === 'UploadsPerOutcomeHigh')!.labels).toMatchObject({
      severity: 'info',
      component: 'storage',
    });
    expect(rules.find((rule) => rule.alert === 'IngestClockSkew')!.labels.severity).toBe('critical');
    const manifest = read<{ spec: { groups: { name: string }[] } }>('kubernetes/prometheus-rule.yaml');
    expect(manifest.spec.groups.map((group) => group.name)).toContain('transcode-flow-custom.alerts');
  });

  it('get a runbook page each, with the text the config gives or stubs that name the field to fill in', () => {
    expect(readdirSync(join(dir, 'runbooks')).sort()).toEqual(NAMES.map((name) => `${name}.md`).sort());
    const given = readFileSync(join(dir, 'runbooks/IngestLagging.md'), 'utf8');
    expect(given).toContain('Ingestion falls behind.');
    expect(given).toContain('- Add ingesters.');
    const stub = readFileSync(join(dir, 'runbooks/IngestClockSkew.md'), 'utf8');
    expect(stub).toContain('`customMetrics.ingestLagSeconds.alerts[1].runbook.impact`');
    expect(stub).toContain(`${prefix}ingest_lag_seconds`);
  });
});

describe('the customMetrics section', () => {
  it('adds nothing to a tree that asks for no custom alert', () => {
    const paths = [...renderPresets().keys()];
    expect(paths.filter((path) => path.includes('custom') || path.startsWith('runbooks/'))).toEqual([]);
    expect(renderPresets({ customMetrics: { lag: { ...definitions.ingestLagSeconds } } })).toEqual(renderPresets());
  });

  it('takes a shared-state gauge once per series across replicas, then adds the series up', () => {
    const files = renderPresets({
      customMetrics: {
        slots: {
          name: 'encoder_slots',
          type: 'gauge',
          labelNames: ['pool', 'zone'],
          aggregator: 'max',
          alerts: [
            { name: 'PoolSlotsLow', below: 2, by: ['pool'] },
            { name: 'ZoneSlotsLow', below: 2, by: ['pool', 'zone'] },
          ],
        },
      },
    });
    const exprs = (parse(files.get('prometheus/alerts/custom.yml')!) as RuleFile).groups[0]!.rules.map((r) => r.expr);
    expect(exprs).toEqual([
      'sum by (job, pool) (max by (job, pool, zone) (encoder_slots{job="transcode-flow"})) < 2',
      'max by (job, pool, zone) (encoder_slots{job="transcode-flow"}) < 2',
    ]);
  });

  it('puts the custom alerts in the runbook index that renderRunbooks writes', () => {
    const pages = renderRunbooks({ customMetrics });
    expect(pages.get('README.md')).toContain('| [SegmentWritesSlow](SegmentWritesSlow.md) | warning | api |');
    expect(pages.has('UploadFailuresHigh.md')).toBe(true);
  });

  const refusal = (section: unknown): string => {
    try {
      resolvePresetConfig({ customMetrics: section } as PresetConfig);
    } catch (error) {
      expect(error).toBeInstanceOf(ObservabilityError);
      return `${(error as ObservabilityError).code} ${(error as ObservabilityError).option}: ${(error as Error).message}`;
    }
    return 'accepted';
  };
  const counter = (alert: Record<string, unknown>, metric: Record<string, unknown> = {}) => ({
    m: { name: 'uploads_total', type: 'counter', labelNames: ['outcome'], alerts: [alert], ...metric },
  });
  const gauge = (alert: Record<string, unknown>) => ({ g: { name: 'lag_seconds', type: 'gauge', alerts: [alert] } });
  const histogram = (alert: Record<string, unknown>) => ({
    h: { name: 'write_seconds', type: 'histogram', buckets: [0.1, 1, 10], alerts: [alert] },
  });

  it.each([
    ['a list instead of a map', [], 'customMetrics', 'an object'],
    ['an unknown field', counter({ name: 'A', above: 1 }, { label: ['x'] }), 'customMetrics.m.label', 'labelNames'],
    [
      'an unknown type',
      counter({ name: 'A', above: 1 }, { type: 'summary' }),
      'customMetrics.m.type',
      'counter, gauge, histogram',
    ],
    [
      'a counter name without _total',
      counter({ name: 'A', above: 1 }, { name: 'uploads' }),
      'customMetrics.m.name',
      'ending in _total',
    ],
    [
      'a gauge name with _total',
      { g: { name: 'x_total', type: 'gauge' } },
      'customMetrics.g.name',
      'does not end in _total',
    ],
    [
      'a catalogue metric',
      counter({ name: 'A', above: 1 }, { name: 'api_requests_total' }),
      'customMetrics.m.name',
      'catalogue',
    ],
    [
      'a bad metric name',
      counter({ name: 'A', above: 1 }, { name: 'up-loads_total' }),
      'customMetrics.m.name',
      'metric name',
    ],
    [
      'a bad label name',
      counter({ name: 'A', above: 1 }, { labelNames: ['le'] }),
      'customMetrics.m.labelNames[0]',
      'neither le',
    ],
    [
      'a repeated label',
      counter({ name: 'A', above: 1 }, { labelNames: ['a', 'a'] }),
      'customMetrics.m.labelNames[1]',
      'once',
    ],
    [
      'buckets on a counter',
      counter({ name: 'A', above: 1 }, { buckets: [1, 2] }),
      'customMetrics.m.buckets',
      'no buckets',
    ],
    [
      'descending buckets',
      { h: { name: 'w_seconds', type: 'histogram', buckets: [2, 1] } },
      'customMetrics.h.buckets',
      'ascending',
    ],
    ['another group', counter({ name: 'A', above: 1 }, { group: 'jobs' }), 'customMetrics.m.group', "'custom'"],
    [
      'a bad aggregator',
      counter({ name: 'A', above: 1 }, { aggregator: 'omit' }),
      'customMetrics.m.aggregator',
      'sum, max',
    ],
    ['alerts that are not a list', counter({}, { alerts: {} }), 'customMetrics.m.alerts', 'a list'],
    ['an alert without a name', counter({ above: 1 }), 'customMetrics.m.alerts[0].name', 'is missing'],
    [
      'a bad alert name',
      counter({ name: 'upload failures', above: 1 }),
      'customMetrics.m.alerts[0].name',
      'letters, digits',
    ],
    [
      'a preset alert’s name',
      counter({ name: 'HighAPIErrorRate', above: 1 }),
      'customMetrics.m.alerts[0].name',
      'taken',
    ],
    [
      'an unknown alert field',
      counter({ name: 'A', above: 1, treshold: 2 }),
      'customMetrics.m.alerts[0].treshold',
      'above',
    ],
    ['no threshold', counter({ name: 'A' }), 'customMetrics.m.alerts[0].above', 'is missing'],
    ['a zero counter rate', counter({ name: 'A', above: 0 }), 'customMetrics.m.alerts[0].above', 'above 0'],
    ['below on a counter', counter({ name: 'A', below: 1 }), 'customMetrics.m.alerts[0].below', 'only gauges'],
    [
      'above and below on a gauge',
      gauge({ name: 'A', above: 2, below: 1 }),
      'customMetrics.g.alerts[0].above',
      'either',
    ],
    [
      'a threshold that is not a number',
      gauge({ name: 'A', above: '1' }),
      'customMetrics.g.alerts[0].above',
      'a number',
    ],
    [
      'a window on a gauge',
      gauge({ name: 'A', above: 1, window: '5m' }),
      'customMetrics.g.alerts[0].window',
      'no window',
    ],
    [
      'a quantile on a gauge',
      gauge({ name: 'A', above: 1, quantile: 0.9 }),
      'customMetrics.g.alerts[0].quantile',
      'no quantile',
    ],
    [
      'a quantile of 1',
      histogram({ name: 'A', above: 1, quantile: 1 }),
      'customMetrics.h.alerts[0].quantile',
      'below 1',
    ],
    [
      'a histogram threshold past the buckets',
      histogram({ name: 'A', above: 10 }),
      'customMetrics.h.alerts[0].above',
      'from 0.1 to 1',
    ],
    ['a zero for', counter({ name: 'A', above: 1, for: '0m' }), 'customMetrics.m.alerts[0].for', 'above zero'],
    [
      'a bad window',
      counter({ name: 'A', above: 1, window: '5 minutes' }),
      'customMetrics.m.alerts[0].window',
      'Prometheus duration',
    ],
    [
      'a bad severity',
      counter({ name: 'A', above: 1, severity: 'page' }),
      'customMetrics.m.alerts[0].severity',
      'critical, warning',
    ],
    [
      'a bad component',
      counter({ name: 'A', above: 1, component: 'uploads' }),
      'customMetrics.m.alerts[0].component',
      'jobs, system',
    ],
    [
      'by a label the metric lacks',
      counter({ name: 'A', above: 1, by: ['tenant'] }),
      'customMetrics.m.alerts[0].by[0]',
      'outcome',
    ],
    [
      'a matcher on a label the metric lacks',
      counter({ name: 'A', above: 1, matchers: { tenant: 'x' } }),
      'customMetrics.m.alerts[0].matchers.tenant',
      'outcome',
    ],
    [
      'a label the alert does not carry',
      counter({ name: 'A', above: 1, summary: 'bad {labels.outcome}' }),
      'customMetrics.m.alerts[0].summary',
      'job',
    ],
    [
      'a Go template',
      counter({ name: 'A', above: 1, description: '{{ $value }}' }),
      'customMetrics.m.alerts[0].description',
      'plain text',
    ],
    [
      'an unknown runbook field',
      counter({ name: 'A', above: 1, runbook: { steps: [] } }),
      'customMetrics.m.alerts[0].runbook.steps',
      'mitigation',
    ],
    [
      'a runbook step that is not text',
      counter({ name: 'A', above: 1, runbook: { mitigation: [1] } }),
      'customMetrics.m.alerts[0].runbook.mitigation[0]',
      'string',
    ],
    [
      'two alerts of one name',
      counter(
        { name: 'A', above: 1 },
        {
          alerts: [
            { name: 'A', above: 1 },
            { name: 'A', above: 2 },
          ],
        },
      ),
      'customMetrics.m.alerts[1].name',
      'taken',
    ],
    [
      'one metric declared twice',
      { a: { name: 'x_total', type: 'counter' }, b: { name: 'x_total', type: 'counter' } },
      'customMetrics.b.name',
      'declared twice',
    ],
  ])('refuses %s with TFO_ERR_INVALID_PRESET_CONFIG naming the field', (_, section, field, expected) => {
    const text = refusal(section);
    expect(text).toContain(`TFO_ERR_INVALID_PRESET_CONFIG ${field}:`);
    expect(text).toContain(expected);
  });
});

/** Random valid alerts over every type, threshold range, window, quantile and label choice. */
function randomSection(seed: number): Record<string, CustomMetricPresetConfig> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const magnitude = () => pick([0.001, 0.03, 0.5, 1, 7, 120, 3600, 250_000]) * pick([1, 1.5, 3]);
  const section: Record<string, CustomMetricPresetConfig> = {};
  for (let i = 0; i < 24; i++) {
    const type = pick(['counter', 'gauge', 'histogram'] as const);
    const labelNames = ['a', 'b', 'c'].slice(0, Math.floor(random() * 4));
    const by = labelNames.filter(() => random() < 0.5);
    const matchers = Object.fromEntries(
      labelNames.filter((l) => !by.includes(l) && random() < 0.5).map((l) => [l, `v${i}`]),
    );
    const unit = pick(['_seconds', '_bytes', '_ratio', '']);
    const shared = { name: `Fuzz${i}`, by, matchers, for: pick(['1m', '5m', '1h']) };
    if (type === 'counter') {
      section[`m${i}`] = {
        name: `fuzz_${i}${unit}_total`,
        type,
        labelNames,
        alerts: [{ ...shared, above: magnitude(), window: pick(['1m', '5m', '30m']) }],
      };
    } else if (type === 'gauge') {
      const threshold = pick([0, -magnitude(), magnitude()]);
      section[`m${i}`] = {
        name: `fuzz_${i}${unit}`,
        type,
        labelNames,
        aggregator: pick(['sum', 'max', 'min', 'average', 'first']),
        alerts: [random() < 0.5 ? { ...shared, above: threshold } : { ...shared, below: threshold }],
      };
    } else {
      const start = magnitude();
      const buckets = Array.from({ length: 3 + Math.floor(random() * 6) }, (_, k) => start * 2 ** k);
      section[`m${i}`] = {
        name: `fuzz_${i}_seconds`,
        type,
        labelNames,
        buckets,
        alerts: [
          {
            ...shared,
            // A bucket bound up to the last but one, or a value between two bounds.
            above: (() => {
              const index = Math.floor(random() * (buckets.length - 1));
              return index < buckets.length - 2 ? buckets[index]! * pick([1, 1.25]) : buckets[index]!;
            })(),
            quantile: pick([0.5, 0.9, 0.95, 0.99, 0.999]),
            window: pick(['2m', '5m']),
          },
        ],
      };
    }
  }
  return section;
}

describe('random custom alerts', () => {
  const seed = Number(process.env.CUSTOM_ALERT_SEED ?? Math.floor(Math.random() * 2 ** 31));
  it(`fire and stay quiet under promtool (seed ${seed}; replay with CUSTOM_ALERT_SEED=${seed})`, () => {
    const promtool = requireTool('promtool');
    const section = randomSection(seed);
    const { dir, cleanup } = renderToTemp({ prefix: 'svc_', selector: { env: 'fuzz' }, customMetrics: section });
    try {
      const tested = run(promtool, ['test', 'rules', 'tests/custom.test.yml'], join(dir, 'prometheus'));
      expect(tested.output, `seed ${seed}: ${tested.output}`).not.toContain('FAILED');
      expect(tested.status, `seed ${seed}`).toBe(0);
    } finally {
      cleanup();
    }
  }, 240_000);
});
