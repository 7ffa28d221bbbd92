import type { IncomingMessage, ServerResponse } from 'node:http';

/** The status recorded for a client that closed the connection before the response was sent (as nginx logs it). */
export const CLIENT_CLOSED_STATUS = 499;

/**
 * What every HTTP adapter knows about a request when it hands it to the downstream
 * handlers. It is the one extension point between the HTTP adapters and request-scoped
 * features (logging context, request ids, access logs), so those features are added through
 * {@link RequestHooks} without touching any adapter.
 */
export interface RequestScope {
  /** Node's request object (for Hono on `@hono/node-server`: `c.env.incoming`). */
  readonly request: IncomingMessage;
  /**
   * Node's response object (for Hono on `@hono/node-server`: `c.env.outgoing`); `undefined`
   * where no Node response exists (Hono on Bun, Deno, Workers or `app.request`).
   */
  readonly response: ServerResponse | undefined;
  /** The bounded `method` label of the request (`GET`, …, or `OTHER`). */
  readonly method: string;
  /**
   * The route template, once the framework knows it: at once on Fastify, after routing on
   * Express, Koa and Hono. Returns `undefined` while unknown and for unmatched requests.
   */
  route(): string | undefined;
  /**
   * Sets a response header before the response is written, the way the framework does (so that
   * Fastify and Hono keep writing their headers in one `writeHead`). Does nothing once sent.
   */
  setHeader(name: string, value: string): void;
  /**
   * The framework's own id of the request, when it makes one (Fastify's `request.id`, from its
   * `genReqId`): used as the request id when no valid `x-request-id` came, so that the
   * framework's log lines and ours carry one id. Absent or `undefined`: a new id is made.
   */
  frameworkId?(): string | undefined;
  /** `performance.now()` when recording began: the start of the recorded duration. */
  readonly start: number;
  /**
   * Calls `listener` once, after the request was recorded: with the status it was recorded
   * with (499 for a client that closed early, 500 for a handler that threw and sent nothing)
   * and whether the response completed. A listener that throws loses only its own work.
   */
  onEnd(listener: (status: number, completed: boolean) => void): void;
}

/**
 * The request-scoped features of one observability object, which its HTTP adapters call for
 * every request they record: `observability.requestHooks`, built by `createObservability` from
 * its own logger and `accessLog` option (see `src/core/http/request-logging.ts`). Because each
 * object carries its own hooks, several observability objects in one process each log as
 * themselves: nothing is kept in module state.
 *
 * Contract for implementers: never throw; never swallow what `next` throws or rejects with (so
 * the framework's own error handling still runs); call `next` exactly once, synchronously, and
 * return its result; key anything kept per request on `scope.request` or carry it with
 * AsyncLocalStorage, since the adapters share no other state.
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 *
 * const observability = createObservability({ serviceName: 'api' });
 * // What an adapter does with each request it records (`scope` comes from the recorder):
 * // observability.requestHooks.run(scope, next);
 * console.log(typeof observability.requestHooks.run); // 'function'
 * ```
 */
export interface RequestHooks {
  /**
   * Runs the downstream handlers of a next-style middleware (Express, Koa, Hono) inside the
   * request's scope and returns what `next` returns (a promise on Koa and Hono), unchanged.
   */
  readonly run: <T>(scope: RequestScope, next: () => T) => T;
  /**
   * Enters the request's scope from a hook-style framework (Fastify's `onRequest`), for the rest
   * of the request's asynchronous execution (AsyncLocalStorage `enterWith`).
   */
  readonly enter: (scope: RequestScope) => void;
}
