/**
 * `@transcode-flow/observability/fastify`: the Fastify adapter (Fastify 5). It loads fastify
 * (and fastify-plugin) only, never another framework.
 *
 * @packageDocumentation
 */
import type { FastifyInstance, FastifyPluginCallback, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import type { Observability } from '../../core/observability.js';
import { createHttpCore, type EndpointKind, type HttpCore } from '../../core/http/http-core.js';
import type { FrameworkAccess } from '../../core/http/framework-access.js';
import { pathOf } from '../../core/http/route-label.js';
import { claimApp, underPrefix } from './registration.js';
import type { HttpObservabilityOptions } from '../../core/http/http-options.js';

export type {
  HealthCheck,
  HealthCheckFunction,
  HealthCheckResult,
  HealthReport,
} from '../../core/health/health-checks.js';

/**
 * Options of {@link fastifyObservability}: the options every adapter shares (see
 * `HttpObservabilityOptions`), each with its default:
 * `metricsPath` (`'/metrics'`), `healthPath` (`'/health'`), `detailedHealthPath`
 * (`'/health/detailed'`), `metricsToken` (none), `excludePaths` (`[]`), `pathPatterns` (`[]`),
 * `detectIds` (`false`), `healthChecks` (`{}`), `healthTimeoutMs` (`2000`), `customLabels` (none),
 * `groupStatusCodes` (`false`), `exclude` (none). `customLabels` and `exclude` receive Fastify's
 * `request`. A route opts out with `{ config: { observability: false } }`.
 *
 * @typeParam L - The label names declared with `createObservability({ httpLabels })`, inferred from the observability object.
 * @example
 * ```ts
 * import type { FastifyObservabilityOptions } from '@transcode-flow/observability/fastify';
 *
 * const options: FastifyObservabilityOptions<'plan'> = {
 *   customLabels: { plan: (request) => request.headers['x-plan'] as string | undefined },
 *   exclude: (request) => request.headers['user-agent']?.startsWith('kube-probe') === true,
 * };
 * ```
 */
export type FastifyObservabilityOptions<L extends string = never> = HttpObservabilityOptions<FastifyRequest, L>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * `false` leaves this route out of `fastifyObservability`: its requests are neither counted,
     * timed nor in the in-progress gauge, and get no logging context or access-log line.
     * Default: `true` (recorded).
     */
    observability?: boolean;
  }
}

/** The plugin's name, as Fastify reports it and as other plugins can depend on it. */
const PLUGIN_NAME = '@transcode-flow/observability';

/**
 * Fastify knows the route at `onRequest` (the record keeps it), and writes its reply headers in
 * one `writeHead`: headers go through `reply.header`, never Node's `setHeader`. Its own
 * `request.id` (`genReqId`) is the request id when no valid `x-request-id` came, so Fastify's
 * lines and ours carry one id.
 */
const FASTIFY_ACCESS: FrameworkAccess<FastifyReply> = {
  setHeader: (reply, name, value) => {
    if (!reply.sent) reply.header(name, value);
  },
  requestId: (reply) => reply.request.id,
  native: (reply) => reply.request,
};

/** Serves one endpoint as a route (not recorded: the `onRequest` hook skips it). */
function endpointRoutes(
  app: FastifyInstance,
  core: HttpCore,
  kind: EndpointKind,
  path: string | false | undefined,
  fallback: string,
): void {
  if (path === false) return;
  // Marked as a route the onRequest hook leaves out, as users mark theirs.
  app.get(path ?? fallback, { logLevel: 'warn', config: { observability: false } }, async (request, reply) => {
    const answer = await core.respond(kind, request.headers);
    return reply.code(answer.status).headers(answer.headers).send(answer.body);
  });
}

/**
 * A Fastify plugin, for `app.register`, that records every request (count, duration to the
 * last byte and in-flight gauge, labelled `method`, `route` and `status_code`) and serves
 * `/metrics`, `/health` and `/health/detailed` as routes. Register it once, on the root instance:
 * it is wrapped with fastify-plugin, so its hooks then apply to the whole application (every
 * plugin and prefix). Fastify gives a plugin no public way to reach the root from an encapsulated
 * scope, so registering it inside one (where it would record that scope only), or registering it
 * a second time, throws `TFO_ERR_FASTIFY_REGISTRATION`. `app.register(plugin, { prefix: '/internal' })`
 * serves the endpoints under the prefix (`/internal/metrics`) and still records the whole app.
 *
 * The route is the matched route's URL with its prefix (`request.routeOptions.url`), known from
 * the start, so the in-flight gauge is labelled by method and route. Requests no route matched
 * (404s) get `__unmatched__` (or a `pathPatterns` match). Errors your handlers throw are recorded
 * with the status Fastify's error handling sends (500 by default); a client that closes the
 * connection before the response is sent is recorded as 499.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link FastifyObservabilityOptions}; a bad option throws `TFO_ERR_INVALID_OPTION`.
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { createObservability } from '@transcode-flow/observability';
 * import { fastifyObservability } from '@transcode-flow/observability/fastify';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const app = Fastify();
 * await app.register(fastifyObservability(observability, { metricsToken: process.env.METRICS_TOKEN }));
 * app.get('/jobs/:jobId', async (request) => ({ id: (request.params as { jobId: string }).jobId }));
 * ```
 */
export function fastifyObservability<L extends string = never>(
  observability: Observability<object, L>,
  options: FastifyObservabilityOptions<NoInfer<L>> = {},
): FastifyPluginCallback {
  // Built now so that a bad option throws here; rebuilt in the plugin when `prefix` moves the endpoints.
  const rootCore = createHttpCore(observability, options, 'fastifyObservability');
  const plugin: FastifyPluginCallback = (app, registerOptions, done) => {
    let prefix: string;
    try {
      prefix = claimApp(app, registerOptions);
    } catch (error) {
      done(error as Error);
      return;
    }
    const served = prefix === '' ? options : underPrefix(options, prefix);
    const core = prefix === '' ? rootCore : createHttpCore(observability, served, 'fastifyObservability');
    const recorder = core.recorder;
    app.addHook('onRequest', (request, reply, next) => {
      const raw = request.raw;
      const routeOptions = request.routeOptions;
      if (
        routeOptions.config?.observability === false ||
        // Our endpoints are routes marked so: a route that matched is left out by its path only
        // through excludePaths. A request no route matched may still be on an endpoint's path
        // (`POST /metrics`), which is not recorded either.
        ((routeOptions.url === undefined || core.excludesPaths) && core.classify(pathOf(raw.url)) !== undefined) ||
        core.excluded(request)
      ) {
        // Not recorded, so no context of its own: nor the one of the request before it on this connection.
        core.leaveScope();
        return next();
      }
      const url = routeOptions.url;
      core.enterScope(recorder.begin(raw, reply.raw, url, reply, FASTIFY_ACCESS));
      next();
    });
    endpointRoutes(app, core, 'metrics', served.metricsPath, '/metrics');
    endpointRoutes(app, core, 'health', served.healthPath, '/health');
    endpointRoutes(app, core, 'detailed', served.detailedHealthPath, '/health/detailed');
    done();
  };
  return fp(plugin, { name: PLUGIN_NAME, fastify: '5.x' });
}
