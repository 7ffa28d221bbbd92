import { levelName } from './levels.js';
import type { Serializer } from './serialize.js';

/**
 * How the head fields of a line are written, through pino's public options only (no private
 * symbol: that keeps the logger working with any pino 10 release and inside bundles):
 *
 * - `level`: the `formatters.level` option, {@link levelField}, writes the level's name
 *   (`warning`, `critical`) where pino writes its number; pino caches it per level.
 * - `timestamp`: the `timestamp` option (see timestamp.ts).
 * - `logger` and `pid`: the first fields of pino's `base`, so of every line's bindings.
 * - `message`: pino's `messageKey`; the log-method hook always hands pino one string (see
 *   {@link messageText}), never printf arguments.
 *
 * The Contract fixes these fields, not their order: pino writes `level`, `timestamp`, the
 * bindings (`logger`, `pid`, constant fields, child bindings and the context), the call's fields,
 * then `message`, e.g.
 * `{"level":"info","timestamp":"…","logger":"api","pid":42,"job_id":"abc","message":"done"}`.
 */
export function levelField(_label: string, value: number): { level: string } {
  return { level: levelName(value) };
}

/** Reads one printf argument as text without throwing, JSON-safe and redacted. */
function argumentText(serializer: Serializer, value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Error) return serializer.redactor.scrubText(`${value.name}: ${value.message}`);
  return jsonText(serializer, value);
}

function jsonText(serializer: Serializer, value: unknown): string {
  return String(JSON.stringify(serializer.value(value)));
}

function numberText(value: unknown, integer: boolean): string {
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'symbol') return 'NaN';
  const number = Number(value);
  return String(integer ? Math.trunc(number) : number);
}

/**
 * pino's printf placeholders (`%s`, `%d`, `%i`, `%f`, `%j`, `%o`, `%O`, `%%`), filled with
 * JSON-safe, redacted copies of the arguments, so that an argument is held to the same rules as
 * a field: `log.info('%o', { password })` writes `[Redacted]`. Arguments left over are appended,
 * separated by spaces, as `util.format` does; a placeholder with no argument stays as it is.
 */
function format(serializer: Serializer, template: unknown, args: readonly unknown[], from: number): string {
  if (typeof template !== 'string') {
    const parts: string[] = [];
    for (let i = from - 1; i < args.length; i++) parts.push(argumentText(serializer, args[i]));
    return parts.join(' ');
  }
  let out = '';
  let last = 0;
  let next = from;
  for (let i = 0; i < template.length - 1; i++) {
    if (template.charCodeAt(i) !== 37) continue;
    const kind = template[i + 1]!;
    let text: string;
    if (kind === '%') text = '%';
    else if (next >= args.length || !'sdifjoO'.includes(kind)) continue;
    else {
      const value = args[next++];
      if (kind === 's') text = argumentText(serializer, value);
      else if (kind === 'd' || kind === 'f') text = numberText(value, false);
      else if (kind === 'i') text = numberText(value, true);
      else text = jsonText(serializer, value);
    }
    out += template.slice(last, i) + text;
    last = i + 2;
    i++;
  }
  out += template.slice(last);
  for (; next < args.length; next++) out += ` ${argumentText(serializer, args[next])}`;
  return out;
}

/** `text` cut to the serializer's `maxStringLength`, like every other string of the line. */
function cut(serializer: Serializer, text: string): string {
  return serializer.value(text) as string;
}

/**
 * The message of a call whose message starts at `args[at]`: always one string, cut to
 * `maxStringLength`, with printf arguments filled in (see {@link format}); a non-string message
 * is written as its JSON-safe text, and `null` or `undefined` as `''`.
 */
export function messageText(serializer: Serializer, args: readonly unknown[], at: number): string {
  const message = args[at];
  if (args.length > at + 1) return cut(serializer, format(serializer, message, args, at + 1));
  if (typeof message === 'string') return cut(serializer, message);
  if (message === undefined || message === null) return '';
  const safe = serializer.value(message);
  return cut(serializer, typeof safe === 'string' ? safe : String(JSON.stringify(safe)));
}
