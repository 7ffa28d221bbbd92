import { pino, type Logger as PinoLogger } from 'pino';
import { levelName } from './levels.js';
import type { Serializer } from './serialize.js';

/**
 * The head of a line in the report's order: `timestamp`, `level`, `logger`, `message`, `pid`,
 * then the context and the call's fields.
 *
 * pino writes `level` first and `message` last: its `asJson(obj, msg, num, time)` writes the
 * level fragment (`lsCache`), the `timestamp` option's fragment, the bindings (`pid` and the base
 * fields, then child bindings, where the context goes), the call's fields and the message. The
 * writer below overrides `asJson` (through `pino.symbols.asJsonSym`, which pino documents for
 * "methods to be overridden or proxied for performant integration") on the loggers made by
 * `createLogger`: the level formatter returns no field (so pino's level fragment is just `{`), the
 * timestamp option returns `"timestamp":"…"`, and the writer calls pino's `asJson` with the whole
 * head `"timestamp":"…","level":"info","logger":"…","message":"…"` in place of the time and no
 * message, so that pino's own code writes the rest (`,"pid":42`, bindings, fields) after it.
 * That is one string concatenation per line, no parsing, no copy of the fields. The tests of
 * the line order (logger.test.ts, test/helpers/log-lines.ts) guard this use of pino internals.
 */

type AsJson = (this: PinoLogger, obj: object, msg: unknown, num: number, time: string) => string;

const { asJsonSym, lsCacheSym } = pino.symbols;

/** `,"level":"info"` for each level value, made on first use for custom values. */
const LEVEL_FIELDS: string[] = [];

function levelField(num: number): string {
  const field = LEVEL_FIELDS[num];
  if (field !== undefined) return field;
  const made = `,"level":${JSON.stringify(levelName(num))}`;
  if (Number.isInteger(num) && num >= 0 && num <= 1000) LEVEL_FIELDS[num] = made;
  return made;
}

/** `text` as a JSON string: short strings with nothing to escape skip `JSON.stringify`. */
function jsonString(text: string): string {
  const length = text.length;
  if (length > 100) return JSON.stringify(text);
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    // Control characters, `"`, `\` and (possibly lone) surrogates are left to JSON.stringify.
    if (code < 32 || code === 34 || code === 92 || (code >= 0xd800 && code <= 0xdfff)) return JSON.stringify(text);
  }
  return `"${text}"`;
}

/** The level formatter of the loggers using {@link lineWriter}: the level is written by the writer. */
export function noLevelField(): Record<string, never> {
  return {};
}

/**
 * pino's `asJson` for the loggers named `name`: writes the head of the line in the report's
 * order, then lets pino write the rest. The message is always a string (`""` when there is
 * none; a non-string one is written as its JSON-safe text).
 */
function lineWriter(pinoAsJson: AsJson, name: string, serializer: Serializer): AsJson {
  const loggerField = `,"logger":${jsonString(name)}`;
  const loggerAndMessage = `${loggerField},"message":`;
  function messageJson(msg: unknown): string {
    if (msg === undefined || msg === null) return '""';
    const safe = serializer.value(msg);
    return jsonString(typeof safe === 'string' ? safe : String(JSON.stringify(safe)));
  }
  return function asJson(this: PinoLogger, obj, msg, num, time) {
    // A child given custom levels and a level formatter of its own has its own level fragments:
    // pino's order then, rather than a line that is not JSON.
    if ((this as unknown as Record<symbol, Record<number, string>>)[lsCacheSym]![num] !== '{')
      return pinoAsJson.call(this, obj, msg, num, `,${time}${loggerField}`);
    const message = typeof msg === 'string' ? jsonString(msg) : messageJson(msg);
    return pinoAsJson.call(this, obj, undefined, num, time + levelField(num) + loggerAndMessage + message);
  };
}

/** Installs {@link lineWriter} on a pino instance made with {@link noLevelField}; its children inherit it. */
export function writeLinesInReportOrder(instance: PinoLogger, name: string, serializer: Serializer): void {
  const target = instance as unknown as Record<symbol, AsJson>;
  target[asJsonSym] = lineWriter(target[asJsonSym]!, name, serializer);
}
