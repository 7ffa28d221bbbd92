/**
 * Values for the generated promtool tests. Ratios and rates are dyadic fractions (k / 2^n),
 * which floating point holds exactly, so the value Prometheus computes from the test series is
 * the value the expected annotation states.
 */

/**
 * A dyadic fraction above `threshold` (or equal to it, with `inclusive`) and at most `max`:
 * about twice the threshold, or halfway to `max` when that is closer.
 */
export function above(threshold: number, max = Infinity, inclusive = false): number {
  const ok = (value: number): boolean => (inclusive ? value >= threshold : value > threshold) && value <= max;
  const target = threshold <= 0 ? 1 : Math.min(threshold * 2, (threshold + max) / 2);
  let fallback: number | undefined;
  for (let denominator = 1; denominator <= 2 ** 24; denominator *= 2) {
    const candidate = Math.min(Math.ceil(target * denominator) / denominator, max);
    if (!ok(candidate)) continue;
    fallback ??= candidate;
    if (candidate <= target * 1.25) return candidate;
  }
  if (fallback === undefined) throw new Error(`no test value above ${threshold} and at most ${max}`);
  return fallback;
}

/** A dyadic fraction strictly below `threshold` and above 0, about half of it. */
export function below(threshold: number): number {
  for (let denominator = 2; denominator <= 2 ** 30; denominator *= 2) {
    const candidate = Math.floor((threshold / 2) * denominator) / denominator;
    if (candidate > 0 && candidate < threshold) return candidate;
  }
  throw new Error(`no test value between 0 and ${threshold}`);
}

/** The first bucket whose lower bound is at or above `threshold`: observations there sit above it. */
export function bucketAbove(buckets: readonly number[], threshold: number): number {
  const index = buckets.findIndex((_, i) => i > 0 && buckets[i - 1]! >= threshold);
  if (index < 0) throw new Error(`no bucket lies above ${threshold}`);
  return index;
}

/** The last bucket whose upper bound is at or below `threshold`: observations there sit below it. */
export function bucketBelow(buckets: readonly number[], threshold: number): number {
  let index = -1;
  buckets.forEach((bound, i) => {
    if (bound <= threshold) index = i;
  });
  if (index < 0) throw new Error(`no bucket lies below ${threshold}`);
  return index;
}

/** What `histogram_quantile(q, …)` returns when every observation is in bucket `index`. */
export function quantileInBucket(buckets: readonly number[], index: number, q: number): number {
  const low = index === 0 ? 0 : buckets[index - 1]!;
  const high = buckets[index]!;
  return low + (high - low) * q;
}
