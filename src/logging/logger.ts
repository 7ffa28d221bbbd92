import { threadId } from 'node:worker_threads';
import { hostname } from 'node:os';
import { pino, type DestinationStream, type LogFn, type Logger as PinoLogger } from 'pino';
import { callerOf, type CallerFields } from './caller.js';
import { getContext } from './context.js';
import { levelName } from './levels.js';
import { resolveLoggerOptions, type LoggerOptions, type ResolvedLoggerOptions } from './logger-options.js';
import { activeTraceFields } from './otel.js';
import { prettyStream } from './pretty.js';
import { createRedactor } from './redaction.js';
import { createSerializer, type Serializer } from './serialize.js';
import { isoMicroseconds } from './timestamp.js';

/**
 * A pino logger whose lines carry the report's fields. `warning` and `critical` are methods
 * of their own (pino's `warn` and `fatal` stay as aliases), and children keep them.
 */
export type Logger = PinoLogger<'warning' | 'critical'>;

const NAMED = Symbol('transcode-flow.named-logger');
const NO_MIXIN = Object.freeze({});

interface Built {
  logger: Logger;
  named(name: string): Logger;
}

function passThrough(value: unknown): unknown {
  return value;
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

  // The caller found by the log-method hook, read by the merge below in the same synchronous call.
  let pendingCaller: CallerFields | undefined;

  function merge(mergeObject: object): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (resolved.context) serializer.assignFields(out, getContext());
    if (resolved.trace) {
      const trace = activeTraceFields();
      if (trace !== undefined) Object.assign(out, trace);
    }
    if (pendingCaller !== undefined) Object.assign(out, pendingCaller);
    serializer.assignFields(out, mergeObject);
    return out;
  }

  function logMethod(this: PinoLogger, args: Parameters<LogFn>, method: (...a: unknown[]) => void): void {
    try {
      if (resolved.caller) pendingCaller = callerOf(logMethod);
      const [first, second] = args as unknown[];
      // Every line has a message: a call with fields only gets an empty one.
      if (args.length === 0) (args as unknown[]).push('');
      else if (args.length === 1 && typeof first === 'object' && first !== null && !(first instanceof Error)) {
        if (!Object.prototype.hasOwnProperty.call(first, 'message')) (args as unknown[]).push('');
      }
      // pino takes an error's message as the line's message: scrub credentials from it first.
      if (first instanceof Error && second === undefined) {
        method.apply(this, [first, redactor.scrubText(String(first.message))]);
      } else {
        method.apply(this, args);
      }
    } catch (error) {
      method.apply(this, [
        { log_error: serializer.value(error) },
        'a log line could not be written as given; its fields were dropped',
      ]);
    } finally {
      pendingCaller = undefined;
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
        timestamp: () => `,"timestamp":"${isoMicroseconds()}"`,
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
        mixin: () => NO_MIXIN,
        mixinMergeStrategy: merge,
      },
      destination as DestinationStream,
    );
    // `warning` and `critical` become real levels sharing the values of `warn` and `fatal`, so
    // they are methods, can be set as `logger.level` and are checked by `isLevelEnabled`.
    const values = instance.levels.values as Record<string, number>;
    values.warning = values.warn!;
    values.critical = values.fatal!;
    instance.level = resolved.pinoLevel;
    const logger = instance as unknown as Logger;
    Object.defineProperty(logger, NAMED, { value: named });
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
 * cost of about 1–2 µs per line (see docs/performance.md).
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
  const named = (logger as unknown as Record<symbol, ((n: string) => Logger) | undefined>)[NAMED];
  return named === undefined ? logger.child({ logger: name }) : named(name);
}
