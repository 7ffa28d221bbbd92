import { scopeLogger } from './context.js';
import { createLogger, namedLogger } from './logger.js';
import type { Logger } from './logger-type.js';

/**
 * The logger {@link getLogger} returns outside any request or job scope, and how it was chosen:
 * set by {@link setDefaultLogger} (`explicit`), the first observability object's (`first`), or
 * made by `createLogger()` on first use because neither was there (`made`). Only the first
 * observability object fills it in, so one created later (a second app in the same process)
 * never changes where the lines of an app already running go.
 */
let defaultLogger: Logger | undefined;
let chosen: 'explicit' | 'first' | 'made' | undefined;

/**
 * Makes `logger` the one {@link getLogger} returns outside any request or job scope. Without
 * this call, that is the logger of the first `createObservability()` of the process (else
 * `createLogger()` with its defaults). Inside the requests and jobs of an observability object,
 * `getLogger()` returns that object's logger, whatever is set here.
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
  chosen = 'explicit';
}

/**
 * Offers the logger of a new observability object as the default: taken only when none was set
 * by {@link setDefaultLogger} or by an earlier observability object.
 */
export function offerDefaultLogger(logger: Logger): void {
  if (chosen === undefined || chosen === 'made') {
    defaultLogger = logger;
    chosen = 'first';
  }
}

/**
 * The contextual logger, without passing one around. Inside a request recorded by an HTTP
 * adapter (or a job or transcode that opened a scope for its observability object), it is that
 * object's `observability.logger`; elsewhere the default logger: the one set by
 * {@link setDefaultLogger}, else the first observability object's, else `createLogger()` with
 * its defaults. Given a `name`, a logger with the same settings and destination whose lines
 * carry `"logger": name`. Its lines carry the fields of the current {@link withContext} scope.
 *
 * @param name - The `logger` field of its lines (e.g. a module name). Default: the logger's own name.
 * @example
 * ```ts
 * import { getLogger } from '@transcode-flow/observability';
 *
 * const log = getLogger('transcoder.jobs');
 * log.info({ job_id: 'abc123' }, 'Job created successfully');
 * ```
 */
export function getLogger(name?: string): Logger {
  let logger = scopeLogger() ?? defaultLogger;
  if (logger === undefined) {
    logger = defaultLogger = createLogger();
    chosen = 'made';
  }
  return name === undefined ? logger : namedLogger(logger, name);
}
