import { describe, expect, it } from 'vitest';
import { resolveHealthChecks, runHealthChecks } from './health-checks.js';

describe('health checks', () => {
  it('is ok when every check passes, degraded when only optional ones fail, fail when a required one does', async () => {
    const ok = await runHealthChecks(resolveHealthChecks({ a: () => true, b: async () => 'fine' }, undefined));
    expect(ok.status).toBe('ok');
    const degraded = await runHealthChecks(
      resolveHealthChecks({ a: () => true, b: { check: () => false, required: false } }, undefined),
    );
    expect(degraded.status).toBe('degraded');
    const failed = await runHealthChecks(
      resolveHealthChecks(
        { a: { check: () => false, required: false }, b: () => Promise.reject(new Error('down')) },
        undefined,
      ),
    );
    expect(failed).toMatchObject({ status: 'fail', checks: { b: { status: 'fail', required: true, error: 'down' } } });
  });

  it('runs checks in parallel, times out one that never settles and aborts its signal', async () => {
    let aborted = false;
    const checks = resolveHealthChecks(
      {
        hang: {
          check: (signal: AbortSignal) => {
            signal.addEventListener('abort', () => (aborted = true));
            return new Promise(() => undefined);
          },
          timeoutMs: 50,
        },
        slow: () => new Promise((resolve) => setTimeout(resolve, 40)),
      },
      undefined,
    );
    const started = performance.now();
    const report = await runHealthChecks(checks);
    expect(performance.now() - started).toBeLessThan(200);
    expect(report.checks.hang).toMatchObject({ status: 'fail', error: 'timed out after 50 ms' });
    expect(report.checks.slow!.status).toBe('ok');
    expect(aborted).toBe(true);
  });

  it('turns a check that throws a non-error into a failure', async () => {
    const report = await runHealthChecks(
      resolveHealthChecks(
        {
          sync: () => {
            throw 'plain string';
          },
        },
        undefined,
      ),
    );
    expect(report.checks.sync).toMatchObject({ status: 'fail', error: 'plain string' });
  });

  it('names a bad check option', () => {
    expect(() => resolveHealthChecks({ db: 42 }, undefined)).toThrow(/`healthChecks\.db`/);
    expect(() => resolveHealthChecks({ db: { check: () => true, timeoutMs: -1 } }, undefined)).toThrow(
      /healthChecks\.db\.timeoutMs/,
    );
    expect(() => resolveHealthChecks({ db: { check: () => true, required: 'yes' } }, undefined)).toThrow(/required/);
    expect(() => resolveHealthChecks([], undefined)).toThrow(/healthChecks/);
    expect(() => resolveHealthChecks({}, 0)).toThrow(/healthTimeoutMs/);
  });
});
