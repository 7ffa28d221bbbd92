/**
 * How a timed operation ended, handed to the recorder once: `ok` with the value it returned
 * or resolved to, or not `ok` with what it threw or rejected with.
 */
export type OperationOutcome<T> =
  | {
      /** `true`: the operation returned or resolved. */
      readonly ok: true;
      /** What the operation returned or resolved to. */
      readonly value: T;
      /** How long the operation took, in seconds. */
      readonly seconds: number;
    }
  | {
      /** `false`: the operation threw or rejected. */
      readonly ok: false;
      /** What the operation threw or rejected with. */
      readonly error: unknown;
      /** How long the operation took until it threw or rejected, in seconds. */
      readonly seconds: number;
    };

/** What a timed function may return: a plain value, or a promise-like for async work. */
type Awaitable<T> = T | PromiseLike<T>;

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function elapsed(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

/** Calls the recorder; a recorder that throws never changes what the caller sees. */
function safely<T>(record: (outcome: OperationOutcome<T>) => void, outcome: OperationOutcome<T>): void {
  try {
    record(outcome);
  } catch {
    // Recording must never break the instrumented call.
  }
}

/**
 * Runs `fn`, times it and hands the outcome to `record`, then returns what `fn` returned or
 * rethrows what it threw. A sync `fn` stays sync (its value is returned as is); an async
 * `fn` gets back a promise that settles like `fn`'s, after the outcome is recorded.
 *
 * This is the one core every timing helper of the SDK shares.
 *
 * @param fn - The operation to time, sync or async.
 * @param record - Called once with the outcome; whatever it throws is swallowed.
 * @returns What `fn` returns.
 * @example
 * ```ts
 * import { timeOperation } from '@transcode-flow/observability/integrations';
 *
 * const size = timeOperation(
 *   () => JSON.stringify({ hello: 'world' }).length,
 *   (outcome) => console.log(outcome.ok, outcome.seconds),
 * );
 * ```
 */
export function timeOperation<R>(fn: () => R, record: (outcome: OperationOutcome<Awaited<R>>) => void): R {
  const start = process.hrtime.bigint();
  let result: R;
  try {
    result = fn();
  } catch (error) {
    safely(record, { ok: false, error, seconds: elapsed(start) });
    throw error;
  }
  if (!isThenable(result)) {
    safely(record, { ok: true, value: result as Awaited<R>, seconds: elapsed(start) });
    return result;
  }
  return Promise.resolve(result as Awaitable<Awaited<R>>).then(
    (value) => {
      safely(record, { ok: true, value, seconds: elapsed(start) });
      return value;
    },
    (error: unknown) => {
      safely(record, { ok: false, error, seconds: elapsed(start) });
      throw error;
    },
  ) as R;
}

/**
 * A short, bounded label value for an error: its `code` when that is a short identifier
 * (`ECONNREFUSED`, `TFO_ERR_JOB_TIMEOUT`), else its class name, else `error`. Never the
 * message, which may hold ids, paths or secrets and would make the label unbounded.
 *
 * @param error - What was thrown.
 * @returns A label value of at most 64 characters.
 * @example
 * ```ts
 * import { errorReason } from '@transcode-flow/observability/integrations';
 * errorReason(Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' })); // 'ECONNREFUSED'
 * errorReason(new TypeError('bad')); // 'TypeError'
 * ```
 */
export function errorReason(error: unknown): string {
  if (typeof error === 'object' && error !== null) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Za-z][A-Za-z0-9_.-]{0,63}$/.test(code)) return code;
    const name = (error as { name?: unknown }).name;
    if (typeof name === 'string' && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(name)) return name;
  }
  return 'error';
}
