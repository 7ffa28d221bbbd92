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
 * `detectIds` (`false`), `healthChecks` (`{}`), `healthTimeoutMs` (`2000`).
 */
export type KoaObservabilityOptions = HttpObservabilityOptions;
