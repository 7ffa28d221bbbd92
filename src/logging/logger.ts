import {
  pino,
  type Bindings,
  type ChildLoggerOptions,
  type DestinationStream,
  type LogFn,
  type Logger as PinoLogger,
} from 'pino/pino.js';
import { onCloudflareWorkers } from '../core/host-runtime.js';
import { nodeBuiltin } from '../core/module-require.js';
import { callerOf } from './caller.js';
import { bindContext } from './context-binding.js';
import { EMPTY_CONTEXT, getContext, type LogContext } from './context.js';
import { levelField, messageText } from './line.js';
import { resolveLoggerOptions, type LoggerOptions, type ResolvedLoggerOptions } from './logger-options.js';
import { activeTraceFields } from './otel.js';
import { prettyStream } from './pretty.js';
import { createRedactor } from './redaction.js';
import { createSerializer, type Serializer } from './serialize.js';
import { timestampField } from './timestamp.js';
import type { Logger } from './logger-type.js';

export type { Logger } from './logger-type.js';

/** The named-logger factory of each logger `createLogger` returned. */
const NAMED = new WeakMap<Logger, (name: string) => Logger>();

interface Built {
  logger: Logger;
  named(name: string): Logger;
}

function passThrough(value: unknown): unknown {
  return value;
}

/** What pino would make of a first argument: an error under `error`, Node's req/res through pino's serializers. */
function asFields(first: object): object {
  if (first instanceof Error) return { error: first };
  const candidate = first as { method?: unknown; headers?: unknown; socket?: unknown; setHeader?: unknown };
  if (candidate.method && candidate.headers && candidate.socket)
    return { req: pino.stdSerializers.req(first as never) };
  if (typeof candidate.setHeader === 'function') return { res: pino.stdSerializers.res(first as never) };
  return first;
}

/**
 * pino's `base`: `logger` and `pid` (head fields, see line.ts), then hostname, thread id and the
 * constant fields (the bindings of every line), made safe, with head-field names renamed.
 */
function baseFields(name: string, resolved: ResolvedLoggerOptions, serializer: Serializer): Record<string, unknown> {
  const base: Record<string, unknown> = { logger: name, pid: process.pid };
  if (resolved.hostname) base.hostname = nodeBuiltin('node:os').hostname();
  if (resolved.threadId) base.thread_id = nodeBuiltin('node:worker_threads').threadId;
  serializer.assignFields(base, resolved.fields);
  return base;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Makes the bindings of `child` and `setBindings` JSON-safe and redacted, like the fields of a
 * call. pino writes a child's bindings as they are (its `bindings` formatter runs for `base`
 * only: a child gets an identity one), so a secret would be written in clear and a BigInt as a
 * number. Set on the pino instance, both methods are inherited by every logger made from it:
 * children at any depth, and the children carrying a context (see context-binding.ts). Bindings
 * are written once per child, so the lines themselves cost nothing more; a plain object of
 * short primitives, such as a request context, is passed on as it is.
 */
function serializeBindings(instance: PinoLogger, serializer: Serializer): void {
  const methods = instance as unknown as {
    child: (this: PinoLogger, bindings: Bindings, options?: ChildLoggerOptions) => PinoLogger;
    setBindings: (this: PinoLogger, bindings: Bindings) => void;
  };
  const { child, setBindings } = methods;
  const safe = (bindings: Bindings): Bindings =>
    typeof bindings !== 'object' || bindings === null || serializer.isSafe(bindings)
      ? bindings
      : serializer.copy(bindings);
  methods.child = function safeChild(bindings, options) {
    return child.call(this, safe(bindings), options);
  };
  methods.setBindings = function safeSetBindings(bindings) {
    setBindings.call(this, safe(bindings));
  };
}

/**
 * Where lines go when no destination is given: stdout (file descriptor 1), or on Cloudflare
 * Workers, which has no file descriptor 1, `console.log` (one call per line, as a Worker writes
 * its logs).
 */
