import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLevelOption, type LevelOption } from '../../logging/levels.js';
import type { AccessLogOptions } from './access-log-options.js';

/**
 * The guarded calls of the `accessLog` callbacks (see {@link AccessLogOptions}). Each takes the
 * callback the caller already checked is set, so a request of an object without callbacks
 * calls none of these. A callback that throws, or returns a promise (its rejection is
 * swallowed, never left unhandled) or any value outside what it was asked for, loses only its
 * own effect.
 */

/** Swallows the rejection of a returned promise (an `async` callback), so it never ends the process. */
function dropPromise(result: unknown): void {
  try {
    const then = (result as { then?: unknown } | null | undefined)?.then;
    if (typeof then === 'function') (then as (ok: unknown, fail: () => void) => unknown).call(result, ignore, ignore);
  } catch {
    // A thenable whose `then` throws has nothing left to swallow.
  }
}

function ignore(): void {}

/** The default level of an access line: `error` for 5xx, `warning` for 4xx (499 included), `info` otherwise. */
export function defaultAccessLevel(status: number): LevelOption {
  return status >= 500 ? 'error' : status >= 400 ? 'warning' : 'info';
}

/** The level the user's `level` callback chose; the default level when it throws or returns no level name. */
export function chosenAccessLevel(
  level: NonNullable<AccessLogOptions['level']>,
  status: number,
  request: IncomingMessage,
  aborted: boolean,
): LevelOption {
  let chosen: unknown;
  try {
    chosen = level(status, request, aborted);
  } catch {
    return defaultAccessLevel(status);
  }
  if (isLevelOption(chosen)) return chosen;
  dropPromise(chosen);
  return defaultAccessLevel(status);
}

/** Whether the user's `ignore` callback returned exactly `true`; a throw or any other value logs the request. */
export function isIgnored(ignoreRequest: NonNullable<AccessLogOptions['ignore']>, request: IncomingMessage): boolean {
  let ignored: unknown;
  try {
    ignored = ignoreRequest(request);
  } catch {
    return false;
  }
  if (ignored === true) return true;
  dropPromise(ignored);
  return false;
}

/**
 * The fields of an access line that the SDK writes itself: a field of `props` with one of these
 * names is kept as `field_<name>` (the rule the logger applies to the head fields), never over them.
 */
const RESERVED_FIELDS: ReadonlySet<string> = new Set([
  'request_id',
  'method',
  'api_key_prefix',
  'route',
  'status_code',
  'duration_ms',
  'path',
  'bytes',
  'aborted',
]);

/** Whether `value` is an object literal (or has a null prototype): not an array, a Map, a promise or a class instance. */
function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Adds the fields the user's `props` callback returns to `line`, after the SDK's own fields:
 * each field whose value is not `undefined`, renamed `field_<name>` when it would replace one of
 * the line's own fields. Nothing is added when the callback throws, returns anything but a plain
 * object, or has a getter that throws. The values are not read further here: the logger
 * serializes and redacts them as it does every field.
 */
export function addAccessProps(
  props: NonNullable<AccessLogOptions['props']>,
  line: Record<string, unknown>,
  request: IncomingMessage,
  response: ServerResponse | undefined,
): void {
  let entries: [string, unknown][];
  try {
    const extra: unknown = props(request, response);
    if (!isRecord(extra)) {
      dropPromise(extra);
      return;
    }
    // Read every value first: a getter that throws drops all the props, never half of them.
    entries = Object.entries(extra);
  } catch {
    return;
  }
  for (const [key, value] of entries) {
    if (value === undefined) continue;
    const name = RESERVED_FIELDS.has(key) ? `field_${key}` : key;
    if (Object.hasOwn(line, name)) continue;
    if (name === '__proto__') {
      // An own `__proto__` field (JSON.parse makes one) stays a field: assigning it would set the prototype.
      Object.defineProperty(line, name, { value, enumerable: true, writable: true, configurable: true });
    } else line[name] = value;
  }
}
