/**
 * `@transcode-flow/observability/express`: the Express adapter (Express 5 and 4). It loads
 * express only, never another framework.
 *
 * @packageDocumentation
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Observability } from '../../create-observability.js';
import { createHttpCore } from '../../core/http/http-core.js';
import type { FrameworkAccess } from '../../core/http/request-recorder.js';
import { pathOf } from '../../core/http/route-label.js';
import type { ExpressObservabilityOptions } from './types.js';

export type * from './types.js';

/** The template of a matched Express route: mount path + route path, so routers keep their prefix. */
function templateOf(baseUrl: string, route: { path?: unknown } | undefined): string | undefined {
  const path = route?.path;
  if (path === undefined) return undefined;
  const routePath = typeof path === 'string' ? path : Array.isArray(path) ? path.map(String).join(',') : String(path);
  return baseUrl === '' ? routePath : routePath === '/' ? baseUrl : baseUrl + routePath;
}

const ROUTE = Symbol('transcode-flow.route');
const TEMPLATE = Symbol('transcode-flow.template');

/** An Express request with the route the router set and its template (mount path included). */
interface RoutedRequest extends Request {
  [ROUTE]: Request['route'] | undefined;
  [TEMPLATE]: string | undefined;
}

/**
 * `req.route`, redefined on each recorded request so that the template is read when the
 * router sets it: after an error leaves a router, `baseUrl` is already restored. One shared
 * descriptor (not closures per request), so every request keeps the same hidden class.
 */
const ROUTE_PROPERTY: PropertyDescriptor = {
  configurable: true,
  enumerable: true,
  get(this: RoutedRequest): Request['route'] | undefined {
    return this[ROUTE];
  },
  set(this: RoutedRequest, value: Request['route'] | undefined): void {
    this[ROUTE] = value;
    this[TEMPLATE] = templateOf(this.baseUrl, value);
  },
};

/** Express's route, read from the request (headers go through Node's `setHeader`, as Express's own do). */
const EXPRESS_ACCESS: FrameworkAccess<RoutedRequest> = {
  template: (request) => request[TEMPLATE],
};

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
export function expressObservability(
  observability: Observability,
  options: ExpressObservabilityOptions = {},
): RequestHandler {
  const core = createHttpCore(observability, options, 'expressObservability');
  const recorder = core.recorder;
  return function observabilityMiddleware(req: Request, res: Response, next: NextFunction): void {
    const kind = core.classify(pathOf(req.url));
    if (kind !== undefined) {
      if (kind === 'excluded' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
      void core
        .respond(kind, req.headers)
        .then((answer) => res.writeHead(answer.status, answer.headers).end(answer.body));
      return;
    }
    const routed = req as RoutedRequest;
    routed[ROUTE] = undefined;
    routed[TEMPLATE] = undefined;
    Object.defineProperty(req, 'route', ROUTE_PROPERTY);
    const tracked = recorder.begin(req, res, undefined, routed, EXPRESS_ACCESS);
    core.runInScope(tracked, next);
  };
}
