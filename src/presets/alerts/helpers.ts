import { CATALOGUE } from '../../catalogue/index.js';
import { seriesText } from '../context.js';
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

/**
 * A gauge compared with `>` (or `<`): it fires at about twice the threshold (or half) and stays
 * quiet on the other side. `integer` keeps the test values whole numbers.
 */
export function gaugeCase(
  c: TestContext,
  metric: string,
  labels: Record<string, string>,
  firingLabels: Record<string, string>,
  options: { below?: boolean; integer?: boolean } = {},
): AlertTestCase {
  const t = c.threshold;
  const high = options.integer ? Math.floor(t) + Math.max(1, Math.floor(t)) : above(t);
  const low = options.integer ? Math.max(0, Math.ceil(t) - Math.max(1, Math.ceil(t / 2))) : below(t);
  const [firing, quiet] = options.below ? [low, high] : [high, low];
  return {
    fire: { series: [c.gauge(metric, labels, firing)], labels: firingLabels, value: firing },
    quiet: { series: [c.gauge(metric, labels, quiet)] },
  };
}

/**
 * A ratio of two counters of one metric told apart by `label`: `bad / (bad + good) > threshold`
 * fires, `< threshold` stays quiet. Total traffic is one event per second.
 */
export function splitCounterCase(
  c: TestContext,
  metric: string,
  labels: Record<string, string>,
  label: string,
  [bad, good]: [string, string],
  firingLabels: Record<string, string>,
  inclusive = false,
): AlertTestCase {
  const build = (share: number) => [
    c.counter(metric, { ...labels, [label]: bad }, share),
    c.counter(metric, { ...labels, [label]: good }, 1 - share),
  ];
  const firing = above(c.threshold, 1, inclusive);
  return {
    fire: { series: build(firing), labels: firingLabels, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

/** A histogram quantile: every observation above the threshold, or every one below it. */
export function quantileCase(
  c: TestContext,
  metric: string,
  labels: Record<string, string>,
  buckets: readonly number[],
  q: number,
  firingLabels: Record<string, string>,
): AlertTestCase {
  const high = bucketAbove(buckets, c.threshold);
  const low = bucketBelow(buckets, c.threshold);
  return {
    fire: {
      series: c.histogram(metric, labels, buckets, high, 1),
      labels: firingLabels,
      value: quantileInBucket(buckets, high, q),
    },
    quiet: { series: c.histogram(metric, labels, buckets, low, 1) },
  };
}

/** A counter's rate: above the threshold fires, below stays quiet. */
export function rateCase(
  c: TestContext,
  metric: string,
  labels: Record<string, string>,
  firingLabels: Record<string, string>,
): AlertTestCase {
  const firing = above(c.threshold);
  return {
    fire: { series: [c.counter(metric, labels, firing)], labels: firingLabels, value: firing },
    quiet: { series: [c.counter(metric, labels, below(c.threshold))] },
  };
}

/** A target whose `up`-like gauge is 0 fires; 1 stays quiet. */
export function downCase(c: TestContext, metric: string, labels: Record<string, string>): AlertTestCase {
  return {
    fire: { series: [c.gauge(metric, labels, 0)], labels, value: 0 },
    quiet: { series: [c.gauge(metric, labels, 1)] },
  };
}

/** `increase(counter[window]) > threshold`: a steady counter above or below the threshold per window. */
export function increaseCase(
  c: TestContext,
  metric: string,
  labels: Record<string, string>,
  windowSeconds: number,
  firingLabels: Record<string, string>,
): AlertTestCase {
  const minutes = windowSeconds / 60;
  const perMinuteHigh = Math.floor(c.threshold / minutes) + 1;
  const perMinuteLow = Math.floor((c.threshold / minutes) * 0.5 * 64) / 64;
  const steady = (perMinute: number) => ({ series: seriesText(metric, labels), values: `0+${perMinute}x${c.minutes}` });
  return {
    fire: { series: [steady(perMinuteHigh)], labels: firingLabels, value: perMinuteHigh * minutes },
    quiet: { series: [steady(perMinuteLow)] },
  };
}
