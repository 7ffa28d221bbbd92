/**
 * The value every label of a series takes when the cardinality guard folds a new
 * label set into the overflow series of a metric that reached its cap.
 *
 * @example
 * ```ts
 * import { OVERFLOW_LABEL_VALUE } from '@transcode-flow/observability';
 * // api_requests_total{method="__overflow__",route="__overflow__",status_code="__overflow__"}
 * console.log(OVERFLOW_LABEL_VALUE);
 * ```
 */
export const OVERFLOW_LABEL_VALUE = '__overflow__';

/**
 * The label values of one observation: every label name of the metric, each a string or
 * a number. Missing or extra names are compile-time errors.
 *
 * @example
 * ```ts
 * import type { LabelValues } from '@transcode-flow/observability';
 * const labels: LabelValues<'method' | 'route'> = { method: 'GET', route: '/jobs/:jobId' };
 * ```
 */
export type LabelValues<L extends string> = { readonly [K in L]: string | number };

/** Separates label values inside a series key; it cannot appear in a stored value. */
const KEY_SEPARATOR = '\u0001';

/** Builds the lookup key of a label set from the values of the given names, in order. */
export function seriesKey(
  labelNames: readonly string[],
  labels: Readonly<Record<string, unknown>> | undefined,
): string {
  if (labels === undefined || labels === null) return '';
  let key = '';
  for (let i = 0; i < labelNames.length; i++) {
    const value = labels[labelNames[i]!];
    if (i > 0) key += KEY_SEPARATOR;
    key += typeof value === 'string' ? value : labelString(value);
  }
  return key;
}

/**
 * Turns raw label values into the strings that will be stored and exposed: numbers and
 * other primitives become strings, missing values become '', lone surrogates become U+FFFD
 * (what a UTF-8 encoder writes for them, so two values that are exposed alike are one
 * series), values longer than `maxLength` UTF-16 units are cut on a code point boundary,
 * and the key separator is replaced.
 */
export function normalizeLabels(
  labelNames: readonly string[],
  labels: Readonly<Record<string, unknown>> | undefined,
  maxLength: number,
): Record<string, string> {
  const normalized: Record<string, string> = {};
  for (const name of labelNames) {
    const raw = labels?.[name];
    let value = cutToLength(wellFormed(typeof raw === 'string' ? raw : labelString(raw)), maxLength);
    if (value.includes(KEY_SEPARATOR)) value = value.split(KEY_SEPARATOR).join('\uFFFD');
    normalized[name] = value;
  }
  return normalized;
}

/** The string methods of ES2024 that Node 20 has and the configured `lib` does not declare. */
interface WellFormedString {
  isWellFormed(): boolean;
  toWellFormed(): string;
}

/** `value` with each lone surrogate replaced by U+FFFD, as UTF-8 encoding writes it. */
export function wellFormed(value: string): string {
  const string = value as unknown as WellFormedString;
  return string.isWellFormed() ? value : string.toWellFormed();
}

/**
 * A well-formed `value` cut to at most `maxLength` UTF-16 units without splitting a
 * surrogate pair: a pair that would be cut in half is left out whole.
 */
function cutToLength(value: string, maxLength: number): string {
  if (value.length <= maxLength) return value;
  const last = value.charCodeAt(maxLength - 1);
  return value.slice(0, last >= 0xd800 && last <= 0xdbff ? maxLength - 1 : maxLength);
}

/** A label value that is not a string, as a string: '' for nothing, and never a throw. */
function labelString(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  try {
    return String(value);
  } catch {
    return '';
  }
}
