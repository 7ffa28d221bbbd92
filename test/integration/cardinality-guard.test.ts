import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createObservability } from '../../src/create-observability.js';
import { OVERFLOW_LABEL_VALUE } from '../../src/core/metrics/labels.js';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';

const ROOT = join(import.meta.dirname, '../..');

describe('cardinality guard under a flood of label values', () => {
  it('100,000 distinct values leave cap + 1 series, an exact overflow count, and existing series updating', async () => {
    const cap = 500;
    const observability = createObservability({ defaultMetrics: false, maxSeriesPerMetric: cap });
    const requests = observability.metrics.apiRequestsTotal;
    const latency = observability.metrics.apiRequestDurationSeconds;
    for (let i = 0; i < 100_000; i++) {
      const labels = { method: 'GET', route: `/jobs/${i}`, status_code: 200 };
      requests.inc(labels);
      latency.observe(labels, 0.01);
    }
    requests.inc({ method: 'GET', route: '/jobs/0', status_code: 200 }, 9);
    const samples = parseExposition((await observability.scrape()).body);
    expect(findSamples(samples, 'api_requests_total')).toHaveLength(cap + 1);
    expect(findSamples(samples, 'api_request_duration_seconds_count')).toHaveLength(cap + 1);
    expect(sampleValue(samples, 'api_requests_total', { route: '/jobs/0' })).toBe(10);
    const overflowLabels = {
      method: OVERFLOW_LABEL_VALUE,
      route: OVERFLOW_LABEL_VALUE,
      status_code: OVERFLOW_LABEL_VALUE,
    };
    expect(sampleValue(samples, 'api_requests_total', overflowLabels)).toBe(100_000 - cap);
    expect(sampleValue(samples, 'api_request_duration_seconds_count', overflowLabels)).toBe(100_000 - cap);
    expect(sampleValue(samples, 'observability_series_overflow_total', { metric: 'api_requests_total' })).toBe(
      100_000 - cap,
    );
    expect(
      sampleValue(samples, 'observability_series_overflow_total', { metric: 'api_request_duration_seconds' }),
    ).toBe(100_000 - cap);
  });

  it('keeps heap growth bounded: a million more values past the cap add (almost) nothing', () => {
    // A child process with --expose-gc measures the heap after global.gc(), free of the test runner's allocations.
    const script = `
      import { createObservability } from ${JSON.stringify(join(ROOT, 'src/create-observability.ts'))};
      const o = createObservability({ defaultMetrics: false, maxSeriesPerMetric: 1000 });
      const record = (from, to) => {
        for (let i = from; i < to; i++) {
          const labels = { method: 'GET', route: '/flood/' + i + '/' + 'x'.repeat(100), status_code: 200 };
          o.metrics.apiRequestsTotal.inc(labels);
          o.metrics.apiRequestDurationSeconds.observe(labels, 0.02);
        }
      };
      record(0, 2000);
      global.gc(); global.gc();
      const before = process.memoryUsage().heapUsed;
      record(2000, 1_002_000);
      global.gc(); global.gc();
      const after = process.memoryUsage().heapUsed;
      process.stdout.write(JSON.stringify({ before, after, series: o.metrics.apiRequestsTotal.seriesCount }));
    `;
    const result = spawnSync(
      process.execPath,
      ['--expose-gc', '--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    expect(result.stderr).toBe('');
    const { before, after, series } = JSON.parse(result.stdout) as { before: number; after: number; series: number };
    expect(series).toBe(1000);
    expect(after - before).toBeLessThan(2 * 1024 * 1024);
  });
});
