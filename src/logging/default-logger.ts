import { createLogger, namedLogger, type Logger } from './logger.js';

let defaultLogger: Logger | undefined;

/**
 * Makes `logger` the one {@link getLogger} returns. `createObservability` calls it with its
 * own logger, so after it `getLogger()` needs no setup.
 *
 * @param logger - A logger made by {@link createLogger}.
 * @example
 * ```ts
 * import { createLogger, getLogger, setDefaultLogger } from '@transcode-flow/observability';
 *
 * setDefaultLogger(createLogger({ name: 'transcoder', level: 'debug' }));
 * getLogger('jobs').debug('ready');
 * ```
 */
export function setDefaultLogger(logger: Logger): void {
  defaultLogger = logger;
}

/**
 * The contextual logger, without passing one around: the default logger (the one of the last
 * `createObservability`, or set by {@link setDefaultLogger}, else `createLogger()` with its
 * defaults), or, given a `name`, a logger with the same settings and destination whose lines
 * carry `"logger": name`. Its lines carry the fields of the current {@link withContext} scope.
 *
 * @param name - The `logger` field of its lines (e.g. a module name). Default: the default logger's name.
 * @example
 * ```ts
 * import { getLogger } from '@transcode-flow/observability';
 *
 * const log = getLogger('transcoder.jobs');
 * log.info({ job_id: 'abc123' }, 'Job created successfully');
 * ```
 */
export function getLogger(name?: string): Logger {
  defaultLogger ??= createLogger();
  return name === undefined ? defaultLogger : namedLogger(defaultLogger, name);
}
