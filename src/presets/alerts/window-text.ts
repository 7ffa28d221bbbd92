import { durationSeconds } from '../config/validation.js';

/** The largest unit first; a window is spelt in the largest unit that divides it. */
const UNITS: readonly (readonly [seconds: number, unit: string, article: string])[] = [
  [86_400, 'day', 'a'],
  [3600, 'hour', 'an'],
  [60, 'minute', 'a'],
  [1, 'second', 'a'],
];

function spell(duration: string): { readonly count: number; readonly unit: string; readonly article: string } {
  const seconds = durationSeconds(duration);
  const [size, unit, article] = UNITS.find(([size]) => seconds >= size && seconds % size === 0) ?? UNITS.at(-1)!;
  return { count: seconds / size, unit, article };
}

/**
 * A Prometheus duration in words, for annotation text that names an alert's window:
 * `5m` is "5 minutes", `1h` is "an hour", `90m` is "90 minutes".
 */
export function spelledWindow(duration: string): string {
  const { count, unit, article } = spell(duration);
  return count === 1 ? `${article} ${unit}` : `${count} ${unit}s`;
}

/** "the last …" of a Prometheus duration: `5m` is "the last 5 minutes", `1h` is "the last hour". */
export function lastWindow(duration: string): string {
  const { count, unit } = spell(duration);
  return count === 1 ? `the last ${unit}` : `the last ${count} ${unit}s`;
}
