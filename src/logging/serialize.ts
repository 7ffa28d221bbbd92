import { invalidOption } from '../core/errors.js';
import { fieldName, isHeadField } from './head-fields.js';
import type { Redactor } from './redaction.js';
import { serializeError } from './serialize-error.js';

/**
 * Limits of the `serialize` option of `createLogger`: what is cut so that one line stays bounded.
 *
 * @example
 * ```ts
 * import { createLogger, type SerializeOptions } from '@transcode-flow/observability';
 *
 * const serialize: SerializeOptions = { maxDepth: 4, maxStringLength: 2048 };
 * createLogger({ serialize });
 * ```
 */
export interface SerializeOptions {
  /** Objects and arrays nested deeper than this are written as `"[Object]"` / `"[Array]"`. Default: `8`. */
  maxDepth?: number;
  /** Strings longer than this are cut and end with `…[truncated N chars]`. Default: `8192`. */
  maxStringLength?: number;
  /** Array items, object keys, Map entries and Set members kept per value. Default: `100`. */
  maxItems?: number;
  /** Bytes of a Buffer (or typed array) shown, in hex, next to its size. Default: `16`. */
  bufferPreviewBytes?: number;
}

/** Turns any value into one that `JSON.stringify` writes without throwing; never throws itself. */
export interface Serializer {
  /** A JSON-safe copy of `value` (strings cut to `maxStringLength`). */
  value(value: unknown): unknown;
  /**
   * Copies the fields of `source` into `target` as the top-level fields of a line: JSON-safe,
   * redacted, and head fields renamed (see head-fields.ts).
   */
  assignFields(target: Record<string, unknown>, source: object): void;
  /** Like {@link Serializer.assignFields}, for the named fields of `source` only. */
  assignKeys(target: Record<string, unknown>, source: object, keys: readonly string[]): void;
  /** A copy of the fields of `source` as {@link Serializer.assignFields} writes them. */
  copy(source: object): Record<string, unknown>;
  /**
   * Whether pino can write `source` as it is: a plain object of at most `maxItems` fields, none
   * a secret or named like a head field, each a short string, a finite number, a boolean, null
   * or undefined. The hot path: such an object is not copied.
   */
  isSafe(source: object): boolean;
  /** The redactor in use. */
  readonly redactor: Redactor;
}

const DEFAULTS: Required<SerializeOptions> = {
  maxDepth: 8,
  maxStringLength: 8192,
  maxItems: 100,
  bufferPreviewBytes: 16,
};

function resolveLimits(options: SerializeOptions | undefined): Required<SerializeOptions> {
  if (options === undefined) return DEFAULTS;
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('serialize', `is ${JSON.stringify(options)}`, 'an object of limits');
  }
  const limits = { ...DEFAULTS };
  for (const [key, value] of Object.entries(options)) {
    if (!(key in DEFAULTS)) {
      throw invalidOption(`serialize.${key}`, 'is not a known limit', Object.keys(DEFAULTS).join(', '));
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
      throw invalidOption(`serialize.${key}`, `is ${JSON.stringify(value)}`, 'a whole number of 0 or more');
    }
    limits[key as keyof SerializeOptions] = value;
  }
  return limits;
}

function errorText(error: unknown): string {
  try {
    return error instanceof Error ? error.message : String(error);
  } catch {
    return 'unknown error';
  }
}

function isError(value: object): value is Error {
  return value instanceof Error || Object.prototype.toString.call(value) === '[object Error]';
}

/**
 * Builds the serializer of a logger.
 *
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when a limit is malformed.
 */
