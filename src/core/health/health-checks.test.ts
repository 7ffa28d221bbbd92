import { describe, expect, it } from 'vitest';
import { createHealthEndpoint, type HealthEndpointOptions } from './health-endpoint.js';
import { resolveHealthChecks } from './health-checks.js';

async function detailed(
  options: HealthEndpointOptions,
): Promise<{ status: number; body: { status: string; checks: Record<string, Record<string, unknown>> } }> {
  const answer = await createHealthEndpoint(options)({});
  return { status: answer.status, body: JSON.parse(answer.body) };
}

describe('health checks', () => {
  it('is ok when every check passes, degraded when only optional ones fail, fail when a required one does', async () => {
    const ok = await detailed({ healthChecks: { a: () => true, b: async () => 'fine' } });
    expect(ok).toMatchObject({ status: 200, body: { status: 'ok' } });
    const degraded = await detailed({ healthChecks: { a: () => true, b: { check: () => false, required: false } } });
    expect(degraded).toMatchObject({ status: 200, body: { status: 'degraded' } });
    const failed = await detailed({
      healthChecks: { a: { check: () => false, required: false }, b: () => Promise.reject(new Error('down')) },
    });
    expect(failed).toMatchObject({
      status: 503,
      body: { status: 'fail', checks: { b: { status: 'fail', required: true, error: 'down' } } },
    });
  });

  it('runs checks in parallel, times out one that never settles and aborts its signal', async () => {
    let aborted = false;
    const { body } = await detailed({
      healthChecks: {
        hang: {
          check: (signal: AbortSignal) => {
            signal.addEventListener('abort', () => (aborted = true));
            return new Promise(() => undefined);
          },
          timeoutMs: 50,
        },
        slow: () => new Promise((resolve) => setTimeout(resolve, 40)),
      },
    });
    expect(body.checks.hang).toMatchObject({ status: 'fail', error: 'timed out after 50 ms' });
    expect(body.checks.slow!.status).toBe('ok');
    expect(aborted).toBe(true);
  });

  it('names a bad check option', () => {
    expect(() => resolveHealthChecks({ db: 42 }, undefined)).toThrow(/`healthChecks\.db`/);
    expect(() => resolveHealthChecks({ db: { check: () => true, timeoutMs: -1 } }, undefined)).toThrow(
      /healthChecks\.db\.timeoutMs/,
    );
    expect(() => resolveHealthChecks({ db: { check: () => true, timeoutMs: 2 ** 31 } }, undefined)).toThrow(
      /healthChecks\.db\.timeoutMs/,
    );
    expect(() => resolveHealthChecks({ db: { check: () => true, required: 'yes' } }, undefined)).toThrow(/required/);
    expect(() => resolveHealthChecks([], undefined)).toThrow(/healthChecks/);
    expect(() => resolveHealthChecks({}, 0)).toThrow(/healthTimeoutMs/);
  });

  it.each([-1, 2 ** 31, Number.NaN, Infinity, '10', null])('refuses healthCacheMs %s, naming it', (value) => {
    expect(() => createHealthEndpoint({ healthCacheMs: value })).toThrow(/TFO_ERR_INVALID_OPTION.*healthCacheMs/);
  });

  it.each(['', 'two words', 42, true, null])('refuses healthToken %s, naming it', (value) => {
    expect(() => createHealthEndpoint({ healthToken: value })).toThrow(/TFO_ERR_INVALID_OPTION.*healthToken/);
  });

  it('accepts healthCacheMs 0 (no answer kept) and the longest timer delay', () => {
    expect(() => createHealthEndpoint({ healthCacheMs: 0 })).not.toThrow();
    expect(() => createHealthEndpoint({ healthCacheMs: 2 ** 31 - 1 })).not.toThrow();
  });
});
