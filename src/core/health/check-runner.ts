import { describeFailure } from './describe-failure.js';
import type { HealthCheckResult, ResolvedCheck } from './health-checks.js';

/** What the runner tells its owner after each call of a check settles (for the logs). */
export type CheckSettled = (name: string, result: HealthCheckResult) => void;

interface Invocation {
  /** Resolves with the error text, or `undefined` when the check passed; never rejects. */
  readonly outcome: Promise<string | undefined>;
  readonly controller: AbortController;
  readonly startedAt: number;
}

function roundMs(ms: number): number {
  return Math.round(ms * 100) / 100;
}

/** Calls the check once and turns whatever it does (return, throw, reject, hostile values) into an error text or `undefined`. */
function invoke(check: ResolvedCheck['check'], signal: AbortSignal): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      // Promise.resolve reads `then` of the returned value; a getter that throws rejects it, never throws here.
      Promise.resolve(check(signal)).then(
        (value) => resolve(value === false ? 'check returned false' : undefined),
        (error: unknown) => resolve(describeFailure(error)),
      );
    } catch (error) {
      resolve(describeFailure(error));
    }
  });
}

/**
 * Wraps one check so that at most one call of it is ever in flight: every caller that arrives
 * while a call is pending waits on that call instead of starting another, even after an
 * earlier caller gave up on it at its timeout (a check that ignores its abort signal stays
 * one pending call, never one per request). Each caller waits at most the check's timeout;
 * its timer is cleared as soon as the call settles. The returned function never rejects.
 */
export function createCheckRunner(entry: ResolvedCheck, settled?: CheckSettled): () => Promise<HealthCheckResult> {
  let pending: Invocation | undefined;

  const start = (): Invocation => {
    const controller = new AbortController();
    const startedAt = performance.now();
    const outcome = invoke(entry.check, controller.signal);
    const invocation: Invocation = { outcome, controller, startedAt };
    void outcome.then((error) => {
      if (pending === invocation) pending = undefined;
      try {
        settled?.(entry.name, result(error, roundMs(performance.now() - startedAt)));
      } catch {
        // A logger that throws must not turn a settled check into an unhandled rejection.
      }
    });
    return invocation;
  };

  const result = (error: string | undefined, latencyMs: number): HealthCheckResult =>
    error === undefined
      ? { status: 'ok', latencyMs, required: entry.required }
      : { status: 'fail', latencyMs, required: entry.required, error };

  return async () => {
    const joined = pending !== undefined;
    const invocation = (pending ??= start());
    const waitStart = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), entry.timeoutMs);
    });
    try {
      const outcome = await Promise.race([invocation.outcome, timedOut]);
      if (outcome !== 'timeout') return result(outcome, roundMs(performance.now() - invocation.startedAt));
    } finally {
      clearTimeout(timer);
    }
    invocation.controller.abort();
    const still = joined ? ' (a call started by an earlier request is still running)' : '';
    return result(`timed out after ${entry.timeoutMs} ms${still}`, roundMs(performance.now() - waitStart));
  };
}
