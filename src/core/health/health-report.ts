import type { HealthCheckResult, HealthReport } from './health-checks.js';

/** One check ready to run: its name and a runner that never rejects (see `createCheckRunner`). */
interface NamedRunner {
  readonly name: string;
  readonly run: () => Promise<HealthCheckResult>;
}

/**
 * Runs every check in parallel and folds the results into the `/health/detailed` body:
 * `fail` when a required check failed, `degraded` when only optional ones did, else `ok`.
 * Results are own properties of `checks` under any name, `__proto__` and `constructor`
 * included, so `JSON.stringify` shows every one.
 */
export async function runHealthChecks(runners: readonly NamedRunner[]): Promise<HealthReport> {
  const results = await Promise.all(runners.map((runner) => runner.run()));
  const failed = results.filter((result) => result.status === 'fail');
  const status: HealthReport['status'] = failed.some((result) => result.required)
    ? 'fail'
    : failed.length > 0
      ? 'degraded'
      : 'ok';
  // Object.fromEntries defines properties (it never calls the `__proto__` setter).
  const checks = Object.fromEntries(runners.map((runner, index) => [runner.name, results[index]!]));
  return { status, checks };
}
