/**
 * `@transcode-flow/observability/hono`: the Hono adapter (Hono 4, on `@hono/node-server` or
 * any runtime). It loads hono only, never another framework.
 *
 * @packageDocumentation
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context, MiddlewareHandler, Next } from 'hono';
import { matchedRoutes } from 'hono/route';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Observability } from '../../core/observability.js';
import { createHttpCore, type EndpointKind } from '../../core/http/http-core.js';
import type { FrameworkAccess } from '../../core/http/framework-access.js';
import { fetchRequestScope } from './fetch-scope.js';
import type { HttpObservabilityOptions } from '../../core/http/http-options.js';

export type {
  HealthCheck,
  HealthCheckFunction,
  HealthCheckResult,
  HealthReport,
} from '../../core/health/health-checks.js';

/**
 * Options of {@link honoObservability}: the options every adapter shares (see
 * `HttpObservabilityOptions`), each with its default:
 * `metricsPath` (`'/metrics'`), `healthPath` (`'/health'`), `detailedHealthPath`
 * (`'/health/detailed'`), `metricsToken` (none), `excludePaths` (`[]`), `pathPatterns` (`[]`),
 * `detectIds` (`false`), `healthChecks` (`{}`), `healthTimeoutMs` (`2000`), `customLabels` (none),
 * `groupStatusCodes` (`false`), `exclude` (none). `customLabels` and `exclude` receive Hono's context `c`.
 *
 * @typeParam L - The label names declared with `createObservability({ httpLabels })`, inferred from the observability object.
 * @example
 * ```ts
 * import type { HonoObservabilityOptions } from '@transcode-flow/observability/hono';
 *
 * const options: HonoObservabilityOptions<'plan'> = {
 *   customLabels: { plan: (c) => c.req.header('x-plan') },
 *   exclude: (c) => c.req.header('user-agent')?.startsWith('kube-probe') === true,
 * };
 * ```
 */
export type HonoObservabilityOptions<L extends string = never> = HttpObservabilityOptions<Context, L>;

/** Node's http objects, as `@hono/node-server` passes them in `c.env`. */
interface NodeBindings {
  incoming?: IncomingMessage;
  outgoing?: ServerResponse;
}

/**
 * The route that answered, read after `next()`. A wildcard `ALL` entry (middleware, or
 * `app.all('/proxy/*')`) names the route unless the answer is the 404 of a request that fell
 * through every handler.
 */
function answeringRoute(c: Context): string | undefined {
  const route = matchedRoutes(c)[c.req.routeIndex];
  if (route === undefined) return undefined;
  if (route.method === 'ALL' && route.path.endsWith('*') && c.res.status === 404) return undefined;
  return route.path;
}

/**
 * The literal prefix the middleware was registered under (`basePath('/api')` registers it at
 * `/api/*`), so the endpoints are served below it; `''` at the root or under a parameter.
 */
function basePathOf(c: Context): string {
  const path = matchedRoutes(c)[c.req.routeIndex]?.path;
  if (path === undefined || path === '/*' || !path.endsWith('/*')) return '';
  const base = path.slice(0, -2);
  return /[:*{(]/.test(base) ? '' : base;
}

/**
 * Hono's route, read after `next()`. Headers go through Node's `setHeader`: measured cheaper than
 * `c.header`, which makes Hono build a `Headers` object for the response.
 */
const HONO_ACCESS: FrameworkAccess<Context> = { template: answeringRoute };

/**
 * Hono middleware that records every request (count, duration and in-flight gauge, labelled
 * `method`, `route` and `status_code`) and serves `/metrics`, `/health` and
 * `/health/detailed`. Use it first: `app.use(honoObservability(observability))`.
 *
 * The route is the path of the route that answered, base path included (`/jobs/:jobId`), read
 * after `next()`; requests no route matched get `__unmatched__` (or a `pathPatterns` match).
 * On `@hono/node-server` the request is recorded on Node's http objects (`c.env.incoming` and
 * `c.env.outgoing`): streamed bodies are timed to the last byte and a client that closes the
 * connection early is recorded as 499. On other runtimes (Bun, Deno, Cloudflare Workers,
 * `app.request`) it is recorded when the handlers return, with the same request id, logging
 * context and access-log line (see docs/runtimes.md). Errors are recorded with the status `app.onError` answers (500 by default). The
 * in-flight gauge is labelled by method, with route `__any__`, since Hono routes after middleware runs.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link HonoObservabilityOptions}; a bad option throws `TFO_ERR_INVALID_OPTION`.
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { serve } from '@hono/node-server';
 * import { createObservability } from '@transcode-flow/observability';
 * import { honoObservability } from '@transcode-flow/observability/hono';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const app = new Hono();
 * app.use(honoObservability(observability));
 * app.get('/jobs/:jobId', (c) => c.json({ id: c.req.param('jobId') }));
 * serve({ fetch: app.fetch, port: 3000 });
 * ```
 */
export function honoObservability<L extends string = never>(
  observability: Observability<object, L>,
  options: HonoObservabilityOptions<NoInfer<L>> = {},
): MiddlewareHandler {
  const core = createHttpCore(observability, options, 'honoObservability');
  const recorder = core.recorder;
  /** The metrics and health endpoints' answer. */
  async function answer(c: Context, kind: EndpointKind): Promise<Response> {
    const { status, headers, body } = await core.respond(kind, {
      accept: c.req.header('accept'),
      authorization: c.req.header('authorization'),
    });
    return c.body(body, status as ContentfulStatusCode, headers);
  }

  /** A request outside `@hono/node-server` (Bun, Deno, Workers, `app.request`): no Node response to watch, so the end is ours to report. */
  async function detached(c: Context, next: Next): Promise<void> {
    const record = recorder.track(c.req.method, c.req.path);
    const scope = fetchRequestScope(c, record.method, () => answeringRoute(c));
    try {
      await core.runInScope(scope, next);
    } catch (error) {
      record.end(500, answeringRoute(c), c);
      scope.finish(500, true);
      throw error;
    }
    record.end(c.res.status, answeringRoute(c), c);
    scope.finish(c.res.status, true);
  }

  // Not an async function: on the hot path it hands Hono the promise of `next()` itself, so a
  // request makes no promise of ours (each costs a promise hook on Node 20 under a request context).
  return function observabilityMiddleware(c: Context, next: Next): Promise<Response | void> {
    const path = c.req.path;
    // The mount prefix costs a walk of the matched routes: look it up only for a path that may be an endpoint below it.
    const base = core.mayBeBelowPrefix(path) ? basePathOf(c) : '';
    // Under basePath('/api'), '/api/metrics' serves `metricsPath` ('/metrics'); a full path given as the option still works.
    const method = c.req.method;
    const kind =
      (base !== '' && path.startsWith(base) ? core.dispatch(method, path.slice(base.length) || '/') : undefined) ??
      core.dispatch(method, path);
    if (kind === 'excluded') return next();
    if (kind !== undefined) return answer(c, kind);
    if (core.excluded(c)) return next();
    const { incoming, outgoing } = (c.env ?? {}) as NodeBindings;
    if (incoming === undefined || outgoing === undefined) return detached(c, next);
    // The response's `close` records the request. A handler's thrown Error becomes Hono's 500
    // response (its onError), and anything else rejects app.fetch, which @hono/node-server
    // answers with a 500: either way the response completes with the status the client got.
    return core.runInScope(recorder.begin(incoming, outgoing, undefined, c, HONO_ACCESS), next);
  };
}
