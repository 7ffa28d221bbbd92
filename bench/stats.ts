/**
 * The statistics of the benches: medians and quartiles of per-round figures, so that each
 * figure is printed with its spread.
 */

/** The `p` quantile (0..1) of `values`, linearly interpolated between the sorted values. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (at - low);
}

export const median = (values: readonly number[]): number => quantile(values, 0.5);

/** A figure measured once per round: its median, quartiles and extremes. */
export interface Spread {
  readonly median: number;
  readonly q1: number;
  readonly q3: number;
  readonly min: number;
  readonly max: number;
  readonly n: number;
}

export function spreadOf(values: readonly number[]): Spread {
  return {
    median: median(values),
    q1: quantile(values, 0.25),
    q3: quantile(values, 0.75),
    min: Math.min(...values),
    max: Math.max(...values),
    n: values.length,
  };
}

/** Half the interquartile range: the `±` printed next to a median. */
export const halfIqr = (spread: Spread): number => (spread.q3 - spread.q1) / 2;

/** `0.84 ±0.03`: a ratio and half its interquartile range. */
export function formatRatio(spread: Spread, digits = 2): string {
  return `${spread.median.toFixed(digits)} ±${halfIqr(spread).toFixed(digits)}`;
}

/** Per round, the µs per request `a` adds over `b` (the two arrays are one variant each, round by round). */
export function addedPerRound(a: readonly number[], b: readonly number[]): number[] {
  return a.map((us, i) => us - b[i]!);
}

/**
 * Per round, what the access log adds to `default` minus what one pino line adds to `bare`, in
 * server µs per request: the access-log target, paired round by round.
 */
export function logMinusPinoPerRound(
  log: readonly number[],
  ours: readonly number[],
  pino: readonly number[],
  bare: readonly number[],
): number[] {
  return addedPerRound(addedPerRound(log, ours), addedPerRound(pino, bare));
}

/** `+12.3 ±1.5` or `−4.0 ±2.1`: µs per request added, and half its interquartile range. */
export function formatAddedUs(spread: Spread): string {
  const { median: value } = spread;
  return `${value < 0 ? '−' : '+'}${Math.abs(value).toFixed(1)} ±${halfIqr(spread).toFixed(1)}`;
}
