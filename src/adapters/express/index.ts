/**
 * `@transcode-flow/observability/express`: the Express adapter (Express 5 and 4). It loads
 * express only, never another framework.
 *
 * @packageDocumentation
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Observability } from '../../core/observability.js';
import { createHttpCore } from '../../core/http/http-core.js';
import type { FrameworkAccess } from '../../core/http/framework-access.js';
import { pathOf } from '../../core/http/route-label.js';
import { type App, formatPath, mountedTemplate, prepareApp } from './route-template.js';
import type { HttpObservabilityOptions } from '../../core/http/http-options.js';

export type {
  HealthCheck,
  HealthCheckFunction,
  HealthCheckResult,
  HealthReport,
} from '../../core/health/health-checks.js';

/**
 * Options of {@link expressObservability}: the options every adapter shares (see
 * `HttpObservabilityOptions`), each with its default:
 * `metricsPath` (`'/metrics'`), `healthPath` (`'/health'`), `detailedHealthPath`
 * (`'/health/detailed'`), `metricsToken` (none), `excludePaths` (`[]`), `pathPatterns` (`[]`),
 * `detectIds` (`false`), `healthChecks` (`{}`), `healthTimeoutMs` (`2000`), `customLabels` (none),
 * `groupStatusCodes` (`false`), `exclude` (none). `customLabels` and `exclude` receive Express's `req`.
 *
 * @typeParam L - The label names declared with `createObservability({ httpLabels })`, inferred from the observability object.
 * @example
 * ```ts
 * import type { ExpressObservabilityOptions } from '@transcode-flow/observability/express';
 *
 * const options: ExpressObservabilityOptions<'plan'> = {
 *   customLabels: { plan: (req) => req.get('x-plan') },
 *   exclude: (req) => req.get('user-agent')?.startsWith('kube-probe') === true,
 * };
 * ```
 */
export type ExpressObservabilityOptions<L extends string = never> = HttpObservabilityOptions<Request, L>;

/** Where a recorded request keeps its {@link RouteState} (a symbol: invisible to users). */
const STATE = Symbol('transcode-flow.express-route');

/**
 * What the adapter learns of one recorded request: the route the router set, where it was set,
 * and its template once built. One object stored on the request under one symbol: Express moves
 * every request onto its app's prototype (`Object.setPrototypeOf`), after which each property
 * added to Node's request is slow to add, so the adapter adds one, not five.
 */
class RouteState {
  /** `req.route`, as the router set it. */
  route: Request['route'] | undefined = undefined;
  /** The app whose router matched the route. */
  app: App | undefined = undefined;
  /** The path the root router saw, when the route was matched under a mount (else `undefined`: no walk needed). */
  path: string | undefined = undefined;
  /** The template: `undefined` until built, `null` when it cannot be named. */
  template: string | null | undefined = undefined;

  constructor(
    /** The request, as `customLabels` receives it. */
    readonly request: Request,
    /** The app the adapter runs in. */
    readonly root: App | undefined,
  ) {}
}

/** An Express request with the route state the adapter keeps for it. */
/**
 * `req.route`, redefined on each recorded request so that the adapter learns where the router
 * matched it (the app and the path it saw, which later middleware may change). One shared
 * descriptor (not closures per request), so every request keeps the same hidden class.
 */
/** Where `req.route` lives on a request the adapter does not track (the accessor is on its app's prototype). */
const UNTRACKED_ROUTE = Symbol('transcode-flow.express-untracked-route');

interface RoutedRequest extends Request {
  [STATE]?: RouteState;
  [UNTRACKED_ROUTE]?: Request['route'];
}

/**
 * `req.route` as an accessor: Express assigns it when a route matches, and the setter notes where
 * (the app and the mount path as matched at that moment), so that the template can be built later
 * from declared paths. It is installed once on an app's request prototype (`app.request`, which
 * Express gives every request of that app and of its sub-apps), or on the request itself where
 * that is not possible (a bare Router, or a `route` the request already owns).
 */
const ROUTE_PROPERTY: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: RoutedRequest): Request['route'] | undefined {
    const state = this[STATE];
    return state === undefined ? this[UNTRACKED_ROUTE] : state.route;
  },
  set(this: RoutedRequest, value: Request['route'] | undefined): void {
    const state = this[STATE];
    if (state === undefined) {
      this[UNTRACKED_ROUTE] = value;
      return;
    }
    state.route = value;
    // `app` is missing when a bare Router serves the request outside any app.
    const app = this.app as unknown as App | undefined;
    state.app = app;
    state.path = this.baseUrl === '' && app === state.root ? undefined : this.baseUrl + pathOf(this.url);
    state.template = undefined;
  },
};

