import { threadId } from 'node:worker_threads';
import { hostname } from 'node:os';
import { pino, type DestinationStream, type LogFn, type Logger as PinoLogger } from 'pino';
import { callerOf } from './caller.js';
import { bindContext } from './context-binding.js';
import { EMPTY_CONTEXT, getContext, type LogContext } from './context.js';
import { levelName } from './levels.js';
import { resolveLoggerOptions, type LoggerOptions, type ResolvedLoggerOptions } from './logger-options.js';
import { activeTraceFields } from './otel.js';
import { prettyStream } from './pretty.js';
import { createRedactor } from './redaction.js';
import { createSerializer, type Serializer } from './serialize.js';
import { timestampField } from './timestamp.js';

/**
 * A pino logger whose lines carry the report's fields. `warning` and `critical` are methods
 * of their own (pino's `warn` and `fatal` stay as aliases), and children keep them.
 *
 * @example
 * ```ts
 * import { createLogger, type Logger } from '@transcode-flow/observability';
 *
 * const logger: Logger = createLogger({ name: 'api' });
 * logger.child({ component: 'uploads' }).warning('slow upload');
 * ```
 */
export type Logger = PinoLogger<'warning' | 'critical'>;

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

function lineFields(resolved: ResolvedLoggerOptions, serializer: Serializer, name: string): Record<string, unknown> {
  const base: Record<string, unknown> = { pid: process.pid, logger: name };
  if (resolved.hostname) base.hostname = hostname();
  if (resolved.threadId) base.thread_id = threadId;
  serializer.assignFields(base, resolved.fields);
  return base;
}

function build(resolved: ResolvedLoggerOptions): Built {
  const serializer = createSerializer(resolved.serialize, createRedactor(resolved.redact));
  const { redactor } = serializer;
  const destination: DestinationStream | NodeJS.WritableStream =
    resolved.pretty !== false
      ? prettyStream(resolved.pretty, resolved.destination)
      : typeof resolved.destination === 'object'
        ? resolved.destination
        : pino.destination({ dest: resolved.destination ?? 1, sync: true });

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
   * live context fields, trace ids, caller and the call's own fields, JSON-safe and redacted.
   * A plain object of short primitives with no extra field is passed on as it is.
   */
  function logMethod(this: PinoLogger, args: Parameters<LogFn>, method: (...a: unknown[]) => void): void {
    try {
      const caller = resolved.caller ? callerOf(logMethod) : undefined;
      const { target, live } = resolved.context ? contextTarget(this) : { target: this, live: undefined };
      const trace = resolved.trace ? activeTraceFields() : undefined;
      const list = args as unknown[];
      let fields = list[0];
      const hasFields = typeof fields === 'object' && fields !== null;
      if (hasFields) {
        fields = asFields(fields as object);
        // Every line has a message: an error's own (scrubbed of credentials), else an empty one.
        if (list.length === 1) {
          const first = list[0];
          if (first instanceof Error) list.push(redactor.scrubText(String(first.message)));
          else if (!Object.prototype.hasOwnProperty.call(first, 'message')) list.push('');
        }
      } else if (list.length === 0) list.push('');
      if (trace === undefined && caller === undefined && live === undefined) {
        if (hasFields)
          list[0] =
            fields === list[0] && serializer.isSafe(fields as object) ? fields : serializer.copy(fields as object);
      } else {
        const out: Record<string, unknown> = {};
        if (live !== undefined) serializer.assignKeys(out, live.context, live.keys);
        if (trace !== undefined) Object.assign(out, trace);
        if (caller !== undefined) Object.assign(out, caller);
        if (hasFields) {
          serializer.assignFields(out, fields as object);
          list[0] = out;
        } else list.unshift(out);
      }
      method.apply(target, list);
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
        base: lineFields(resolved, serializer, name),
        timestamp: timestampField,
        formatters: {
          level: (_label, value) => ({ level: levelName(value) }),
          bindings: (bindings) => {
            const safe: Record<string, unknown> = {};
            serializer.assignFields(safe, bindings);
            return safe;
          },
        },
        serializers: { err: passThrough },
        hooks: { logMethod },
      },
      destination as DestinationStream,
    );
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
 * {"level":"info","timestamp":"2025-01-19T10:30:45.123456Z","pid":42,"logger":"transcoder",
 *  "request_id":"9b2…","job_id":"abc123","trace_id":"…","span_id":"…","trace_flags":"01",
 *  "output":"720p","message":"Job created successfully"}
 * ```
 *
 * `timestamp` is ISO 8601 UTC with microseconds; `level` is a name (`debug`, `info`,
 * `warning`, `error`, `critical`); then `pid`, `logger`, the fields of the current
 * {@link withContext} scope, the active OpenTelemetry span's ids, and the fields passed to the
 * call. Errors anywhere (`logger.error(err)` or `{ error: err }`) are written with `type`,
 * `message`, `stack`, `cause` and AggregateError `errors`. Writing never throws: circular
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
