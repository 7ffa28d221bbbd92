import { wellFormed } from './labels.js';

/**
 * The most code points the names and values of an exemplar's label set may have together.
 * OpenMetrics 1.0 says MUST NOT exceed; strict parsers (the Python client's) reject the whole
 * exposition over one longer exemplar, and Prometheus drops such an exemplar anyway.
 */
const EXEMPLAR_MAX_LABEL_SET_LENGTH = 128;

/**
 * An OpenMetrics label name. A leading underscore is reserved by the standard, and any other
 * character (a dash, a dot, a letter outside ASCII) makes Prometheus reject the whole scrape.
 */
const EXEMPLAR_LABEL_NAME = /^[a-zA-Z][a-zA-Z0-9_]*$/;

/** The number of code points in a well-formed string. */
function codePoints(value: string): number {
  let count = value.length;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate is always followed by its low one here: the pair is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff) {
      count--;
      i++;
    }
  }
  return count;
}

/** An exemplar label value as a string, or undefined when it is not a primitive that reads as one. */
function exemplarValue(value: unknown): string | undefined {
  if (typeof value === 'string') return wellFormed(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return undefined;
}

/**
 * The label set an exemplar is kept with: a copy (so that later changes to the caller's object
 * do not reach the exposition) with well-formed string values. `undefined` when the set breaks
 * a rule of OpenMetrics 1.0: no labels (undefined values are left out), a label name outside `[a-zA-Z][a-zA-Z0-9_]*`, a value
 * that is not a string or number, or more than 128 code points of names and values together.
 * One such exemplar would make Prometheus or a strict parser refuse the whole scrape, so the
 * caller drops it (the observation itself is kept).
 */
export function exemplarLabelSet(labels: unknown): Record<string, string> | undefined {
  if (labels === null || typeof labels !== 'object') return undefined;
  const kept: Record<string, string> = {};
  let length = 0;
  let count = 0;
  for (const name of Object.keys(labels)) {
    const raw = (labels as Record<string, unknown>)[name];
    // A label left undefined is no label, as in a series' label set.
    if (raw === undefined) continue;
    const value = exemplarValue(raw);
    if (value === undefined || !EXEMPLAR_LABEL_NAME.test(name)) return undefined;
    length += name.length + codePoints(value);
    if (length > EXEMPLAR_MAX_LABEL_SET_LENGTH) return undefined;
    kept[name] = value;
    count++;
  }
  return count === 0 ? undefined : kept;
}
