import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from './logger-type.js';

/**
 * The fields of the current logging context: a frozen, read-only object whose fields are added
 * to every line a contextual logger writes.
 *
 * @example
 * ```ts
 * import { getContext, type LogContext } from '@transcode-flow/observability';
 *
 * const context: LogContext = getContext();
 * console.log(context.request_id);
 * ```
 */
export type LogContext = Readonly<Record<string, unknown>>;

/**
 * One context scope. `fields` is replaced (never mutated) by {@link addContext}. `logger` is
 * the logger of the observability object that opened the scope (an HTTP request, a job): what
 * `getLogger()` returns inside it. Nested scopes inherit it.
 */
interface Scope {
  fields: LogContext;
  readonly logger: Logger | undefined;
}

/** The context outside any scope. */
export const EMPTY_CONTEXT: LogContext = Object.freeze({});
const EMPTY = EMPTY_CONTEXT;
const storage = new AsyncLocalStorage<Scope>();

/** Parent and new fields in a frozen object; getters are kept, so a field can stay live (e.g. a route). */
function merged(parent: LogContext | undefined, fields: Readonly<Record<string, unknown>>): LogContext {
  // A frozen object with no parent to merge is already what a context is: keep it (no copy).
  if ((parent === undefined || parent === EMPTY) && Object.isFrozen(fields)) return fields;
  const descriptors = Object.getOwnPropertyDescriptors(fields);
  if (parent === undefined || parent === EMPTY) return Object.freeze(Object.defineProperties({}, descriptors));
  return Object.freeze(Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(parent), ...descriptors }));
}

/**
 * Runs `fn` with `fields` added to the logging context, and returns what `fn` returns (a
 * promise for an async `fn`). Contexts nest: the inner one holds the outer fields plus its
 * own, an inner field winning over an outer one of the same name; the outer context is
 * unchanged once `fn` returns. The context follows every asynchronous continuation started
 * inside `fn`: `await`, promises, timers, `setImmediate`, `process.nextTick` and event-emitter
 * listeners called from inside it. See docs/logging.md for where it cannot follow (and why).
 *
 * @param fields - Fields to add to every line logged inside `fn` (e.g. `{ job_id, queue }`).
 * @param fn - The function to run; sync or async.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { createLogger, withContext } from '@transcode-flow/observability';
 *
 * const logger = createLogger({ name: 'worker' });
 * await withContext({ job_id: 'abc123', queue: 'transcode' }, async () => {
 *   logger.info('job started'); // the line carries job_id and queue
 * });
 * ```
 */
export function withContext<T>(fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  const parent = storage.getStore();
  return storage.run({ fields: merged(parent?.fields, fields), logger: parent?.logger }, fn);
}

/**
 * Like {@link withContext}, and `getLogger()` inside `fn` returns `logger` (or, given a name,
 * a logger of its settings): for the parts of the SDK that run a unit of work for one
 * observability object (a job, a transcode), so that its lines are written as that object's
 * even when several exist in the process.
 *
 * @param logger - The logger of the unit of work (`observability.logger`).
 * @param fields - Fields to add to every line logged inside `fn`.
 * @param fn - The function to run; sync or async.
 * @returns What `fn` returns.
 */
export function withLoggerContext<T>(logger: Logger, fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  return storage.run({ fields: merged(storage.getStore()?.fields, fields), logger }, fn);
}

/**
 * Runs `fn` in a new root context holding only `fields`, ignoring any context around the call.
 * For integrations that start a unit of work (an HTTP request, a job) and must not inherit
 * fields from whatever code happened to create the server or the worker.
 *
 * @param fields - The fields of the new context.
 * @param fn - The function to run; sync or async.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { runWithContext, getContext } from '@transcode-flow/observability';
 *
 * runWithContext({ request_id: 'r-1' }, () => getContext()); // { request_id: 'r-1' }
 * ```
 */
export function runWithContext<T>(fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  return storage.run({ fields: merged(undefined, fields), logger: undefined }, fn);
}

/**
 * Runs `fn` in a new root context holding only `fields`, in which `getLogger()` returns
 * `logger`: how an HTTP request of one observability object starts.
 */
export function runInRootScope<T>(logger: Logger, fields: Readonly<Record<string, unknown>>, fn: () => T): T {
  return storage.run({ fields: merged(undefined, fields), logger }, fn);
}

/** What makes the fields of a {@link LazyScope}: an HTTP request's id, method, live route, ... */
export interface ContextSource {
  /** The fields of the context, frozen; called at most once, on first read. */
  contextFields(): LogContext;
}

/**
 * A root scope whose fields are made on first read: most requests never log inside their
 * handlers, so their context object (with its live `route` getter) is never built.
 */
class LazyScope implements Scope {
  private made: LogContext | undefined = undefined;

  constructor(
    readonly logger: Logger,
    private readonly source: ContextSource,
  ) {}

