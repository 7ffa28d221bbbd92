import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { defineMetric } from '../../src/catalogue/define-metric.js';
import { serveMetrics } from '../../src/core/metrics-server.js';
import { createObservability, type Observability } from '../../src/create-observability.js';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';

const DURATION = 'observability_scrape_duration_seconds';
const SERIES = 'observability_series';

const slowGauge = defineMetric({
  name: 'slow_value',
  type: 'gauge',
  help: 'A gauge whose collector takes a while.',
  labelNames: ['shard'],
});

/**
 * Waits until at least `ms` have passed on the monotonic clock. A timer alone may fire a fraction of a
 * millisecond early by that clock (Node schedules timers from the loop's cached time), so a lower bound
 * on a measured duration needs this loop.
 */
async function waitAtLeast(ms: number): Promise<void> {
  const start = performance.now();
  for (let left = ms; left > 0; left = ms - (performance.now() - start)) await delay(Math.ceil(left));
}

/** An object whose custom gauge's collector waits `ms` and creates one more series on each scrape. */
function withSlowCollector(ms: number): Observability<{ slow: typeof slowGauge }> {
  const observability = createObservability({ defaultMetrics: false, customMetrics: { slow: slowGauge } });
  let shards = 0;
  observability.custom.slow.addCollector(async () => {
    await waitAtLeast(ms);
    observability.custom.slow.set({ shard: String(shards++) }, 1);
  });
  return observability;
}

describe('the scrape reports its own cost', () => {
  it('exposes the duration of the last collection from the second scrape on, at least as long as its slowest collector', async () => {
    const observability = withSlowCollector(60);
    const first = parseExposition((await observability.scrape()).body);
    expect(findSamples(first, DURATION)).toEqual([]);
    const second = parseExposition((await observability.scrape()).body);
    // A lower bound only: the collector waited 60 ms, and nothing says how long a busy machine adds.
    expect(sampleValue(second, DURATION)).toBeGreaterThanOrEqual(0.06);
    expect(sampleValue(second, DURATION)).toBeLessThan(60);
  });

  it('times every way the registry is read: scrape(), registry.metrics(), getMetricsAsJSON() and OpenMetrics over HTTP', async () => {
    const observability = withSlowCollector(30);
    const duration = (): number => observability.metrics.observabilityScrapeDurationSeconds.value();
    const reads: [string, () => Promise<unknown>][] = [
      ['scrape()', () => observability.scrape()],
      ['registry.metrics()', () => observability.registry.metrics()],
      ['getMetricsAsJSON()', () => observability.registry.getMetricsAsJSON()],
    ];
    const server = await serveMetrics(observability, { port: 0, host: '127.0.0.1' });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
    reads.push(['OpenMetrics over HTTP', () => fetch(url, { headers: { accept: 'application/openmetrics-text' } })]);
    reads.push(['Prometheus text over HTTP', () => fetch(url).then((response) => response.text())]);
    try {
      for (const [what, read] of reads) {
        observability.metrics.observabilityScrapeDurationSeconds.set(0);
        await read();
        expect(duration(), what).toBeGreaterThanOrEqual(0.03);
      }
    } finally {
      await new Promise((done) => server.close(done));
    }
  });

  it('counts overlapping scrapes as one collection', async () => {
    const observability = withSlowCollector(40);
    await Promise.all([observability.scrape(), observability.registry.getMetricsAsJSON(), observability.scrape()]);
    expect(observability.metrics.observabilityScrapeDurationSeconds.value()).toBeGreaterThanOrEqual(0.04);
  });

  it('gives the series each registered metric holds, series made by collectors in the same scrape included', async () => {
    const observability = withSlowCollector(5);
    const { metrics } = observability;
    for (const route of ['/a', '/b', '/c']) metrics.apiRequestsTotal.inc({ method: 'GET', route, status_code: 200 });
    metrics.apiRequestDurationSeconds.observe({ method: 'GET', route: '/a', status_code: 200 }, 0.1);
    metrics.jobsCreatedTotal.inc({ queue: 'q', job_type: 'v' });
    let samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, SERIES, { metric: 'api_requests_total' })).toBe(3);
    expect(sampleValue(samples, SERIES, { metric: 'api_request_duration_seconds' })).toBe(1);
    expect(sampleValue(samples, SERIES, { metric: 'api_requests_in_progress' })).toBe(0);
    expect(sampleValue(samples, SERIES, { metric: 'app_info' })).toBe(1);
    expect(sampleValue(samples, SERIES, { metric: 'slow_value' })).toBe(1);
    // Only registered metrics: the jobs group is off.
    expect(findSamples(samples, SERIES, { metric: 'jobs_created_total' })).toEqual([]);
    const registered = observability.registry.getMetricsAsArray().map((metric) => metric.name);
    expect(
      findSamples(samples, SERIES)
        .map((sample) => sample.labels.metric)
        .sort(),
    ).toEqual(registered.sort());
    // Its own count is the number of series it holds.
    expect(sampleValue(samples, SERIES, { metric: SERIES })).toBe(findSamples(samples, SERIES).length);
    metrics.apiRequestsTotal.remove({ method: 'GET', route: '/a', status_code: 200 });
    samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, SERIES, { metric: 'api_requests_total' })).toBe(2);
    expect(sampleValue(samples, SERIES, { metric: 'slow_value' })).toBe(2);
  });

  it('carries the prefix in the metric label, as the other SDK counters do', async () => {
    const observability = createObservability({ defaultMetrics: false, prefix: 'media_' });
    observability.metrics.apiRequestsTotal.inc({ method: 'GET', route: '/', status_code: 200 });
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, `media_${SERIES}`, { metric: 'media_api_requests_total' })).toBe(1);
  });

  it('counts a collector that hangs past collectTimeoutMs, and still gives every count', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      collectTimeoutMs: 50,
      customMetrics: { slow: slowGauge },
    });
    observability.custom.slow.addCollector(() => new Promise(() => {}));
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, 'observability_collect_errors_total', { metric: 'slow_value' })).toBe(1);
    expect(sampleValue(samples, SERIES, { metric: 'slow_value' })).toBe(0);
  });
});