function defaultDestination(): DestinationStream {
  if (onCloudflareWorkers()) return { write: (line: string) => console.log(line.trimEnd()) };
  return pino.destination({ dest: 1, sync: true });
}

function build(resolved: ResolvedLoggerOptions): Built {
  const serializer = createSerializer(resolved.serialize, createRedactor(resolved.redact));
  const { redactor } = serializer;
  const destination: DestinationStream | NodeJS.WritableStream =
    resolved.pretty !== false
      ? prettyStream(resolved.pretty, resolved.destination)
      : typeof resolved.destination === 'object'
        ? resolved.destination
        : resolved.destination === undefined
          ? defaultDestination()
          : pino.destination({ dest: resolved.destination, sync: true });

  /** The child of `logger` carrying the current context (itself outside any context), and its live fields. */
  function contextTarget(logger: PinoLogger): {
    target: PinoLogger;
    live?: { context: LogContext; keys: readonly string[] };
  } {
    const context = getContext();
    if (context === EMPTY_CONTEXT) return { target: logger };
    const bound = bindContext(logger, context);
    return bound.live.length > 0
      ? { target: bound.logger, live: { context, keys: bound.live } }
      : { target: bound.logger };
  }

  /**
   * Everything pino needs is prepared here, before pino sees the call: the context (the fixed
   * fields are the bindings of a cached child logger, see context-binding.ts), then, per line,
   * live context fields, trace ids, caller and the call's own fields, JSON-safe, redacted and
   * with head-field names renamed (head-fields.ts); and the message, one string, printf
   * arguments filled in and cut like any string (line.ts). pino gets `(fields, message)` or
   * `(message)`. A plain object of short primitives with no extra field is passed on as it is.
   */
  function logMethod(this: PinoLogger, args: Parameters<LogFn>, method: (...a: unknown[]) => void): void {
    try {
      const caller = resolved.caller ? callerOf(logMethod) : undefined;
      const { target, live } = resolved.context ? contextTarget(this) : { target: this, live: undefined };
      const trace = resolved.trace ? activeTraceFields() : undefined;
      const list = args as unknown[];
      const first = list[0];
      const hasFields = typeof first === 'object' && first !== null;
      // As pino reads a call: fields first when the first argument is an object (null and
      // undefined stand for no fields), then the message and its printf arguments.
      const at = hasFields || first === null || first === undefined ? 1 : 0;
      let message = list.length > at ? messageText(serializer, list, at) : undefined;
      let fields = hasFields ? asFields(first as object) : undefined;
      let copied = fields !== first;
      // A `message` field is the message of a call that has none (else it is kept as field_message).
      if (fields !== undefined && message === undefined && hasOwn(fields, 'message')) {
        const { message: fromFields, ...rest } = fields as Record<string, unknown>;
        message = messageText(serializer, [fromFields], 0);
        fields = rest;
        copied = false;
      }
      // Every line has a message: the call's, else an error's own (scrubbed of credentials), else empty.
      message ??= first instanceof Error ? messageText(serializer, [redactor.scrubText(String(first.message))], 0) : '';
      let out: object | undefined;
      if (trace === undefined && caller === undefined && live === undefined) {
        if (fields !== undefined) out = !copied && serializer.isSafe(fields) ? fields : serializer.copy(fields);
      } else {
        const all: Record<string, unknown> = {};
        if (live !== undefined) serializer.assignKeys(all, live.context, live.keys);
        if (trace !== undefined) Object.assign(all, trace);
        if (caller !== undefined) Object.assign(all, caller);
        if (fields !== undefined) serializer.assignFields(all, fields);
        out = all;
      }
      if (out === undefined) method.call(target, message);
      else method.call(target, out, message);
    } catch (error) {
      method.apply(this, [
        { log_error: serializer.value(error) },
        'a log line could not be written as given; its fields were dropped',
      ]);
    }
  }

  const cache = new Map<string, Logger>();
  function named(name: string): Logger {
    let logger = cache.get(name);
    if (logger === undefined) {
      logger = create(name);
      cache.set(name, logger);
    }
    return logger;
  }

  function create(name: string): Logger {
    const instance = pino(
      {
        level: resolved.pinoLevel,
        messageKey: 'message',
        errorKey: 'error',
        base: baseFields(name, resolved, serializer),
        timestamp: timestampField,
        formatters: {
          // The level's name (line.ts). No `bindings` formatter: `base` is made safe by
          // baseFields, and children by serializeBindings.
          level: levelField,
        },
        serializers: { err: passThrough },
        hooks: { logMethod },
      },
      destination as DestinationStream,
    );
    serializeBindings(instance, serializer);
    // `warning` and `critical` become real levels sharing the values of `warn` and `fatal`, so
    // they are methods, can be set as `logger.level` and are checked by `isLevelEnabled`.
    const values = instance.levels.values as Record<string, number>;
    values.warning = values.warn!;
    values.critical = values.fatal!;
    instance.level = resolved.pinoLevel;
    // pino's root instance holds so many properties that V8 keeps it in (slow) dictionary mode;
    // a child starts with a fresh, fast shape, and the per-line work reads its properties.
    const logger = instance.child({}) as unknown as Logger;
    NAMED.set(logger, named);
    return logger;
  }

  return { logger: named(resolved.name), named };
}

