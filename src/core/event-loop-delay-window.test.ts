import { monitorEventLoopDelay } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';

const STATS = ['min', 'max', 'mean', 'stddev', 'p50', 'p90', 'p99'];

/** The value of each event loop delay statistic in one scrape. */
function delayStats(body: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const stat of STATS) {
    const line = body.split('\n').find((l) => l.startsWith(`nodejs_eventloop_lag_${stat}_seconds`));
    expect(line, stat).toBeDefined();
    out[stat] = Number(line!.split(' ').at(-1)!.replace(/^Nan$/, 'NaN'));
  }
  return out;
}

/** Blocks the event loop long enough for a 10 ms histogram to take samples. */
async function letTheLoopBeSampled(): Promise<void> {
  const probe = monitorEventLoopDelay({ resolution: 10 });
  probe.enable();
  while (probe.count < 3) await new Promise((resolve) => setTimeout(resolve, 15));
  probe.disable();
}

describe('event loop delay statistics', () => {
  it('are all NaN for a window with no sample, never 2^63 ns or 0', async () => {
    const observability = createObservability();
    try {
      const stats = delayStats((await observability.scrape()).body);
      for (const stat of STATS) expect(stats[stat], stat).toBeNaN();
    } finally {
      observability.close();
    }
  });

  it('are real delays once the loop was sampled', async () => {
    const observability = createObservability();
    try {
      await letTheLoopBeSampled();
      const stats = delayStats((await observability.scrape()).body);
      for (const stat of STATS) expect(Number.isFinite(stats[stat]), stat).toBe(true);
      expect(stats.min).toBeLessThan(1);
      expect(stats.min!).toBeLessThanOrEqual(stats.max!);
    } finally {
      observability.close();
    }
  });
});
