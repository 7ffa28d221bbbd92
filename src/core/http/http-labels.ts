import { invalidOption } from '../errors.js';

/**
 * The `customLabels` option of the HTTP adapters: for each label declared with
 * `createObservability({ httpLabels })`, a function computing its value from the framework's own
 * request. A label without a function is recorded as `''`. Naming a label that was not declared
 * is a compile-time error.
 *
 * @typeParam R - The framework's own request (Express `req`, Fastify `request`, Koa `ctx`, Hono `c`).
 * @typeParam L - The declared label names.
 * @example
 * ```ts
 * import type { Request } from 'express';
 * import type { HttpLabelFunctions } from '@transcode-flow/observability';
 *
 * const labels: HttpLabelFunctions<Request, 'plan' | 'region'> = {
 *   plan: (req) => req.get('x-plan'), // region is recorded as ''
 * };
 * ```
 */
export type HttpLabelFunctions<R, L extends string> = {
  readonly [K in L]?: (request: R) => string | undefined;
};

/** The value of a custom label that was left out, was not a string, or whose function threw. */
export const MISSING_LABEL_VALUE = '';

/**
 * Label names a declared HTTP label may not take: the request metrics' own labels (with either
 * naming), the histogram's `le`, and `quantile`.
 */
const TAKEN = new Set([
  'method',
  'route',
  'status_code',
  'http_request_method',
  'http_route',
  'http_response_status_code',
  'le',
  'quantile',
]);

const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * Checks the `httpLabels` option of `createObservability`: an array of distinct label names, each
 * a valid Prometheus label name that does not start with `__`, is not a label the request metrics
 * already have (`method`, `route`, `status_code`, `le`, ...) and is not a constant label of
 * `defaultLabels`. Throws `TFO_ERR_INVALID_OPTION` naming the bad entry.
 */
export function validateHttpLabels(value: unknown, defaultLabels: Readonly<Record<string, string>>): readonly string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    throw invalidOption('httpLabels', `is ${JSON.stringify(value)}`, "an array of label names, e.g. ['tenant']");
  }
  const seen = new Set<string>();
  (value as unknown[]).forEach((name, index) => {
    const option = `httpLabels[${index}]`;
    if (typeof name !== 'string' || !LABEL_NAME.test(name) || name.startsWith('__')) {
      throw invalidOption(
        option,
        `is ${JSON.stringify(name)}, not a valid label name`,
        'a name matching [a-zA-Z_][a-zA-Z0-9_]* that does not start with __ (e.g. tenant)',
      );
    }
    if (TAKEN.has(name)) {
      throw invalidOption(
        option,
        `is "${name}", a label the request metrics already have (or a reserved one)`,
        `a name other than ${[...TAKEN].join(', ')}`,
      );
    }
    if (Object.hasOwn(defaultLabels, name)) {
      throw invalidOption(option, `is "${name}", which defaultLabels already sets on every series`, 'another name');
    }
    if (seen.has(name)) throw invalidOption(option, `repeats "${name}"`, 'each label name once');
    seen.add(name);
  });
  return [...seen];
}