/** Request prototypes (`app.request` objects) that carry {@link ROUTE_PROPERTY}. */
const preparedPrototypes = new WeakSet<object>();

/** Puts the accessor on the app's request prototype, once: then a request costs no property definition. */
function prepareRequestPrototype(app: App, req: Request): void {
  const prototype = Object.getPrototypeOf(req) as object | null;
  if (prototype === null || prototype !== (app as { request?: object }).request) return;
  if (preparedPrototypes.has(prototype)) return;
  // A prototype whose `route` someone else defined (another library's accessor) is left alone.
  const existing = Object.getOwnPropertyDescriptor(prototype, 'route');
  if (existing !== undefined && existing.get !== ROUTE_PROPERTY.get) return;
  Object.defineProperty(prototype, 'route', ROUTE_PROPERTY);
  preparedPrototypes.add(prototype);
}

function templateOf(state: RouteState): string | undefined {
  const known = state.template;
  if (known !== undefined) return known ?? undefined;
  const route = state.route as { path?: Parameters<typeof formatPath>[0] } | undefined;
  if (route === undefined) return undefined;
  const { path, app, root } = state;
  const template =
    path === undefined
      ? formatPath(route.path)
      : app === undefined || root === undefined
        ? undefined
        : mountedTemplate(root, app, route, path);
  state.template = template ?? null;
  return template;
}

/** Express's route, read from the request's state (headers go through Node's `setHeader`, as Express's own do). */
const EXPRESS_ACCESS: FrameworkAccess<RouteState> = { template: templateOf, native: (state) => state.request };

/**
 * Express middleware that records every request (count, duration to the last byte and
 * in-flight gauge, labelled `method`, `route` and `status_code`) and serves `/metrics`,
 * `/health` and `/health/detailed`. Mount it first, with `app.use`, before your routes.
 *
 * The route is the matched template with its router's mount path (`/jobs/:jobId`); requests no
 * route matched get `__unmatched__` (or a `pathPatterns` match). Errors your handlers throw are
 * recorded with the status Express's error handling sends (500 by default); a client that closes
 * the connection before the response is sent is recorded as 499. The in-flight gauge is
 * labelled by method, with route `__any__`, since Express routes after middleware runs.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link ExpressObservabilityOptions}; a bad option throws `TFO_ERR_INVALID_OPTION`.
 * @example
 * ```ts
 * import express from 'express';
 * import { createObservability } from '@transcode-flow/observability';
 * import { expressObservability } from '@transcode-flow/observability/express';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const app = express();
 * app.use(expressObservability(observability, { healthChecks: { disk: async () => true } }));
 * app.get('/jobs/:jobId', (req, res) => res.json({ id: req.params.jobId }));
 * ```
 */
export function expressObservability<L extends string = never>(
  observability: Observability<object, L>,
  options: ExpressObservabilityOptions<NoInfer<L>> = {},
): RequestHandler {
  const core = createHttpCore(observability, options, 'expressObservability');
  const recorder = core.recorder;
  let preparedApp: unknown;
  return function observabilityMiddleware(req: Request, res: Response, next: NextFunction): void {
    if (req.app !== preparedApp && req.app !== undefined) {
      preparedApp = req.app;
      prepareApp(req.app as unknown as App);
      prepareRequestPrototype(req.app as unknown as App, req);
    }
    const kind = core.dispatch(req.method, pathOf(req.url));
    if (kind === 'excluded') return next();
    if (kind !== undefined) {
      void core
        .respond(kind, req.headers)
        .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
      return;
    }
    if (core.excluded(req)) return next();
    // A second middleware of this adapter on the same request (another observability object)
    // shares the first's state: `req.route` has one accessor, which feeds one state.
    let state = (req as RoutedRequest)[STATE];
    if (state === undefined) {
      state = new RouteState(req, req.app as unknown as App | undefined);
      (req as RoutedRequest)[STATE] = state;
      // The app's prototype serves, unless the request owns a `route` (set before it reached this
      // app) or has a prototype this adapter did not prepare (a bare Router, a sub-app's own).
      if (Object.hasOwn(req, 'route') || !preparedPrototypes.has(Object.getPrototypeOf(req) as object)) {
        Object.defineProperty(req, 'route', ROUTE_PROPERTY);
      }
    }
    const tracked = recorder.begin(req, res, undefined, state, EXPRESS_ACCESS);
    core.runInScope(tracked, next);
  };
}
