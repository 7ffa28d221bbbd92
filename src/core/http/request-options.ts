import { invalidOption } from '../errors.js';
import { MISSING_LABEL_VALUE } from './http-labels.js';
import type { HttpObservabilityOptions } from './http-options.js';

/**
 * What the per-request options of an adapter (`customLabels`, `groupStatusCodes`, `exclude`)
 * become once checked: plain functions the recorder and the adapters call, each guarded so that
 * a user function that throws never breaks a request.
 */
export interface RequestOptions {
  /** The declared `httpLabels` (`[]` when none). */
  readonly labelNames: readonly string[];
  /** The custom label values of a request, from the framework's own request; `undefined` when no labels are declared. */
  readonly labelValues: ((request: unknown) => Record<string, string>) | undefined;
  /** The `status_code` label of a status. */
  readonly statusLabel: (status: number) => string;
  /** Whether the `exclude` predicate leaves the request out; `undefined` when there is none. */
  readonly excludes: ((request: unknown) => boolean) | undefined;
}

/** The `status_code` label of each status class, `1xx` to `9xx`, made once. */
const CLASSES = Array.from({ length: 10 }, (_, digit) => `${digit}xx`);

/** The status class of a status (`200` → `2xx`, `499` → `4xx`). */
export function statusClass(status: number): string {
  return CLASSES[Math.trunc(status / 100)] ?? String(status);
}

function exactStatus(status: number): string {
  return String(status);
}

function functionOption(name: string, value: unknown, adapter: string): ((request: unknown) => unknown) | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'function')
    throw invalidOption(name, `of ${adapter} is ${typeof value}`, 'a function of the framework request');
  return value as (request: unknown) => unknown;
}

/** The checked `customLabels`: one function per declared label that has one, in declaration order. */
function labelFunctions(
  value: unknown,
  declared: readonly string[],
  adapter: string,
): [string, (request: unknown) => unknown][] {
  if (value === undefined) return [];
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw invalidOption(
      'customLabels',
      `of ${adapter} is ${Array.isArray(value) ? 'an array' : typeof value}`,
      'an object with one function per declared label, e.g. { tenant: (request) => ... }',
    );
  }
  for (const name of Object.keys(value)) {
    if (!declared.includes(name)) {
      throw invalidOption(
        `customLabels.${name}`,
        `of ${adapter} names a label that was not declared (declared: ${declared.join(', ') || 'none'})`,
        `a name declared when the observability object is created: createObservability({ httpLabels: ['${name}'] })`,
      );
    }
  }
  return declared.flatMap((name) => {
    const compute = functionOption(`customLabels.${name}`, (value as Record<string, unknown>)[name], adapter);
    return compute === undefined ? [] : [[name, compute] as [string, (request: unknown) => unknown]];
  });
}

/**
 * Checks `customLabels`, `groupStatusCodes` and `exclude` and builds their functions. `warn` is
 * told, once per option, the first time a user function throws or returns a value it cannot use.
 */
export function requestOptions(
  options: HttpObservabilityOptions,
  declared: readonly string[],
  adapter: string,
  warn: (message: string, error?: unknown) => void,
): RequestOptions {
  const computed = labelFunctions(options.customLabels, declared, adapter);
  const exclude = functionOption('exclude', options.exclude, adapter);
  const grouped = options.groupStatusCodes;
  if (grouped !== undefined && typeof grouped !== 'boolean')
    throw invalidOption('groupStatusCodes', `is ${JSON.stringify(grouped)}`, 'true or false');

  let warnedLabels = false;
  const labelFailed = (name: string, problem: string, error?: unknown): void => {
    if (warnedLabels) return;
    warnedLabels = true;
    warn(`customLabels.${name} of ${adapter} ${problem}; the label is recorded as "" (told once)`, error);
  };
  const base: Record<string, string> = {};
  for (const name of declared) base[name] = MISSING_LABEL_VALUE;
  const labelValues =
    declared.length === 0
      ? undefined
      : computed.length === 0
        ? () => base
        : (request: unknown): Record<string, string> => {
            const values = { ...base };
            for (const [name, compute] of computed) {
              let value: unknown;
              try {
                value = compute(request);
              } catch (error) {
                labelFailed(name, 'threw', error);
                continue;
              }
              if (typeof value === 'string') values[name] = value;
              else if (value !== undefined) labelFailed(name, `returned ${typeof value}, not a string`);
            }
            return values;
          };

  let warnedExclude = false;
  const excludes =
    exclude === undefined
      ? undefined
      : (request: unknown): boolean => {
          try {
            return exclude(request) === true;
          } catch (error) {
            if (!warnedExclude) {
              warnedExclude = true;
              warn(`exclude of ${adapter} threw; such requests are recorded (told once)`, error);
            }
            return false;
          }
        };

  return {
    labelNames: declared,
    labelValues,
    statusLabel: grouped === true ? statusClass : exactStatus,
    excludes,
  };
}
