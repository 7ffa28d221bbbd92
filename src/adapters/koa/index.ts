/**
 * `@transcode-flow/observability/koa`: the Koa adapter (Koa 3 and 2, with @koa/router). It
 * loads koa only, never another framework.
 *
 * @packageDocumentation
 */
import type { Context, Middleware, Next } from 'koa';
import type { Observability } from '../../core/observability.js';
import { createHttpCore } from '../../core/http/http-core.js';
import type { FrameworkAccess } from '../../core/http/framework-access.js';
import { pathOf } from '../../core/http/route-label.js';
import type { HttpObservabilityOptions } from '../../core/http/http-options.js';

export type {
  HealthCheck,
  HealthCheckFunction,
  HealthCheckResult,
  HealthReport,
} from '../../core/health/health-checks.js';

/**
 * Options of {@link koaObservability}: the options every adapter shares (see
 * `HttpObservabilityOptions`), each with its default:
 * `metricsPath` (`'/metrics'`), `healthPath` (`'/health'`), `detailedHealthPath`
 * (`'/health/detailed'`), `metricsToken` (none), `excludePaths` (`[]`), `pathPatterns` (`[]`),
 * `detectIds` (`false`), `healthChecks` (`{}`), `healthTimeoutMs` (`2000`), `customLabels` (none),
 * `groupStatusCodes` (`false`), `exclude` (none). `customLabels` and `exclude` receive Koa's `ctx`.
 *
 * @typeParam L - The label names declared with `createObservability({ httpLabels })`, inferred from the observability object.
 * @example
 * ```ts
 * import type { KoaObservabilityOptions } from '@transcode-flow/observability/koa';
 *
 * const options: KoaObservabilityOptions<'plan'> = {
 *   customLabels: { plan: (ctx) => ctx.get('x-plan') },
 *   exclude: (ctx) => ctx.get('user-agent').startsWith('kube-probe'),
 * };
 * ```
 */
export type KoaObservabilityOptions<L extends string = never> = HttpObservabilityOptions<Context, L>;

/** The template @koa/router stored on the context (`ctx._matchedRoute`, prefix included). */
function matchedRoute(ctx: Context): string | undefined {
  const route = (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return route === undefined || route === null ? undefined : String(route);
}

/** Koa's route, read from the context (headers go through Node's `setHeader`, as Koa's own do). */
const KOA_ACCESS: FrameworkAccess<Context> = { template: matchedRoute };

/**
 * Koa middleware that records every request (count, duration to the last byte and in-flight
 * gauge, labelled `method`, `route` and `status_code`) and serves `/metrics`, `/health` and
 * `/health/detailed`. Use it first, before your routers.
 *
 * The route is the template @koa/router matched, prefix included (`/jobs/:jobId`); requests no
 * route matched get `__unmatched__` (or a `pathPatterns` match). An error thrown downstream is
 * recorded with the status Koa's error handling sends (500 by default), then rethrown to it
 * unchanged; a client that closes the connection before the response is sent is recorded as
 * 499. The in-flight gauge is labelled by method, with route `__any__`, since Koa routes after
 * middleware runs.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link KoaObservabilityOptions}; a bad option throws `TFO_ERR_INVALID_OPTION`.
 * @example
 * ```ts
 * import Koa from 'koa';
 * import Router from '@koa/router';
 * import { createObservability } from '@transcode-flow/observability';
 * import { koaObservability } from '@transcode-flow/observability/koa';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const app = new Koa();
 * const router = new Router();
 * router.get('/jobs/:jobId', (ctx) => {
 *   ctx.body = { id: ctx.params.jobId };
 * });
 * app.use(koaObservability(observability));
 * app.use(router.routes());
 * ```
 */
export function koaObservability<L extends string = never>(
  observability: Observability<object, L>,
  options: KoaObservabilityOptions<NoInfer<L>> = {},
): Middleware {
  const core = createHttpCore(observability, options, 'koaObservability');
  const recorder = core.recorder;
  /** Where this middleware keeps the request it records on Koa's context, for `failed` (a symbol: invisible to users). */
  const TRACKED = Symbol('transcode-flow.koa-request');
  /** Koa reports a failure after the headers went out (a body stream that broke) only as an app `error`. */
  const failed = (_error: unknown, ctx: (Context & { [TRACKED]?: { fail(): void } }) | undefined): void => {
    ctx?.[TRACKED]?.fail();
  };
  let watchedApp: unknown;
  return function observabilityMiddleware(ctx: Context, next: Next): Promise<unknown> {
    if (ctx.app !== watchedApp) {
      watchedApp = ctx.app;
      // Added after `app.callback()` ran, so Koa's default error logging stays on.
      if (!ctx.app.listeners('error').includes(failed)) ctx.app.on('error', failed);
    }
    const kind = core.dispatch(ctx.method, pathOf(ctx.req.url));
    if (kind === 'excluded') return next();
    if (kind !== undefined) {
      return core.respond(kind, ctx.headers).then((answer) => {
        ctx.status = answer.status;
        ctx.set(answer.headers);
        ctx.body = answer.body;
      });
    }
    if (core.excluded(ctx)) return next();
    const tracked = recorder.begin(ctx.req, ctx.res, undefined, ctx, KOA_ACCESS);
    (ctx as Context & { [TRACKED]?: typeof tracked })[TRACKED] = tracked;
    // No catch of our own (it would cost a promise per request): an error that leaves the
    // middleware chain reaches Koa's ctx.onerror, which emits the app `error` that `failed` hears.
    return core.runInScope(tracked, next);
  };
}
