import type { HealthCheck, HealthCheckFunction } from '../health/health-checks.js';
import type { HttpLabelFunctions } from './http-labels.js';

/**
 * Options every HTTP adapter takes (`expressObservability`, `fastifyObservability`,
 * `koaObservability`, `honoObservability`). Each is checked when the adapter is created; a
 * bad one throws `TFO_ERR_INVALID_OPTION` naming it.
 *
 * @typeParam R - The framework's own request, as `customLabels` and `exclude` receive it:
 * Express's `req`, Fastify's `request`, Koa's `ctx`, Hono's `c`.
 * @typeParam L - The label names declared with `createObservability({ httpLabels })`.
 * @example
 * ```ts
 * import type { HttpObservabilityOptions } from '@transcode-flow/observability';
 *
 * const options: HttpObservabilityOptions = {
 *   excludePaths: ['/internal/ping'],
 *   groupStatusCodes: true,
 * };
 * ```
 */
export interface HttpObservabilityOptions<R = unknown, L extends string = string> {
  /** Path that serves the metrics, or `false` to serve none (e.g. with `serveMetrics` on another port). Default: `'/metrics'`. */
  metricsPath?: string | false;
  /** Liveness path: answers `{"status":"ok"}` at once and calls nothing. `false` turns it off. Default: `'/health'`. */
  healthPath?: string | false;
  /** Readiness path: runs `healthChecks` and answers 503 when a required one fails. `false` turns it off. Default: `'/health/detailed'`. */
  detailedHealthPath?: string | false;
  /** Bearer token a scrape of `metricsPath` must send (`Authorization: Bearer <token>`), compared in constant time. Default: none (open). */
  metricsToken?: string;
  /** More paths left unrecorded: exact strings or regular expressions tested on the raw path. The endpoints above are always excluded. Default: `[]`. */
  excludePaths?: readonly (string | RegExp)[];
  /**
   * path-to-regexp patterns naming requests the framework matched no route for, e.g.
   * `'/downloads/job/:job_id/video/:video_format'` labels `/downloads/job/abc123/video/720p`
   * as `/downloads/job/{job_id}/video/{video_format}`. Default: `[]`.
   */
  pathPatterns?: readonly string[];
  /**
   * For requests with no matched route and no matching pattern that did not end in 404, label
   * the raw path with id-like segments (numbers, UUIDs, ULIDs, long hex) replaced by `{id}`.
   * Other segments are kept, so series are then bounded only by the cardinality guard; leave
   * it off unless unrouted handlers serve such paths. Default: `false` (one `__unmatched__` value).
   */
  detectIds?: boolean;
  /** Dependency checks of `detailedHealthPath`, run in parallel, by name. Default: `{}`. */
  healthChecks?: Record<string, HealthCheck | HealthCheckFunction>;
  /** Timeout of a check that sets none, in ms. Default: `2000`. */
  healthTimeoutMs?: number;
  /**
   * How long one run of `healthChecks` answers `detailedHealthPath`, in ms. Requests that arrive
   * while the checks run always share that run; `0` keeps no answer past it. Default: `1000`.
   */
  healthCacheMs?: number;
  /**
   * Bearer token a request of `detailedHealthPath` must send (`Authorization: Bearer <token>`),
   * compared in constant time; without it the answer is 401. `false` leaves the path open even
   * when `metricsToken` is set. `healthPath` (liveness) is always open. Default: `metricsToken`.
   */
  healthToken?: string | false;
  /**
   * Run each request in a logging context (`request_id` from a valid `x-request-id` or a new
   * one, echoed in the response; `method`; `route`; `api_key_prefix`) and write its access-log
   * line. `false` records metrics only: the fastest set-up, for services that do not log per
   * request (see docs/performance.md for the cost). Default: `true`.
   */
  requestContext?: boolean;
  /**
   * One function per label declared with `createObservability({ httpLabels })`, computing its
   * value from the framework's own request (Express `req`, Fastify `request`, Koa `ctx`, Hono
   * `c`), as fastify-metrics' and @hono/prometheus' `customLabels` do. Each runs once, when the
   * request ends, so it sees what your handlers and middleware set (an authenticated user, a
   * plan). Naming a label that was not declared is a compile-time error (and
   * `TFO_ERR_INVALID_OPTION` at run time). A declared label without a function, or whose
   * function returns `undefined`, is recorded as `''` (which Prometheus reads as the label being
   * absent); one whose function throws or returns anything but a string is `''` too, and the
   * first such failure is logged once as a warning. Either way only that label is lost: the
   * request is recorded. Values are cut to `maxLabelValueLength`, and new label sets past
   * `maxSeriesPerMetric` fold into the `__overflow__` series: keep them to a few known values (a
   * plan, a region, a client kind), never ids. With no label declared, it takes nothing (a type
   * error; `TFO_ERR_INVALID_OPTION` at run time). Default: none (every declared label is `''`).
   *
   * @example
   * ```ts
   * import express from 'express';
   * import { createObservability } from '@transcode-flow/observability';
   * import { expressObservability } from '@transcode-flow/observability/express';
   *
   * const observability = createObservability({ httpLabels: ['plan'] });
   * const app = express();
   * app.use(expressObservability(observability, { customLabels: { plan: (req) => req.get('x-plan') } }));
   * ```
   */
  customLabels?: [L] extends [never] ? never : HttpLabelFunctions<R, L>;
  /**
   * Record `status_code` by class (`2xx`, `3xx`, `4xx`, `5xx`), as fastify-metrics'
   * `groupStatusCodes` does, to keep fewer series. A client that closed early (499) is `4xx`; a
   * response the server broke off after its headers (500) is `5xx`. Default: `false` (the exact
   * status).
   *
   * @example
   * ```ts
   * import { createObservability } from '@transcode-flow/observability';
   * import { koaObservability } from '@transcode-flow/observability/koa';
   *
   * const middleware = koaObservability(createObservability(), { groupStatusCodes: true });
   * ```
   */
  groupStatusCodes?: boolean;
  /**
   * Leaves a request out when it returns `true`, given the framework's own request (Express
   * `req`, Fastify `request`, Koa `ctx`, Hono `c`) when it arrives, before routing: an excluded
   * request is neither counted, timed nor in the in-progress gauge, and gets no logging context or
   * access-log line (as `excludePaths`). A predicate that throws (or returns anything but `true`)
   * records the request as usual. On Fastify, a route can also opt out with
   * `{ config: { observability: false } }`. Default: none.
   *
   * @example
   * ```ts
   * import { Hono } from 'hono';
   * import { createObservability } from '@transcode-flow/observability';
   * import { honoObservability } from '@transcode-flow/observability/hono';
   *
   * const app = new Hono();
   * app.use(honoObservability(createObservability(), { exclude: (c) => c.req.header('x-synthetic') === '1' }));
   * ```
   */
  exclude?: (request: R) => boolean;
}

/** Every option name, for the unknown-option check. */
export const HTTP_OPTION_NAMES: ReadonlySet<string> = new Set([
  'metricsPath',
  'healthPath',
  'detailedHealthPath',
  'metricsToken',
  'excludePaths',
  'pathPatterns',
  'detectIds',
  'healthChecks',
  'healthTimeoutMs',
  'healthCacheMs',
  'healthToken',
  'requestContext',
  'customLabels',
  'groupStatusCodes',
  'exclude',
]);