  get fields(): LogContext {
    return (this.made ??= merged(undefined, this.source.contextFields()));
  }

  set fields(fields: LogContext) {
    this.made = fields;
  }
}

/**
 * Like {@link runInRootScope}, with the fields made by `source` the first time anything reads
 * the context (a log line, `getContext()`, a nested context): how an HTTP request starts.
 */
export function runInLazyRootScope<T>(logger: Logger, source: ContextSource, fn: () => T): T {
  return storage.run(new LazyScope(logger, source), fn);
}

/** Like {@link enterRootScope}, with the fields made by `source` on first read (see {@link runInLazyRootScope}). */
export function enterLazyRootScope(logger: Logger, source: ContextSource): void {
  storage.enterWith(new LazyScope(logger, source));
}

/**
 * Leaves every context for the rest of the current synchronous execution and the asynchronous
 * work it starts, as {@link enterLazyRootScope} enters one. For hook-based frameworks (Fastify's
 * `onRequest`): on Node 20 and 22 a context entered for one request stays on the connection's
 * async resource, so a request the SDK does not record would otherwise run in the context of the
 * request before it on the same keep-alive connection.
 */
export function leaveContext(): void {
  storage.enterWith(undefined as unknown as Scope);
}

/** How many {@link runWithoutContext} calls are running now (synchronous: they nest, never interleave). */
let outside = 0;

/**
 * Runs `fn` outside any context, synchronously: the lines it writes before it returns carry only
 * the fields given to each call, and `getLogger()` gives the default logger. For lines that carry
 * their own fields in full (the access log), so that no child logger is made for them and no
 * surrounding context leaks in. A counter, not a new AsyncLocalStorage scope: entering a scope
 * costs an allocation per line on Node 22 and later (AsyncContextFrame), and the write is
 * synchronous; what `fn` starts asynchronously sees the context it was started in.
 */
export function runWithoutContext<T>(fn: () => T): T {
  outside++;
  try {
    return fn();
  } finally {
    outside--;
  }
}

/**
 * Enters a new context holding the current fields plus `fields` for the rest of the current
 * synchronous execution and every asynchronous continuation it starts. Meant for hook-based
 * frameworks (Fastify's `onRequest`) where the rest of the work cannot be wrapped in a
 * function; prefer {@link withContext} everywhere else, since the entered context has no end.
 *
 * @param fields - The fields to add.
 * @example
 * ```ts
 * import { enterContext, getContext } from '@transcode-flow/observability';
 *
 * enterContext({ request_id: 'r-1' });
 * getContext(); // { request_id: 'r-1' }
 * ```
 */
export function enterContext(fields: Readonly<Record<string, unknown>>): void {
  const parent = storage.getStore();
  storage.enterWith({ fields: merged(parent?.fields, fields), logger: parent?.logger });
}

/**
 * Like {@link enterContext}, but the entered context holds only `fields`, and `getLogger()`
 * returns `logger` in it: for integrations whose hooks may run where an earlier unit of work
 * entered its own context (Fastify enters each request on the connection's async resource,
 * shared by keep-alive requests).
 */
export function enterRootScope(logger: Logger, fields: Readonly<Record<string, unknown>>): void {
  storage.enterWith({ fields: merged(undefined, fields), logger });
}

/**
 * Adds `fields` to the current context scope in place, so that every later line of that scope
 * carries them (e.g. a route known only once routing is done, or a user id after
 * authentication). Contexts already nested inside the scope keep the fields they had when
 * they started. Outside any context, it does nothing and returns `false`.
 *
 * @param fields - The fields to add or overwrite.
 * @returns `true` when a scope was updated, `false` outside any context.
 * @example
 * ```ts
 * import { addContext, withContext } from '@transcode-flow/observability';
 *
 * withContext({ request_id: 'r-1' }, () => {
 *   addContext({ user_id: 'u-42' }); // later lines of this request carry user_id
 * });
 * ```
 */
export function addContext(fields: Readonly<Record<string, unknown>>): boolean {
  const scope = storage.getStore();
  if (scope === undefined) return false;
  scope.fields = merged(scope.fields, fields);
  return true;
}

/**
 * A read-only snapshot of the current context's fields (`{}` outside any context).
 *
 * @returns The frozen fields of the current context.
 * @example
 * ```ts
 * import { getContext, withContext } from '@transcode-flow/observability';
 *
 * withContext({ job_id: 'abc123' }, () => getContext().job_id); // 'abc123'
 * ```
 */
export function getContext(): LogContext {
  return outside > 0 ? EMPTY : (storage.getStore()?.fields ?? EMPTY);
}

/** The logger of the current scope (see {@link withLoggerContext}), `undefined` outside one or when none was given. */
export function scopeLogger(): Logger | undefined {
  return outside > 0 ? undefined : storage.getStore()?.logger;
}
