import { invalidOption } from '../errors.js';
import { durationMs } from '../option-checks.js';

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

/** A check with its settings resolved and validated. */
export interface ResolvedCheck {
  readonly name: string;
  readonly check: HealthCheckFunction;
  readonly timeoutMs: number;
  readonly required: boolean;
}

/** Default timeout of a check, in ms. */
const DEFAULT_HEALTH_TIMEOUT_MS = 2000;

/** Validates the `healthChecks` option; a bad entry throws `TFO_ERR_INVALID_OPTION` naming it. */
export function resolveHealthChecks(checks: unknown, defaultTimeout: unknown): readonly ResolvedCheck[] {
  const timeoutMs = durationMs('healthTimeoutMs', defaultTimeout, DEFAULT_HEALTH_TIMEOUT_MS);
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
      timeoutMs: durationMs(`${option}.timeoutMs`, candidate.timeoutMs, timeoutMs),
      required: candidate.required ?? true,
    };
  });
}
