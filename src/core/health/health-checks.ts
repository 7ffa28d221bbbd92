import { invalidOption } from '../errors.js';

/**
 * A dependency check of `/health/detailed`. It passes when it returns or resolves to anything
 * but `false`; it fails when it returns `false`, throws, rejects or outlives its timeout (its
 * `signal` is then aborted, so it can stop its work).
 */
export type HealthCheckFunction = (signal: AbortSignal) => unknown;

/** A named dependency check with its settings. */
export interface HealthCheck {
  /** The check itself. */
  readonly check: HealthCheckFunction;
  /** Longest the check may take, in ms; past it the check fails as timed out. Default: `healthTimeoutMs` (2000). */
  readonly timeoutMs?: number;
  /** A failing required check makes the answer `fail` (503); an optional one makes it `degraded` (200). Default: `true`. */
  readonly required?: boolean;
}

/** The outcome of one check in a {@link HealthReport}. */
export interface HealthCheckResult {
  /** `fail` when the check returned `false`, threw, rejected or timed out, else `ok`. */
  readonly status: 'ok' | 'fail';
  /** How long the check took, in ms (two decimals). */
  readonly latencyMs: number;
  /** Whether the check is required (see {@link HealthCheck.required}). */
  readonly required: boolean;
  /** Why the check failed (error message, `check returned false` or `timed out after … ms`); only on `fail`. */
  readonly error?: string;
}

/** The body of `/health/detailed`. */
export interface HealthReport {
  /** `fail` when a required check failed, `degraded` when only optional ones did, else `ok`. */
  readonly status: 'ok' | 'degraded' | 'fail';
  /** Each check's result, keyed by its name in the `healthChecks` option. */
  readonly checks: Record<string, HealthCheckResult>;
}

interface ResolvedCheck {
  readonly name: string;
  readonly check: HealthCheckFunction;
  readonly timeoutMs: number;
  readonly required: boolean;
}

/** Default timeout of a check, in ms. */
const DEFAULT_HEALTH_TIMEOUT_MS = 2000;

function positiveMs(option: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > 2_147_483_647) {
    throw invalidOption(option, `is ${JSON.stringify(value)}`, 'a positive number of milliseconds');
  }
  return value;
}

/** Validates the `healthChecks` option; a bad entry throws `TFO_ERR_INVALID_OPTION` naming it. */
export function resolveHealthChecks(checks: unknown, defaultTimeout: unknown): readonly ResolvedCheck[] {
  const timeoutMs = positiveMs('healthTimeoutMs', defaultTimeout, DEFAULT_HEALTH_TIMEOUT_MS);
  if (checks === undefined) return [];
  if (typeof checks !== 'object' || checks === null || Array.isArray(checks)) {
    throw invalidOption(
      'healthChecks',
      'is not an object',
      'an object of check name to a function or { check, timeoutMs, required }',
    );
  }
  return Object.entries(checks).map(([name, entry]: [string, unknown]) => {
    const option = `healthChecks.${name}`;
    if (typeof entry === 'function') return { name, check: entry as HealthCheckFunction, timeoutMs, required: true };
    const candidate = entry as Partial<HealthCheck> | null;
    if (typeof candidate !== 'object' || candidate === null || typeof candidate.check !== 'function') {
      throw invalidOption(option, 'is not a check', 'a function or { check, timeoutMs?, required? }');
    }
    if (candidate.required !== undefined && typeof candidate.required !== 'boolean') {
      throw invalidOption(`${option}.required`, `is ${JSON.stringify(candidate.required)}`, 'true or false');
    }
    return {
      name,
      check: candidate.check,
      timeoutMs: positiveMs(`${option}.timeoutMs`, candidate.timeoutMs, timeoutMs),
      required: candidate.required ?? true,
    };
  });
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  try {
    return String(error);
  } catch {
    return 'check failed';
  }
}

/** Runs one check under its timeout; never throws, never waits past the timeout. */
async function runCheck(entry: ResolvedCheck): Promise<HealthCheckResult> {
  const controller = new AbortController();
  const start = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const outcome = new Promise<string | undefined>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve(`timed out after ${entry.timeoutMs} ms`);
    }, entry.timeoutMs);
    try {
      Promise.resolve(entry.check(controller.signal)).then(
        (value) => resolve(value === false ? 'check returned false' : undefined),
        (error: unknown) => resolve(describe(error)),
      );
    } catch (error) {
      resolve(describe(error));
    }
  });
  const error = await outcome;
  clearTimeout(timer);
  const latencyMs = Math.round((performance.now() - start) * 100) / 100;
  return error === undefined
    ? { status: 'ok', latencyMs, required: entry.required }
    : { status: 'fail', latencyMs, required: entry.required, error };
}

/** Runs every check in parallel and folds the results into the `/health/detailed` answer. */
export async function runHealthChecks(checks: readonly ResolvedCheck[]): Promise<HealthReport> {
  const results = await Promise.all(checks.map(runCheck));
  const report: Record<string, HealthCheckResult> = {};
  let status: HealthReport['status'] = 'ok';
  results.forEach((result, index) => {
    report[checks[index]!.name] = result;
    if (result.status === 'fail') status = result.required ? 'fail' : status === 'fail' ? 'fail' : 'degraded';
  });
  return { status, checks: report };
}
