/**
 * How the core reads and writes what only the framework knows, through what the adapter keeps
 * for a request (its `source`: Express's request, Koa's or Hono's context, Fastify's reply). One
 * object per adapter, so that no closure is made per request.
 */
export interface FrameworkAccess<S> {
  /**
   * The matched route template, once routing is done (`undefined` while unknown or when no route
   * matched). Absent: the route the adapter knew when the request began (Fastify).
   */
  readonly template?: (source: S) => string | undefined;
  /**
   * Sets a response header the framework's way. Absent: Node's `response.setHeader`. Fastify and
   * Hono keep their headers and write them all at once with `writeHead(status, headers)`; a header
   * set on Node's response before that sends `writeHead` down its slower merging path.
   */
  readonly setHeader?: (source: S, name: string, value: string) => void;
  /** The framework's own id of the request (Fastify's `request.id`). Absent: the framework makes none. */
  readonly requestId?: (source: S) => string | undefined;
  /**
   * The framework's own request, as the user's `customLabels` receives it (Fastify's
   * `reply.request`). Absent: the source itself (Express's request, Koa's or Hono's context).
   */
  readonly native?: (source: S) => unknown;
}
