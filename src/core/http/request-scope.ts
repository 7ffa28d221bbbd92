import type { IncomingMessage, ServerResponse } from 'node:http';
import { enterRequestContext, runInRequestContext } from '../../logging/http-context.js';
import type { Logger } from '../../logging/logger.js';

/**
 * What every HTTP adapter knows about a request when it hands it to the downstream
 * handlers. It is the one extension point between the HTTP adapters and request-scoped
 * features (logging context, request ids, access logs: issue 5), so those features are
 * added here without touching any adapter.
 */
export interface RequestScope {
  /** Node's request object (for Hono on `@hono/node-server`: `c.env.incoming`). */
  readonly request: IncomingMessage;
  /** Node's response object (for Hono on `@hono/node-server`: `c.env.outgoing`). */
  readonly response: ServerResponse;
  /** The bounded `method` label of the request (`GET`, …, or `OTHER`). */
  readonly method: string;
  /**
   * The route template, once the framework knows it: at once on Fastify, after routing on
   * Express, Koa and Hono. Returns `undefined` while unknown and for unmatched requests.
   */
  route(): string | undefined;
  /**
   * `observability.logger` of the object the adapter was made with, so that its access lines
   * and settings are used even when several observability objects exist. Optional: without it,
   * the logger of the last `createObservability()` is used.
   */
  readonly logger?: Logger;
  /**
   * Sets a response header before the response is written, the way the framework does (so that
   * Fastify and Hono keep writing their headers in one `writeHead`). Does nothing once sent.
   */
  setHeader(name: string, value: string): void;
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
 * Runs the downstream handlers of a next-style middleware (Express, Koa, Hono) inside the
 * request's scope and returns what `next` returns (a promise on Koa and Hono), unchanged.
 *
 * The request runs in its logging context (`request_id` from a valid incoming `x-request-id`,
 * else generated, and echoed in the response; `method`; `route`; `api_key_prefix`), and one
 * access-log line is written when the response finishes (see `src/logging/http-context.ts`).
 *
 * Contract for implementers: call `next` exactly once, synchronously, and return its result;
 * never throw and never swallow what `next` throws or rejects with, so the framework's own
 * error handling still runs. Anything set up here must be keyed on `scope.request` or
 * carried by AsyncLocalStorage, since the adapters share no other state.
 *
 * @param scope - The request, its response, its method label and a reader for its route.
 * @param next - The framework's `next` (bound so it needs no arguments).
 */
export function runInRequestScope<T>(scope: RequestScope, next: () => T): T {
  return runInRequestContext(scope, next);
}

/**
 * Enters the request's scope from a hook-style framework (Fastify's `onRequest`), for the
 * rest of the request's asynchronous execution.
 *
 * Contract for implementers: never throw; anything entered must follow the request's async
 * context (e.g. `AsyncLocalStorage.enterWith`), since Fastify runs the handler from this hook.
 *
 * @param scope - The request, its response, its method label and a reader for its route.
 */
export function enterRequestScope(scope: RequestScope): void {
  enterRequestContext(scope);
}
