import type { DestinationStream } from 'pino';
import { invalidOption } from '../core/errors.js';
import { toPinoLevel, type LevelOption } from './levels.js';
import type { RedactOptions } from './redaction.js';
import type { SerializeOptions } from './serialize.js';

/**
 * Options of `createLogger`. Every option is checked when the logger is created; a bad
 * one throws an `ObservabilityError` (`TFO_ERR_INVALID_OPTION`) that names it.
 *
 * @example
 * ```ts
 * import { createLogger, type LoggerOptions } from '@transcode-flow/observability';
 *
 * const options: LoggerOptions = { name: 'transcoder', level: 'debug', threadId: true };
 * createLogger(options);
 * ```
 */
export interface LoggerOptions {
  /** The `logger` field of every line. Default: `OTEL_SERVICE_NAME`, else `npm_package_name`, else `'app'`. */
  name?: string;
  /** Lowest level written: `trace`, `debug`, `info`, `warning` (or `warn`), `error`, `critical` (or `fatal`), `silent`. Default: `LOG_LEVEL`, else `'info'`. */
  level?: LevelOption;
  /** Where lines go: a pino destination (e.g. `pino.destination('/var/log/app.log')`), any writable stream, or a file descriptor. Default: stdout (on Cloudflare Workers, which has no file descriptor 1: `console.log`, one call per line). */
  destination?: DestinationStream | NodeJS.WritableStream | number;
  /** Secret keys, redacted at any depth: extra key names, or `{ keys, defaults, censor }`; `false` turns redaction off. Default: the keys of `DEFAULT_REDACTED_KEYS`. */
  redact?: RedactOptions | readonly string[] | false;
  /** Limits that keep a line bounded (depth, string length, items, Buffer preview). Default: see {@link SerializeOptions}. */
  serialize?: SerializeOptions;
  /** Add the fields of the current {@link withContext} scope to each line. Default: `true`. */
  context?: boolean;
  /** Add `trace_id`, `span_id` and `trace_flags` of the active OpenTelemetry span (when `@opentelemetry/api` is installed). Default: `true`. */
  trace?: boolean;
  /** Add `file`, `line` and `function` of the call site. Costs a stack capture, about 8 µs per line (about a tenth of the throughput); see docs/performance.md. Default: `false`. */
  caller?: boolean;
  /** Add `thread_id` (worker_threads `threadId`, 0 on the main thread). Default: `false`. */
  threadId?: boolean;
  /** Add `hostname`. Default: `false`. */
  hostname?: boolean;
  /** Constant fields added to every line (e.g. `{ service: 'api', environment: 'prod' }`). Default: `{}`. */
  fields?: Readonly<Record<string, unknown>>;
  /** Human-readable output through the optional `pino-pretty` package, for local development only: `true` or pino-pretty options. Default: `false`. */
  pretty?: boolean | Readonly<Record<string, unknown>>;
}

/** Options after validation (redact and serialize are checked by their own modules). */
export interface ResolvedLoggerOptions {
  name: string;
  pinoLevel: string;
  destination: DestinationStream | NodeJS.WritableStream | number | undefined;
  redact: LoggerOptions['redact'];
  serialize: SerializeOptions | undefined;
  context: boolean;
  trace: boolean;
  caller: boolean;
  threadId: boolean;
  hostname: boolean;
  fields: Readonly<Record<string, unknown>>;
  pretty: false | Readonly<Record<string, unknown>>;
}

const KNOWN = [
  'name',
  'level',
  'destination',
  'redact',
  'serialize',
  'context',
  'trace',
  'caller',
  'threadId',
  'hostname',
  'fields',
  'pretty',
] as const;

function flag(option: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== 'boolean') throw invalidOption(option, `is ${JSON.stringify(value)}`, 'true or false');
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function destinationOf(value: unknown): ResolvedLoggerOptions['destination'] {
  if (value === undefined) return undefined;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return value;
  if (isObject(value) && typeof value.write === 'function') return value as unknown as DestinationStream;
  throw invalidOption(
    'destination',
    `is ${typeof value === 'object' ? 'an object without write()' : JSON.stringify(value)}`,
    'a stream with write(), a pino destination or a file descriptor number',
  );
}

/** Checks every option and fills in the defaults. */
export function resolveLoggerOptions(options: LoggerOptions): ResolvedLoggerOptions {
  if (!isObject(options as unknown)) {
    throw invalidOption('options', 'is not an object', 'a logger options object or nothing');
  }
  for (const key of Object.keys(options)) {
    if (!(KNOWN as readonly string[]).includes(key)) {
      throw invalidOption(key, 'is not a known logger option', `one of ${KNOWN.join(', ')}`);
    }
  }
  const env = process.env;
  const name = options.name ?? (env.OTEL_SERVICE_NAME || env.npm_package_name || 'app');
  if (typeof name !== 'string' || name === '') {
    throw invalidOption('name', `is ${JSON.stringify(name)}`, 'a non-empty string such as "transcoder.api"');
  }
  if (options.fields !== undefined && !isObject(options.fields)) {
    throw invalidOption('fields', `is ${JSON.stringify(options.fields)}`, 'an object of constant fields');
  }
  const pretty = options.pretty ?? false;
  if (typeof pretty !== 'boolean' && !isObject(pretty)) {
    throw invalidOption('pretty', `is ${JSON.stringify(pretty)}`, 'true, false or an object of pino-pretty options');
  }
  return {
    name,
    pinoLevel: toPinoLevel('level', options.level ?? (env.LOG_LEVEL || 'info')),
    destination: destinationOf(options.destination),
    redact: options.redact,
    serialize: options.serialize,
    context: flag('context', options.context, true),
    trace: flag('trace', options.trace, true),
    caller: flag('caller', options.caller, false),
    threadId: flag('threadId', options.threadId, false),
    hostname: flag('hostname', options.hostname, false),
    fields: options.fields ?? {},
    pretty: pretty === true ? {} : pretty,
  };
}