export function createSerializer(options: SerializeOptions | undefined, redactor: Redactor): Serializer {
  const { maxDepth, maxStringLength, maxItems, bufferPreviewBytes } = resolveLimits(options);
  const ancestors: object[] = [];

  function text(value: string): string {
    if (value.length <= maxStringLength) return value;
    return `${value.slice(0, maxStringLength)}…[truncated ${value.length - maxStringLength} chars]`;
  }

  function bytes(view: Uint8Array, type: string): Record<string, unknown> {
    const shown = view.subarray(0, bufferPreviewBytes);
    return { type, size: view.byteLength, preview: Buffer.from(shown).toString('hex') };
  }

  /** Copies the fields of `source`; `top`: they are the top-level fields of a line. */
  function assignAll(target: Record<string, unknown>, source: object, top: boolean): void {
    let keys: string[];
    try {
      keys = Object.keys(source);
    } catch (error) {
      target.unserializable = `[Unserializable: ${errorText(error)}]`;
      return;
    }
    assignNamed(target, source, keys, top);
  }

  function assignNested(target: Record<string, unknown>, source: object): void {
    assignAll(target, source, false);
  }

  function isSafe(source: object): boolean {
    try {
      if (Object.getPrototypeOf(source) !== Object.prototype) return false;
      const keys = Object.keys(source);
      if (keys.length > maxItems) return false;
      for (let i = 0; i < keys.length; i++) {
        const key = keys[i]!;
        if (redactor.isSecret(key) || isHeadField(key)) return false;
        const value: unknown = (source as Record<string, unknown>)[key];
        switch (typeof value) {
          case 'string':
            if (value.length > maxStringLength) return false;
            break;
          case 'number':
            if (!Number.isFinite(value)) return false;
            break;
          case 'boolean':
          case 'undefined':
            break;
          default:
            if (value !== null) return false;
        }
      }
      return true;
    } catch {
      return false;
    }
  }

  function copy(source: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    assignAll(out, source, true);
    return out;
  }

  function assignNamed(target: Record<string, unknown>, source: object, keys: readonly string[], top: boolean): void {
    const count = Math.min(keys.length, maxItems);
    for (let i = 0; i < count; i++) {
      const key = keys[i]!;
      const name = top ? fieldName(key) : key;
      if (redactor.isSecret(key)) {
        target[name] = redactor.censor;
        continue;
      }
      let item: unknown;
      try {
        item = (source as Record<string, unknown>)[key];
      } catch (error) {
        target[name] = `[Getter threw: ${errorText(error)}]`;
        continue;
      }
      const safe = walk(item);
      if (safe !== undefined) target[name] = safe;
    }
    if (keys.length > maxItems) target['…'] = `[${keys.length - maxItems} more keys]`;
  }

  function items(list: Iterable<unknown>, size: number): unknown[] {
    const out: unknown[] = [];
    for (const item of list) {
      if (out.length === maxItems) {
        out.push(`…[${size - maxItems} more items]`);
        break;
      }
      const safe = walk(item);
      out.push(safe === undefined ? null : safe);
    }
    return out;
  }

  function walkObject(value: object): unknown {
    if (ancestors.includes(value)) return '[Circular]';
    if (ancestors.length >= maxDepth) return Array.isArray(value) ? '[Array]' : '[Object]';
    ancestors.push(value);
    try {
      if (isError(value))
        return serializeError(value, {
          walk,
          assignFields: assignNested,
          text: (s) => text(redactor.scrubText(s)),
        });
      if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
      if (Buffer.isBuffer(value)) return bytes(value, 'Buffer');
      if (ArrayBuffer.isView(value)) {
        return bytes(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), value.constructor.name);
      }
      if (value instanceof ArrayBuffer) return bytes(new Uint8Array(value), 'ArrayBuffer');
      if (Array.isArray(value)) return items(value, value.length);
      if (value instanceof Set) return items(value, value.size);
      if (value instanceof Map) {
        const entries: Record<string, unknown> = {};
        let kept = 0;
        for (const [key, item] of value) {
          if (kept++ === maxItems) break;
          entries[String(key)] = item;
        }
        const out: Record<string, unknown> = {};
        assignNested(out, entries);
        if (value.size > maxItems) out['…'] = `[${value.size - maxItems} more entries]`;
        return out;
      }
      if (value instanceof RegExp) return String(value);
      const toJSON = (value as { toJSON?: unknown }).toJSON;
      if (typeof toJSON === 'function') {
        const json: unknown = toJSON.call(value);
        if (json !== value) return walk(json);
      }
      const out: Record<string, unknown> = {};
      assignNested(out, value);
      return out;
    } catch (error) {
      return `[Unserializable: ${errorText(error)}]`;
    } finally {
      ancestors.pop();
    }
  }

  function walk(value: unknown): unknown {
    switch (typeof value) {
      case 'string':
        return value.length <= maxStringLength ? value : text(value);
      case 'number':
        return Number.isFinite(value) ? value : String(value);
      case 'boolean':
      case 'undefined':
        return value;
      case 'bigint':
        return value.toString();
      case 'symbol':
        return value.toString();
      case 'function':
        return `[Function: ${value.name || 'anonymous'}]`;
      default:
        return value === null ? null : walkObject(value as object);
    }
  }

  return {
    value: walk,
    assignFields: (target, source) => assignAll(target, source, true),
    assignKeys: (target, source, keys) => assignNamed(target, source, keys, true),
    copy,
    isSafe,
    redactor,
  };
}
