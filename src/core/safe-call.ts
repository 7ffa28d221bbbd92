/**
 * Calls a function the user (or a request-scoped feature such as the access log) handed in, and
 * keeps whatever it does wrong away from the caller: a throw, or a returned promise that rejects,
 * is swallowed, so a broken callback can never break a request, a transcode or a job. A missing
 * function (`undefined`) is skipped. The one guard for user callbacks, as OpenTelemetry's
 * `safeExecuteInTheMiddle` is for its instrumentations.
 *
 * @param fn - The callback, or `undefined`.
 * @param args - Its arguments.
 * @example
 * ```ts
 * import { callSafely } from './safe-call.js';
 *
 * const onStart = (info: { pid: number }) => {
 *   throw new Error(`cannot log ${info.pid}`);
 * };
 * callSafely(onStart, { pid: 42 }); // returns; the error goes nowhere
 * ```
 */
export function callSafely<A extends unknown[]>(fn: ((...args: A) => unknown) | undefined, ...args: A): void {
  if (fn === undefined) return;
  try {
    const result = fn(...args);
    if (result instanceof Promise) result.catch(ignore);
  } catch {
    // The callback's failure is its own; the caller carries on.
  }
}

function ignore(): void {}
