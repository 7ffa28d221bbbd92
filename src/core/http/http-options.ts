import type { HealthCheck, HealthCheckFunction } from '../health/health-checks.js';

/**
 * Options every HTTP adapter takes (`expressObservability`, `fastifyObservability`,
 * `koaObservability`, `honoObservability`). Each is checked when the adapter is created; a
 * bad one throws `TFO_ERR_INVALID_OPTION` naming it.
 */
export interface HttpObservabilityOptions {
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
]);
