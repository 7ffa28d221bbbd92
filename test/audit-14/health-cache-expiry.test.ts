/**
 * Issue 14, item 1: the /health/detailed answer is kept for `healthCacheMs`, a time the user
 * sets, and no longer: within it the checks are not run again, after it they are. Read on a
 * virtual clock (only `performance` is faked), so a busy machine cannot blur the boundary.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createHealthEndpoint } from '../../src/core/health/health-endpoint.js';
import { createObservability } from '../../src/index.js';
import { startApp, type RunningApp, send } from '../helpers/http-apps.js';

describe('healthCacheMs keeps the answer for the time set, then runs the checks again', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['performance'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([1, 250, 5_000, 2 ** 31 - 1])('healthCacheMs %d', async (cacheMs) => {
    let runs = 0;
    const endpoint = createHealthEndpoint({ healthCacheMs: cacheMs, healthChecks: { counted: () => ++runs > 0 } });
    expect((await endpoint({})).status).toBe(200);
    expect(runs).toBe(1);
    if (cacheMs > 1) {
      vi.advanceTimersByTime(cacheMs - 1);
      expect((await endpoint({})).status).toBe(200);
      expect(runs).toBe(1);
    }
    vi.advanceTimersByTime(1);
    expect((await endpoint({})).status).toBe(200);
    expect(runs).toBe(2);
  });

  it('keeps nothing with healthCacheMs 0, and keeps 1 s by default', async () => {
    let uncached = 0;
    const none = createHealthEndpoint({ healthCacheMs: 0, healthChecks: { c: () => ++uncached > 0 } });
    await none({});
    await none({});
    expect(uncached).toBe(2);

    let defaults = 0;
    const kept = createHealthEndpoint({ healthChecks: { c: () => ++defaults > 0 } });
    await kept({});
    vi.advanceTimersByTime(999);
    await kept({});
    expect(defaults).toBe(1);
    vi.advanceTimersByTime(1);
    await kept({});
    expect(defaults).toBe(2);
  });

  it('keeps a failing answer for the same time, then sees the recovery', async () => {
    let healthy = false;
    let runs = 0;
    const endpoint = createHealthEndpoint({
      healthCacheMs: 500,
      healthChecks: {
        db: () => {
          runs++;
          return healthy;
        },
      },
    });
    expect((await endpoint({})).status).toBe(503);
    healthy = true;
    vi.advanceTimersByTime(499);
    expect((await endpoint({})).status).toBe(503);
    vi.advanceTimersByTime(1);
    expect((await endpoint({})).status).toBe(200);
    expect(runs).toBe(2);
  });
});

describe('healthCacheMs through an adapter on a real server', () => {
  let app: RunningApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('runs the checks again once the kept answer is older than healthCacheMs', async () => {
    let runs = 0;
    app = await startApp(
      'express',
      { healthCacheMs: 60_000, healthChecks: { counted: () => ++runs > 0 } },
      createObservability({ defaultMetrics: false, accessLog: false, logger: { level: 'error' } }),
    );
    for (let i = 0; i < 5; i++) expect((await send(app.url, '/health/detailed')).status).toBe(200);
    expect(runs).toBe(1);
    await app.close();
    // A short cache: wait on the count, not on a guess of how long a run takes.
    runs = 0;
    app = await startApp(
      'express',
      { healthCacheMs: 20, healthChecks: { counted: () => ++runs > 0 } },
      createObservability({ defaultMetrics: false, accessLog: false, logger: { level: 'error' } }),
    );
    const started = performance.now();
    while (runs < 3) {
      expect((await send(app.url, '/health/detailed')).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // Each run is at least healthCacheMs after the previous one.
    expect(performance.now() - started).toBeGreaterThanOrEqual(40);
  });
});
