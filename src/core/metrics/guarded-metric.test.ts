import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { findSamples, parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { GuardedCounter } from './counter.js';
import { GuardedGauge } from './gauge.js';
import type { GuardedMetricConfig, MetricEvents } from './guarded-metric.js';
import { GuardedHistogram } from './histogram.js';
import { OVERFLOW_LABEL_VALUE } from './labels.js';

function recorder(): MetricEvents & { overflows: number; invalids: number; collectErrors: unknown[] } {
  const events = {
    overflows: 0,
    invalids: 0,
    collectErrors: [] as unknown[],
    overflow: () => void events.overflows++,
    invalidValue: () => void events.invalids++,
    collectError: (_name: string, error: unknown) => void events.collectErrors.push(error),
  };
  return events;
}

/** The common settings, and the histograms' report of dropped exemplars (ignored here). */
function config(
  overrides: Partial<GuardedMetricConfig> = {},
): GuardedMetricConfig & { exemplarDropped(metricName: string): void } {
  return {
    exemplarDropped: () => {},
    name: 'test_total',
    help: 'A test metric.',
    labelNames: ['route', 'status_code'],
    constLabels: {},
    maxSeries: 100,
    maxLabelValueLength: 256,
    aggregator: 'sum',
    collectTimeoutMs: 200,
    events: recorder(),
    ...overrides,
  };
}

async function expose(...metrics: { name: string }[]): Promise<ReturnType<typeof parseExposition>> {
  const registry = new Registry();
  for (const metric of metrics) registry.registerMetric(metric as never);
  return parseExposition(await registry.metrics());
}

describe('guarded counter', () => {
  it('exposes one series per label set, numbers as strings, with constant labels', async () => {
    const counter = new GuardedCounter(config({ constLabels: { environment: 'test' } }));
    counter.inc({ route: '/jobs', status_code: 200 });
    counter.inc({ route: '/jobs', status_code: '200' }, 2);
    counter.inc({ route: '/jobs', status_code: 404 });
    const samples = await expose(counter);
    expect(sampleValue(samples, 'test_total', { route: '/jobs', status_code: '200', environment: 'test' })).toBe(3);
    expect(sampleValue(samples, 'test_total', { route: '/jobs', status_code: '404' })).toBe(1);
    expect(findSamples(samples, 'test_total')).toHaveLength(2);
  });

  it('drops negative, NaN, infinite and non-number increments without throwing, and reports them', async () => {
    const events = recorder();
    const counter = new GuardedCounter(config({ events }));
    const labels = { route: '/a', status_code: 200 };
    expect(() => {
      counter.inc(labels, -1);
      counter.inc(labels, Number.NaN);
      counter.inc(labels, Infinity);
      counter.inc(labels, '5' as unknown as number);
      counter.labels(labels).inc(-3);
    }).not.toThrow();
    counter.inc(labels);
    expect(events.invalids).toBe(5);
    expect(counter.value(labels)).toBe(1);
  });

  it('folds label sets past the cap into one overflow series while existing series keep counting', async () => {
    const events = recorder();
    const counter = new GuardedCounter(config({ maxSeries: 3, events }));
    for (let i = 0; i < 10; i++) counter.inc({ route: `/r${i}`, status_code: 200 });
    counter.inc({ route: '/r0', status_code: 200 }, 5);
    const samples = await expose(counter);
    expect(findSamples(samples, 'test_total')).toHaveLength(4);
    expect(sampleValue(samples, 'test_total', { route: '/r0' })).toBe(6);
    expect(sampleValue(samples, 'test_total', { route: OVERFLOW_LABEL_VALUE, status_code: OVERFLOW_LABEL_VALUE })).toBe(
      7,
    );
    expect(events.overflows).toBe(7);
  });

  it('keeps bound children working across remove() and reset()', async () => {
    const counter = new GuardedCounter(config());
    const labels = { route: '/bound', status_code: 201 };
    const bound = counter.labels(labels);
    bound.inc(2);
    counter.remove(labels);
    expect(counter.value(labels)).toBe(0);
    bound.inc();
    expect(counter.value(labels)).toBe(1);
    counter.reset();
    bound.inc(4);
    expect(counter.value(labels)).toBe(4);
    expect(counter.seriesCount).toBe(1);
  });

  it('cuts overlong label values and merges values that become equal', async () => {
    const counter = new GuardedCounter(config({ maxLabelValueLength: 8 }));
    counter.inc({ route: '/abcdefgh-one', status_code: 200 });
    counter.inc({ route: '/abcdefgh-two', status_code: 200 });
    const samples = await expose(counter);
    expect(findSamples(samples, 'test_total')).toEqual([
      { name: 'test_total', labels: { route: '/abcdefg', status_code: '200' }, value: 2 },
    ]);
  });

  it('treats missing, null and non-string label values as strings instead of throwing', async () => {
    const counter = new GuardedCounter(config());
    counter.inc({ route: undefined, status_code: null } as never);
    counter.inc(undefined as never);
    counter.inc({ route: Symbol('s'), status_code: { toString: () => 'x' } } as never);
    const samples = await expose(counter);
    expect(sampleValue(samples, 'test_total', { route: '', status_code: '' })).toBe(2);
    expect(findSamples(samples, 'test_total')).toHaveLength(2);
  });

  it('supports metrics without labels, and reset() empties them', async () => {
    const counter = new GuardedCounter(config({ labelNames: [] }));
    counter.inc();
    counter.inc(2);
    expect(counter.value()).toBe(3);
    counter.reset();
    expect(findSamples(await expose(counter), 'test_total')).toHaveLength(0);
  });
});

describe('guarded gauge', () => {
  it('goes up, down and is set; set accepts ±Infinity but not NaN', async () => {
    const events = recorder();
    const gauge = new GuardedGauge(config({ name: 'test_gauge', labelNames: ['queue'], events }));
    gauge.inc({ queue: 'a' }, 3);
    gauge.dec({ queue: 'a' });
    gauge.labels({ queue: 'b' }).set(7);
    gauge.set({ queue: 'b' }, Number.NaN);
    gauge.inc({ queue: 'b' }, Number.NaN);
    const samples = await expose(gauge);
    expect(sampleValue(samples, 'test_gauge', { queue: 'a' })).toBe(2);
    expect(sampleValue(samples, 'test_gauge', { queue: 'b' })).toBe(7);
    expect(events.invalids).toBe(2);
  });

  it('runs collectors before a scrape; one that throws or hangs is reported and the scrape still answers', async () => {
    const events = recorder();
    const gauge = new GuardedGauge(config({ name: 'test_gauge', labelNames: [], events, collectTimeoutMs: 50 }));
    let calls = 0;
    gauge.addCollector(() => gauge.set(++calls));
    gauge.addCollector(() => {
      throw new Error('collector failed');
    });
    gauge.addCollector(() => new Promise<void>(() => {}));
    const started = Date.now();
    const samples = await expose(gauge);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(sampleValue(samples, 'test_gauge')).toBe(1);
    expect(events.collectErrors.map((error) => (error as Error).message)).toEqual([
      'collector failed',
      'collector of test_gauge did not settle within 50 ms',
    ]);
  });
});

describe('guarded histogram', () => {
  it('exposes cumulative buckets, +Inf, sum and count', async () => {
    const histogram = new GuardedHistogram({
      ...config({ name: 'test_seconds', labelNames: ['route'] }),
      buckets: [0.1, 1, 10],
      exemplars: false,
    });
    for (const value of [0.05, 0.1, 0.5, 5, 50]) histogram.observe({ route: '/a' }, value);
    const samples = await expose(histogram);
    const buckets = findSamples(samples, 'test_seconds_bucket', { route: '/a' }).map((s) => [s.labels.le, s.value]);
    expect(buckets).toEqual([
      ['0.1', 2],
      ['1', 3],
      ['10', 4],
      ['+Inf', 5],
    ]);
    expect(sampleValue(samples, 'test_seconds_sum', { route: '/a' })).toBeCloseTo(55.65);
    expect(sampleValue(samples, 'test_seconds_count', { route: '/a' })).toBe(5);
  });

  it('times with startTimer and bound children, and drops non-finite observations', async () => {
    const events = recorder();
    const histogram = new GuardedHistogram({
      ...config({ name: 'test_seconds', labelNames: [], events }),
      buckets: [1],
      exemplars: false,
    });
    const end = histogram.startTimer();
    const seconds = end();
    expect(seconds).toBeGreaterThanOrEqual(0);
    histogram.labels().observe(0.5);
    histogram.observe(Number.NaN);
    histogram.observe(Infinity);
    expect(histogram.value()).toEqual({ count: 2, sum: seconds + 0.5 });
    expect(events.invalids).toBe(2);
  });

  it('keeps the last exemplar per bucket when exemplars are on, and none when off', async () => {
    const make = (exemplars: boolean) =>
      new GuardedHistogram({ ...config({ name: 'test_seconds', labelNames: [] }), buckets: [1], exemplars });
    const on = make(true);
    on.observe(0.5, { trace_id: 'abc' });
    const snapshot = await on.get();
    expect(snapshot.values[0]!.exemplar).toMatchObject({ labelSet: { trace_id: 'abc' }, value: 0.5 });
    const off = make(false);
    off.observe(0.5, { trace_id: 'abc' });
    expect((await off.get()).values[0]!.exemplar).toBeUndefined();
  });

  it('gives prom-client JSON with all labels on every value (for cluster aggregation)', async () => {
    const histogram = new GuardedHistogram({
      ...config({ name: 'test_seconds', labelNames: ['route'], constLabels: { env: 'x' } }),
      buckets: [1],
      exemplars: false,
    });
    histogram.observe({ route: '/a' }, 2);
    const { values } = await histogram.get();
    expect(values.map((v) => [v.metricName, v.labels])).toEqual([
      ['test_seconds_bucket', { env: 'x', route: '/a', le: 1 }],
      ['test_seconds_bucket', { env: 'x', route: '/a', le: '+Inf' }],
      ['test_seconds_sum', { env: 'x', route: '/a' }],
      ['test_seconds_count', { env: 'x', route: '/a' }],
    ]);
  });
});
