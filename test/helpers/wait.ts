import { setTimeout as delay } from 'node:timers/promises';

/**
 * Polls `check` every `everyMs` until it resolves true; rejects naming `what` once `timeoutMs`
 * has passed (a safety net far above what the wait needs on a busy machine, never the thing
 * the test measures).
 */
export async function waitUntil(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 30_000,
  everyMs = 25,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(everyMs);
  }
}
