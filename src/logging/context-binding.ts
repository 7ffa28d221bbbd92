import type { Logger as PinoLogger } from 'pino';
import type { LogContext } from './context.js';

/**
 * A context bound to a logger: a pino child whose bindings are the context's fixed fields,
 * serialized once, plus the names of its live fields (getters, such as a route known only
 * after routing), which are read on every line.
 */
interface BoundContext {
  readonly logger: PinoLogger;
  readonly live: readonly string[];
}

// Contexts are frozen and replaced (never changed) when fields are added, so the identity of
// a context object is a valid cache key; entries go away with the context.
const bound = new WeakMap<LogContext, Map<PinoLogger, BoundContext>>();

/** The child of `logger` that carries `context`, made on first use and cached for the context's life. */
export function bindContext(logger: PinoLogger, context: LogContext): BoundContext {
  let perLogger = bound.get(context);
  if (perLogger === undefined) {
    perLogger = new Map();
    bound.set(context, perLogger);
  }
  let entry = perLogger.get(logger);
  if (entry === undefined) {
    const fixed: Record<string, unknown> = {};
    const live: string[] = [];
    let fixedCount = 0;
    for (const [key, descriptor] of Object.entries(Object.getOwnPropertyDescriptors(context))) {
      if (!descriptor.enumerable) continue;
      if (descriptor.get !== undefined) live.push(key);
      else {
        fixed[key] = descriptor.value;
        fixedCount++;
      }
    }
    entry = { logger: fixedCount === 0 ? logger : logger.child(fixed), live };
    perLogger.set(logger, entry);
  }
  return entry;
}
