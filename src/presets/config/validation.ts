import { ObservabilityError } from '../../core/errors.js';

/** The error for a bad preset config field: names the field, what was wrong and what was expected. */
export function invalidPresetConfig(field: string, problem: string, expected: string): ObservabilityError {
  return new ObservabilityError(
    'TFO_ERR_INVALID_PRESET_CONFIG',
    `preset config field \`${field}\` ${problem}; expected ${expected}.`,
    field,
  );
}

/** True for a plain object (not an array, not null). */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The candidate that shares the longest prefix with `name` (case-insensitive). */
export function closest(name: string, candidates: readonly string[]): string {
  const score = (candidate: string): number => {
    const a = name.toLowerCase();
    const b = candidate.toLowerCase();
    let common = 0;
    while (common < Math.min(a.length, b.length) && a[common] === b[common]) common++;
    return common;
  };
  return [...candidates].sort((a, b) => score(b) - score(a))[0] ?? '';
}

/** Refuses keys that are not in `known`, suggesting the closest known one. */
export function checkKeys(field: string, value: Record<string, unknown>, known: readonly string[]): void {
  for (const key of Object.keys(value)) {
    if (!known.includes(key)) {
      const path = field === '' ? key : `${field}.${key}`;
      throw invalidPresetConfig(
        path,
        'is not a known field',
        `one of ${known.join(', ')} (did you mean \`${closest(key, known)}\`?)`,
      );
    }
  }
}

/** An object field, or `{}` when absent. */
export function record(field: string, value: unknown): Record<string, unknown> {
  if (value === undefined) return {};
  if (!isRecord(value)) throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, 'an object');
  return value;
}

/** A non-empty string. */
export function text(field: string, value: unknown, fallback: string): string {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value.trim() === '') {
    throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, 'a non-empty string');
  }
  return value;
}

/** A string matching `pattern`. */
export function matching(field: string, value: unknown, fallback: string, pattern: RegExp, expected: string): string {
  const result = text(field, value, fallback);
  if (!pattern.test(result)) throw invalidPresetConfig(field, `is ${JSON.stringify(result)}`, expected);
  return result;
}

/** A non-empty list of non-empty strings. */
export function textList(field: string, value: unknown, fallback: readonly string[]): string[] {
  if (value === undefined) return [...fallback];
  if (!Array.isArray(value) || value.length === 0) {
    throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, 'a non-empty list of strings');
  }
  return value.map((item, index) => text(`${field}[${index}]`, item, ''));
}

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Label name to value; names must be valid Prometheus label names. */
export function labelMap(
  field: string,
  value: unknown,
  fallback: Readonly<Record<string, string>>,
): Record<string, string> {
  if (value === undefined) return { ...fallback };
  const labels: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(record(field, value))) {
    if (!LABEL_NAME.test(name) || name.startsWith('__')) {
      throw invalidPresetConfig(
        `${field}.${name}`,
        'is not a valid label name',
        'a name matching [a-zA-Z_][a-zA-Z0-9_]* that does not start with __',
      );
    }
    labels[name] = text(`${field}.${name}`, labelValue, '');
  }
  return labels;
}

const DURATION = /^(?:\d+(?:ms|s|m|h|d|w|y))+$/;
const UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration such as `1h30m`. */
export function durationSeconds(duration: string): number {
  let seconds = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) {
    seconds += Number(amount) * UNIT_SECONDS[unit!]!;
  }
  return seconds;
}

/** A Prometheus duration (`30s`, `5m`, `1h30m`). */
export function duration(field: string, value: unknown, fallback: string): string {
  return matching(field, value, fallback, DURATION, 'a Prometheus duration such as "30s", "5m" or "1h30m"');
}

/**
 * The `for` of an alert: a Prometheus duration above zero, so that one scrape alone never fires
 * an alert (a blip, a restart, a scrape that lands mid-deploy).
 */
export function waitDuration(field: string, value: unknown, fallback: string): string {
  const result = duration(field, value, fallback);
  if (durationSeconds(result) <= 0) {
    throw invalidPresetConfig(
      field,
      `is ${JSON.stringify(result)}, which lets a single scrape fire the alert`,
      'a Prometheus duration above zero such as "2m" or "10m"',
    );
  }
  return result;
}

/** A finite number within bounds. */
export function numberIn(
  field: string,
  value: unknown,
  fallback: number,
  bounds: { min?: number; max?: number; minExclusive?: boolean; maxExclusive?: boolean; integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const { min, max, minExclusive = false, maxExclusive = false, integer = false } = bounds;
  const describe = [
    integer ? 'a whole number' : 'a number',
    min === undefined ? '' : `${minExclusive ? 'above' : 'at least'} ${min}`,
    max === undefined ? '' : `${maxExclusive ? 'below' : 'at most'} ${max}`,
  ]
    .filter(Boolean)
    .join(' ');
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (!integer || Number.isInteger(value)) &&
    (min === undefined || (minExclusive ? value > min : value >= min)) &&
    (max === undefined || (maxExclusive ? value < max : value <= max));
  if (!ok) throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, describe);
  return value as number;
}
