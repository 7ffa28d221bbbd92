import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LevelOption } from '../../logging/levels.js';
import { invalidOption } from '../errors.js';

/**
 * What the access-log line of each request looks like, beyond its fixed fields: the object form
 * of the `accessLog` option of `createObservability` (`true` is `{}`; `false` writes no line).
 * The callbacks belong to one observability object; two objects in one process each use their
 * own. Each callback is guarded: one that throws, rejects or returns something else than what
 * is asked loses only its own effect (the line is still written, at the default level or without
 * the extra fields), and the request, its metrics and the process carry on.
 *
 * - `level(status, request, aborted)`: the level of the line (pino-http's `customLogLevel`):
 *   `'trace'`, `'debug'`, `'info'`, `'warning'`, `'error'`, `'critical'` (or pino's `'warn'` and
 *   `'fatal'`), or `'silent'` to write no line. `status` is the recorded status (499 when the
 *   client closed first, 500 when the handler threw and sent nothing or the server broke the
 *   response off after its headers) and `aborted` is true when the client closed the connection
 *   before the response completed (the 499 case only). Default: `error` for 5xx, `warning` for 4xx, `info` otherwise.
 * - `ignore(request)`: called when the request starts; `true` writes no line for it (pino-http's
 *   `autoLogging.ignore`). Its logging context, its request id and its metrics stay. Anything
 *   but `true` logs the request. Default: every request is logged.
 * - `props(request, response)`: extra fields of the line (pino-http's `customProps`), called
 *   when the line is written, so what the handlers set on the request (an authenticated user)
 *   is there. A plain object; its fields are redacted and bounded like any other field. A field
 *   named as one of the line's own (`request_id`, `method`, `api_key_prefix`, `route`,
 *   `status_code`, `duration_ms`, `path`, `bytes`, `aborted`) or a head field is kept as
 *   `field_<name>` and never replaces it. `response` is `undefined` on Hono outside Node (Bun,
 *   Deno, Workers), where no Node response exists. Default: none.
 *
 * `request` is Node's `IncomingMessage` on every adapter (on Hono outside Node: a view with
 * `method`, `url` and lower-case `headers`).
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 *
 * const observability = createObservability({
 *   serviceName: 'api',
 *   accessLog: {
 *     level: (status) => (status >= 500 ? 'error' : status >= 400 ? 'warning' : 'debug'),
 *     ignore: (request) => request.url === '/ready',
 *     props: (request) => ({ user_agent: request.headers['user-agent'] }),
 *   },
 * });
 * ```
 */
export interface AccessLogOptions {
  /** The level of the line from the request's end. Default: `error` for 5xx, `warning` for 4xx, else `info`. */
  level?: (status: number, request: IncomingMessage, aborted: boolean) => LevelOption;
  /** `true` writes no line for this request, asked when it starts. Default: none ignored. */
  ignore?: (request: IncomingMessage) => boolean;
  /** Extra fields of the line, asked when it is written. Default: none. */
  props?: (request: IncomingMessage, response: ServerResponse | undefined) => Record<string, unknown> | undefined;
}

/** The `accessLog` option once checked: its callbacks, copied and frozen; `false` for no lines. */
export type AccessLogSettings = Readonly<AccessLogOptions> | false;

/** `accessLog: true`: the fixed line and the default levels, no callback to call. */
const DEFAULT_ACCESS_LOG: Readonly<AccessLogOptions> = Object.freeze({});

const CALLBACKS = ['level', 'ignore', 'props'] as const;
const SHAPE = 'true, false or { level?, ignore?, props? }';
const EXPECTED: Readonly<Record<(typeof CALLBACKS)[number], string>> = {
  level: 'a function (status, request, aborted) returning a level name such as "info"',
  ignore: 'a function (request) returning true for a request that writes no access line',
  props: 'a function (request, response) returning an object of extra fields',
};

/**
 * Checks the `accessLog` option of `createObservability` and copies its callbacks: `undefined`
 * and `true` give the default line, `false` none. Throws `TFO_ERR_INVALID_OPTION` naming the
 * bad part (`accessLog`, `accessLog.ignore`, …).
 */
export function resolveAccessLog(value: unknown): AccessLogSettings {
  if (value === undefined || value === true) return DEFAULT_ACCESS_LOG;
  if (value === false) return false;
  // An object literal only: the methods of a class instance or a Map's entries would be missed.
  const proto: unknown = typeof value === 'object' && value !== null ? Object.getPrototypeOf(value) : undefined;
  if (proto !== Object.prototype && proto !== null) throw invalidOption('accessLog', `is ${shown(value)}`, SHAPE);
  const given = value as Record<string, unknown>;
  const resolved: AccessLogOptions = {};
  for (const key of Object.keys(given)) {
    const name = CALLBACKS.find((callback) => callback === key);
    if (name === undefined) throw invalidOption(`accessLog.${key}`, 'is not a known setting', 'level, ignore or props');
    const callback = given[name];
    if (callback === undefined) continue;
    if (typeof callback !== 'function') {
      throw invalidOption(`accessLog.${name}`, `is ${shown(callback)}`, EXPECTED[name]);
    }
    resolved[name] = callback as never;
  }
  return Object.keys(resolved).length === 0 ? DEFAULT_ACCESS_LOG : Object.freeze(resolved);
}

/** A bad value as the error message shows it: its JSON, else its type (a function, a symbol, a BigInt). */
function shown(value: unknown): string {
  if (typeof value === 'function') return 'a function';
  if (value instanceof Map) return 'a Map';
  if (typeof value === 'bigint' || typeof value === 'symbol') return `a ${typeof value}`;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return 'an object that cannot be shown';
  }
}
