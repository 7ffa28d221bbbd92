import { invalidOption } from './errors.js';

/*
 * Small checks shared by option validation: each throws an ObservabilityError naming the option.
 */

/** Whether `value` is an object that is not null and not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A whole number of 1 or more, or `fallback` when undefined. */
export function positiveInteger(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw invalidOption(option, `is ${JSON.stringify(value)}`, 'a whole number of 1 or more');
  }
  return value;
}

/** A non-empty string, or `fallback` when undefined. */
export function optionalString(option: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.length === 0) {
    throw invalidOption(option, `is ${JSON.stringify(value)}`, 'a non-empty string');
  }
  return value;
}

/** Histogram bounds: a non-empty array of finite, strictly ascending numbers. */
export function validateBuckets(option: string, value: unknown): number[] {
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidOption(option, 'is not a non-empty array', 'an array of ascending finite numbers');
  }
  const buckets = value as unknown[];
  buckets.forEach((bound, i) => {
    if (typeof bound !== 'number' || !Number.isFinite(bound)) {
      throw invalidOption(`${option}[${i}]`, `is ${JSON.stringify(bound)}`, 'a finite number (+Inf is added for you)');
    }
    if (i > 0 && bound <= (buckets[i - 1] as number)) {
      throw invalidOption(
        `${option}[${i}]`,
        `(${bound}) is not greater than the bound before it`,
        'strictly ascending bounds',
      );
    }
  });
  return buckets as number[];
}

/** The candidate with the smallest edit distance to `name`, for "did you mean" hints. */
export function closest(name: string, candidates: readonly string[]): string {
  const distance = (a: string, b: string): number => {
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const current = [i];
      for (let j = 1; j <= b.length; j++) {
        current[j] = Math.min(
          previous[j]! + 1,
          current[j - 1]! + 1,
          previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
        );
      }
      previous = current;
    }
    return previous[b.length]!;
  };
  let best = '';
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(name, candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * The longest delay a Node.js timer keeps: `setTimeout` fires after 1 ms for anything larger,
 * so a duration option above it would fire at once instead of late.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * A duration option in milliseconds: a finite number from `min` (default 1) to {@link MAX_TIMER_MS},
 * or `fallback` when undefined. Everything else (`0`, negatives, `NaN`, `Infinity`, strings,
 * values a timer cannot wait for) throws `TFO_ERR_INVALID_OPTION` naming the option, so a
 * timeout either works at its full range or is refused at creation, never fires at once.
 */
export function durationMs(option: string, value: unknown, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > MAX_TIMER_MS) {
    throw invalidOption(
      option,
      `is ${typeof value === 'number' ? String(value) : JSON.stringify(value)}`,
      `a number of milliseconds from ${min} to ${MAX_TIMER_MS} (about 24.8 days)`,
    );
  }
  return value;
}
