import { CATALOGUE } from '../../catalogue/index.js';
import { seriesText } from '../promql.js';
import type { AlertTestCase, TestContext, ThresholdSpec } from './types.js';
import { above, below, bucketAbove, bucketBelow, quantileInBucket } from './test-values.js';

/** A ratio threshold, strictly between 0 and 1 (or up to 1 with `inclusive`). */
export function ratio(value: number, meaning: string, inclusive = false): ThresholdSpec {
  return { default: value, meaning, min: 0, max: 1, minExclusive: true, maxExclusive: !inclusive };
}

/** A positive threshold. */
export function positive(value: number, meaning: string, integer = false): ThresholdSpec {
  return { default: value, meaning, min: 0, minExclusive: true, integer };
}

/** A threshold on a histogram quantile: it must lie inside the metric's buckets. */
export function withinBuckets(value: number, meaning: string, buckets: readonly number[]): ThresholdSpec {
  return { default: value, meaning, min: buckets[0]!, max: buckets[buckets.length - 2]! };
}

/** The catalogue's buckets of a histogram. */
export function bucketsOf(key: keyof typeof CATALOGUE): readonly number[] {
  const buckets = CATALOGUE[key].buckets;
  if (!buckets) throw new Error(`${key} is not a histogram`);
  return buckets;
}

/** The series of a test case: an exposed metric name (prefix included) and the labels of its series. */
interface CaseSeries {
  /** The exposed name, as `c.metric(...)` or `c.exporterMetric(...)` gives it. */
  readonly metric: string;
  /** The labels of the input series (`c.labels(target, ...)`). */
  readonly labels: Record<string, string>;
}

/** A test case's series plus the labels the alert fires with. */
interface FiringCase extends CaseSeries {
  /** The labels the firing alert carries (its `by` labels). */
  readonly firingLabels: Record<string, string>;
}

/**
 * A gauge compared with `>` (or `<` with `below`): it fires at about twice the threshold (or
 * half) and stays quiet on the other side. `integer` keeps the test values whole numbers.
 */
export function gaugeCase(
  c: TestContext,
  spec: FiringCase & { readonly below?: boolean; readonly integer?: boolean },
): AlertTestCase {
  const t = c.threshold;
  const high = spec.integer ? Math.floor(t) + Math.max(1, Math.floor(t)) : above(t);
  const low = spec.integer ? Math.max(0, Math.ceil(t) - Math.max(1, Math.ceil(t / 2))) : below(t);
  const [firing, quiet] = spec.below ? [low, high] : [high, low];
  return {
    fire: { series: [c.gauge(spec.metric, spec.labels, firing)], labels: spec.firingLabels, value: firing },
    quiet: { series: [c.gauge(spec.metric, spec.labels, quiet)] },
  };
}

/**
 * A ratio of two counters of one metric told apart by `label`: `bad / (bad + good) > threshold`
 * fires (`>=` with `inclusive`), `< threshold` stays quiet. Total traffic is one event per second.
 */
export function splitCounterCase(
  c: TestContext,
  spec: FiringCase & {
    /** The label that tells the two counters apart (`status_code`, `outcome` …). */
    readonly label: string;
    /** Its value on the bad events. */
    readonly bad: string;
    /** Its value on the good events. */
    readonly good: string;
    readonly inclusive?: boolean;
  },
): AlertTestCase {
  const build = (share: number) => [
    c.counter(spec.metric, { ...spec.labels, [spec.label]: spec.bad }, share),
    c.counter(spec.metric, { ...spec.labels, [spec.label]: spec.good }, 1 - share),
  ];
  const firing = above(c.threshold, 1, spec.inclusive ?? false);
  return {
    fire: { series: build(firing), labels: spec.firingLabels, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

/** A histogram quantile: every observation above the threshold, or every one below it. */
export function quantileCase(
  c: TestContext,
  spec: FiringCase & {
    /** The histogram's bucket bounds. */
    readonly buckets: readonly number[];
    /** The quantile the rule computes (0.95 …). */
    readonly quantile: number;
  },
): AlertTestCase {
  const high = bucketAbove(spec.buckets, c.threshold);
  const low = bucketBelow(spec.buckets, c.threshold);
  return {
    fire: {
      series: c.histogram(spec.metric, spec.labels, spec.buckets, high, 1),
      labels: spec.firingLabels,
      value: quantileInBucket(spec.buckets, high, spec.quantile),
    },
    quiet: { series: c.histogram(spec.metric, spec.labels, spec.buckets, low, 1) },
  };
}

/** A counter's rate: above the threshold fires, below stays quiet. */
export function rateCase(c: TestContext, spec: FiringCase): AlertTestCase {
  const firing = above(c.threshold);
  return {
    fire: { series: [c.counter(spec.metric, spec.labels, firing)], labels: spec.firingLabels, value: firing },
    quiet: { series: [c.counter(spec.metric, spec.labels, below(c.threshold))] },
  };
}

/** A target whose `up`-like gauge is 0 fires (with the series' own labels); 1 stays quiet. */
export function downCase(c: TestContext, spec: CaseSeries): AlertTestCase {
  return {
    fire: { series: [c.gauge(spec.metric, spec.labels, 0)], labels: spec.labels, value: 0 },
    quiet: { series: [c.gauge(spec.metric, spec.labels, 1)] },
  };
}

/** `increase(counter[window]) > threshold`: a steady counter above or below the threshold per window. */
export function increaseCase(
  c: TestContext,
  spec: FiringCase & {
    /** The rule's `increase` window, in seconds. */
    readonly windowSeconds: number;
  },
): AlertTestCase {
  const minutes = spec.windowSeconds / 60;
  const perMinuteHigh = Math.floor(c.threshold / minutes) + 1;
  const perMinuteLow = Math.floor((c.threshold / minutes) * 0.5 * 64) / 64;
  const steady = (perMinute: number) => ({
    series: seriesText(spec.metric, spec.labels),
    values: `0+${perMinute}x${c.minutes}`,
  });
  return {
    fire: { series: [steady(perMinuteHigh)], labels: spec.firingLabels, value: perMinuteHigh * minutes },
    quiet: { series: [steady(perMinuteLow)] },
  };
}