/**
 * Creates a contextual JSON logger on pino. Each call writes one line:
 *
 * ```json
 * {"timestamp":"2025-01-19T10:30:45.123456Z","level":"info","logger":"transcoder",
 *  "message":"Job created successfully","pid":42,"request_id":"9b2…","job_id":"abc123",
 *  "trace_id":"…","span_id":"…","trace_flags":"01","output":"720p"}
 * ```
 *
 * The keys come in this order: `timestamp`, ISO 8601 UTC with microseconds; `level`, a name
 * (`debug`, `info`, `warning`, `error`, `critical`); `logger`; `message`, always a string
 * (empty when the call has none); `pid`; then the fields of the current {@link withContext}
 * scope, the active OpenTelemetry span's ids, and the fields passed to the call. Errors
 * anywhere (`logger.error(err)` or `{ error: err }`) are written with `type`, `message`,
 * `stack`, `cause` and AggregateError `errors`. Writing never throws: circular
 * objects, BigInt, Buffers, Maps, Sets, Dates, throwing getters and `toJSON` are made safe;
 * long strings and deep objects are cut. Secret keys (authorization, cookie, set-cookie,
 * x-api-key, password, secret, token, apiKey) are redacted at any depth.
 *
 * With `caller: true`, lines also carry `file`, `line` and `function` of the call site, at a
 * cost of a stack capture per line: about 8 µs, a tenth of the throughput (see docs/performance.md).
 *
 * @param options - See {@link LoggerOptions}; every option has a default.
 * @returns A pino logger with `warning` and `critical` methods.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` naming the first bad option.
 * @example
 * ```ts
 * import { createLogger, withContext } from '@transcode-flow/observability';
 *
 * const logger = createLogger({ name: 'transcoder', level: 'debug', redact: ['ssn'] });
 * logger.info({ output: '720p' }, 'Job created successfully');
 * await withContext({ job_id: 'abc123' }, async () => {
 *   logger.warning('slow transcode');
 *   logger.error(new Error('ffmpeg exited with code 1'), 'transcode failed');
 * });
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return build(resolveLoggerOptions(options)).logger;
}

/**
 * The logger of the same settings and destination as `logger`, writing `name` as its `logger`
 * field (cached per name).
 */
export function namedLogger(logger: Logger, name: string): Logger {
  const named = NAMED.get(logger);
  return named === undefined ? logger.child({ logger: name }) : named(name);
}
