import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';
import type { RequestScope } from '../../core/http/request-scope.js';
import { callSafely } from '../../core/safe-call.js';

/**
 * The request scope of a Hono request that has no Node http objects (Bun, Deno, Cloudflare
 * Workers, `app.request`): the same logging context, request id and access log as on
 * `@hono/node-server`, from the fetch `Request` and Hono's context. Its caller ends it with
 * {@link FetchRequestScope.finish} once the handlers returned.
 */
interface FetchRequestScope extends RequestScope {
  /**
   * Writes the headers the request hooks set (the request id) onto the response, then tells the
   * end listeners (the access log). Call once, after the handlers returned or threw. Never throws.
   */
  finish(status: number, completed: boolean): void;
}

/**
 * What the request hooks read of Node's request, made from the fetch `Request`: lower-case
 * header names (as Node's `IncomingMessage.headers`), the request target, and no socket (so no
 * byte count, as on HTTP/2).
 */
function requestView(c: Context): IncomingMessage {
  const url = c.req.url;
  const pathStart = url.indexOf('/', url.indexOf('//') + 2);
  return {
    headers: Object.fromEntries(c.req.raw.headers),
    url: pathStart === -1 ? '/' : url.slice(pathStart),
    method: c.req.method,
    httpVersionMajor: 1,
    socket: null,
  } as unknown as IncomingMessage;
}

/**
 * Builds the scope of one fetch-runtime request. `method` is the bounded label the recorder
 * chose; `route` reads the route that answered (after `next()`).
 */
export function fetchRequestScope(c: Context, method: string, route: () => string | undefined): FetchRequestScope {
  let headers: [string, string][] | undefined;
  let listeners: ((status: number, completed: boolean) => void)[] | undefined;
  return {
    request: requestView(c),
    // No Node response exists here; the request hooks reach the response through setHeader only.
    response: undefined,
    method,
    start: performance.now(),
    route,
    setHeader(name, value) {
      // Written after the handlers returned: Hono then owns a response whose headers it can copy.
      (headers ??= []).push([name, value]);
    },
    onEnd(listener) {
      (listeners ??= []).push(listener);
    },
    finish(status, completed) {
      if (headers !== undefined) {
        for (const [name, value] of headers) {
          try {
            c.header(name, value);
          } catch {
            // A response whose headers cannot be set (a 101 upgrade) keeps its own.
          }
        }
      }
      if (listeners === undefined) return;
      // A request-scoped feature (the access log) must never break the request.
      for (const listener of listeners) callSafely(listener, status, completed);
    },
  };
}
