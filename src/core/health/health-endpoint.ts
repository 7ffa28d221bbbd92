import type { EndpointRequestHeaders, EndpointResponse } from '../metrics-endpoint.js';
import { durationMs } from '../option-checks.js';
import { type CheckSettled, createCheckRunner } from './check-runner.js';
import { bearerCheck, resolveHealthToken } from './health-auth.js';
import { type HealthCheckResult, type HealthReport, resolveHealthChecks } from './health-checks.js';
import { runHealthChecks } from './health-report.js';

/** Default of `healthCacheMs`: how long one run of the checks answers `/health/detailed`. */
const DEFAULT_HEALTH_CACHE_MS = 1000;

/** The health options of the HTTP adapters (see `HttpObservabilityOptions`), unvalidated. */
export interface HealthEndpointOptions {
  readonly healthChecks?: unknown;
  readonly healthTimeoutMs?: unknown;
  readonly healthCacheMs?: unknown;
  readonly healthToken?: unknown;
  readonly metricsToken?: unknown;
}

/** The log methods the endpoint writes with; the observability object's logger has them. */
interface HealthLogger {
  debug(fields: Record<string, unknown>, message: string): void;
  info(fields: Record<string, unknown>, message: string): void;
  warning(fields: Record<string, unknown>, message: string): void;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' };
const UNAUTHORIZED: EndpointResponse = {
  status: 401,
  headers: { ...JSON_HEADERS, 'www-authenticate': 'Bearer realm="health"' },
  body: '{"error":"unauthorized","message":"send Authorization: Bearer <token>"}',
};

/**
 * Logs every call of a check at `debug` ("health check ran"), and a change of its status at
 * `warning` ("health check failed") or `info` ("health check recovered").
 */
function checkLog(logger: HealthLogger | undefined): CheckSettled | undefined {
  if (logger === undefined) return undefined;
  const last = new Map<string, HealthCheckResult['status']>();
  return (name, result) => {
    const fields = {
      check: name,
      status: result.status,
      latency_ms: result.latencyMs,
      ...(result.error !== undefined && { error: result.error }),
    };
    logger.debug(fields, 'health check ran');
    const before = last.get(name);
    last.set(name, result.status);
    if (result.status === 'fail' && before !== 'fail') logger.warning(fields, 'health check failed');
    else if (result.status === 'ok' && before === 'fail') logger.info(fields, 'health check recovered');
  };
}

function answer(report: HealthReport): EndpointResponse {
  return { status: report.status === 'fail' ? 503 : 200, headers: JSON_HEADERS, body: JSON.stringify(report) };
}

/**
 * Builds the `/health/detailed` responder from the adapter options, validating them (a bad one
 * throws `TFO_ERR_INVALID_OPTION` naming it):
 *
 * - requests that arrive while the checks run share that run, and its answer is kept for
 *   `healthCacheMs` (default 1000; `0` keeps nothing but still shares the run in flight);
 * - each check has at most one call in flight, ever (see `createCheckRunner`), so no number
 *   of clients multiplies a check, nor the processes it starts;
 * - error texts are scrubbed of credentials and cut (see `describeFailure`);
 * - with `healthToken` (or, when it is not given, `metricsToken`) a request must send
 *   `Authorization: Bearer <token>`, else it gets 401; `healthToken: false` leaves it open.
 *
 * The responder never rejects.
 */
export function createHealthEndpoint(
  options: HealthEndpointOptions,
  logger?: HealthLogger,
): (headers: EndpointRequestHeaders) => Promise<EndpointResponse> {
  const checks = resolveHealthChecks(options.healthChecks, options.healthTimeoutMs);
  const cacheMs = durationMs('healthCacheMs', options.healthCacheMs, DEFAULT_HEALTH_CACHE_MS, 0);
  const authorized = bearerCheck(resolveHealthToken(options.healthToken, options.metricsToken));
  const settled = checkLog(logger);
  const runners = checks.map((entry) => ({ name: entry.name, run: createCheckRunner(entry, settled) }));

  let kept: { response: EndpointResponse; at: number } | undefined;
  let running: Promise<EndpointResponse> | undefined;
  const current = (): Promise<EndpointResponse> => {
    if (kept !== undefined && performance.now() - kept.at < cacheMs) return Promise.resolve(kept.response);
    running ??= runHealthChecks(runners)
      .then(answer, () => answer({ status: 'fail', checks: {} }))
      .then((response) => {
        kept = { response, at: performance.now() };
        running = undefined;
        return response;
      });
    return running;
  };

  return (headers) => {
    const authorization = typeof headers.authorization === 'string' ? headers.authorization : undefined;
    if (authorized !== undefined && !authorized(authorization)) return Promise.resolve(UNAUTHORIZED);
    return current();
  };
}
