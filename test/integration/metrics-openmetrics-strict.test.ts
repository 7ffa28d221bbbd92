import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { runtimeMetrics } from '../../src/catalogue/runtime.js';
import { defineMetric } from '../../src/catalogue/define-metric.js';
import { createObservability, type Observability } from '../../src/create-observability.js';
import { serveMetrics } from '../../src/core/metrics-server.js';
import {
  parseExposition,
  parseStrictOpenMetrics,
  STRICT_PARSER_PYTHON,
  type StrictFamily,
} from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** A label value the text must escape (quote, backslash, newline), outside ASCII too. */
const ODD_LABEL = 'eu "wést"\\1\nb';
const EXEMPLAR = { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736', span_id: '00f067aa0ba902b7' };
const SERIES = { method: 'GET', route: '/jobs/:jobId', status_code: '200' };
/** A service's own metrics, one of each type, next to the catalogue. */
const CUSTOM = {
  uploadsTotal: defineMetric({
    name: 'uploads_total',
    type: 'counter',
    help: 'Uploads received, by outcome "and" tenant \\ escaped.',
    labelNames: ['outcome', 'tenant'],
  }),
  ingestLagSeconds: defineMetric({
    name: 'ingest_lag_seconds',
    type: 'gauge',
    help: 'Seconds between an upload and its ingestion.',
    labelNames: [],
    unit: 'seconds',
  }),
  segmentSizeBytes: defineMetric({
    name: 'segment_size_bytes',
    type: 'histogram',
    help: 'Size of the segments written, by rendition.',
    labelNames: ['rendition'],
    unit: 'bytes',
    buckets: [1e5, 1e6, 1e7],
  }),
};

/** Scrapes an observability object over HTTP the way Prometheus asks for OpenMetrics, and parses it strictly. */
async function scrapeStrictly(observability: Observability): Promise<{ text: string; families: StrictFamily[] }> {
  const server: Server = await serveMetrics(observability, { port: 0, host: '127.0.0.1' });
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/metrics`, {
      headers: { accept: 'application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5' },
    });
    expect(response.headers.get('content-type')).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    const text = await response.text();
    return { text, families: parseStrictOpenMetrics(text) };
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** The OpenMetrics family name of a metric: a counter's family drops `_total`. */
function familyName(name: string, type: string): string {
  return type === 'counter' ? name.replace(/_total$/, '') : name;
}

/**
 * Series that appear twice (same sample name, same labels) in the text as received, decoded from
 * UTF-8: a scraper keeps only one. Read line by line, since the strict parser silently keeps the
 * first of two such lines when they follow each other.
 */
function duplicates(text: string): string[] {
  const seen = new Set<string>();
  const twice: string[] = [];
  for (const sample of parseExposition(text)) {
    const key = JSON.stringify([sample.name, Object.entries(sample.labels).sort()]);
    if (seen.has(key)) twice.push(key);
    seen.add(key);
  }
  return twice;
}

describe('the full exposition (every group, custom metrics) in OpenMetrics, read by a strict parser (Python prometheus_client)', () => {
  requireTool(STRICT_PARSER_PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);

  for (const prefix of ['', 'media_']) {
    for (const exemplars of [true, false]) {
      it(`parses every catalogue, custom and runtime family (prefix ${JSON.stringify(prefix)}, exemplars ${exemplars ? 'on' : 'off'})`, async () => {
        const observability = createObservability({
          prefix,
          exemplars,
          defaultLabels: { environment: 'test', region: ODD_LABEL },
          groups: 'all',
          customMetrics: CUSTOM,
        });
        const custom = Object.values(CUSTOM);
        expect(touchAllMetrics(observability, 1, EXEMPLAR)).toBe(CATALOGUE_DEFINITIONS.length + custom.length);
        const { text, families } = await scrapeStrictly(observability);
        const byName = new Map(families.map((family) => [family.name, family]));
        for (const definition of [...CATALOGUE_DEFINITIONS, ...custom, ...runtimeMetrics]) {
          const family = byName.get(prefix + familyName(definition.name, definition.type));
          expect(family?.type, definition.name).toBe(definition.type);
          // Every catalogue metric was touched; a few runtime gauges fill in only after their first collect.
          if (definition.group !== 'runtime') expect(family!.samples.length, definition.name).toBeGreaterThan(0);
        }
        expect(families.filter((family) => family.type === 'unknown').map((family) => family.name)).toEqual([]);
        expect(duplicates(text)).toEqual([]);
        const touched = byName.get(`${prefix}api_request_duration_seconds`)!.samples;
        expect(touched.find((sample) => sample.name.endsWith('_count'))?.labels.region).toBe(ODD_LABEL);
        const withExemplar = families.flatMap((family) => family.samples.filter((sample) => sample.exemplar !== null));
        if (exemplars) {
          const histograms = [...CATALOGUE_DEFINITIONS, ...custom].filter(
            (definition) => definition.type === 'histogram',
          );
          expect(withExemplar).toHaveLength(histograms.length);
          for (const sample of withExemplar) expect(sample.exemplar!.labels).toEqual(EXEMPLAR);
        } else {
          expect(withExemplar).toEqual([]);
        }
      });
    }
  }

  /** A recording that made the strict parser reject the whole scrape, or exposed two series a scraper reads as one. */
  interface Case {
    readonly what: string;
    record(o: Observability): void;
    /** What the SDK's own counters say afterwards: dropped values and exemplars are counted. */
    readonly counted: Readonly<Record<string, number>>;
  }
  const INVALID = 'observability_invalid_values';
  const DROPPED = 'observability_exemplars_dropped';
  const CASES: readonly Case[] = [
    {
      what: 'a negative observation (a negative _sum)',
      record: (o) => o.metrics.apiRequestDurationSeconds.observe(SERIES, -0.25),
      counted: { [INVALID]: 1 },
    },
    {
      what: 'a negative observation through a bound handle',
      record: (o) => o.metrics.dbQueryDurationSeconds.labels({ operation: 'select', outcome: 'success' }).observe(-1),
      counted: { [INVALID]: 1 },
    },
    {
      what: 'an exemplar label name with a dash',
      record: (o) => o.metrics.apiRequestDurationSeconds.observe(SERIES, 0.05, { 'trace-id': 'v' }),
      counted: { [DROPPED]: 1 },
    },
    {
      what: 'an exemplar label name with a dot, through a bound handle',
      record: (o) => o.metrics.apiRequestDurationSeconds.labels(SERIES).observe(0.05, { 'trace.id': 'v' }),
      counted: { [DROPPED]: 1 },
    },
    {
      what: 'an exemplar of 129 code points',
      record: (o) => o.metrics.apiRequestDurationSeconds.observe(SERIES, 2, { trace_id: 'é'.repeat(121) }),
      counted: { [DROPPED]: 1 },
    },
    {
      what: 'a lone surrogate next to U+FFFD',
      record: (o) => {
        o.metrics.apiRequestsTotal.inc({ ...SERIES, route: '/a\uD800' });
        o.metrics.apiRequestsTotal.inc({ ...SERIES, route: '/a\uFFFD' });
      },
      counted: {},
    },
    {
      what: 'a pair cut in half by maxLabelValueLength (15) next to U+FFFD',
      record: (o) => {
        o.metrics.apiRequestsTotal.inc({ ...SERIES, route: '/videos/abcdef🎬' });
        o.metrics.apiRequestsTotal.labels({ ...SERIES, route: '/videos/abcdef\uFFFD' }).inc();
      },
      counted: {},
    },
  ];

  for (const { what, record, counted } of CASES) {
    it(`still parses after ${what}, with one series per label text`, async () => {
      const observability = createObservability({ exemplars: true, maxLabelValueLength: 15, groups: 'all' });
      touchAllMetrics(observability, 1, EXEMPLAR);
      record(observability);
      const { text, families } = await scrapeStrictly(observability);
      expect(duplicates(text)).toEqual([]);
      // The SDK's counters, less the series touchAllMetrics wrote into them.
      const sdk = Object.fromEntries(
        families
          .filter((family) => family.name.startsWith('observability_') && family.type === 'counter')
          .map((family) => [
            family.name,
            family.samples
              .filter((sample) => sample.labels.metric !== 'metric_value')
              .reduce((sum, sample) => sum + sample.value, 0),
          ])
          .filter(([, value]) => value !== 0),
      );
      expect(sdk).toEqual(counted);
    });
  }

  it('reads label values with random surrogates as distinct series only where their UTF-8 differs', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      maxLabelValueLength: 8,
      maxSeriesPerMetric: 10_000,
    });
    const pieces = ['a', '\uD800', '\uDC00', '\uFFFD', '🎬', '"', '\\', '\n', 'é'];
    let state = 7;
    const next = (): number => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const recorded = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      let route = '';
      for (let j = Math.floor(next() * 7); j > 0; j--) route += pieces[Math.floor(next() * pieces.length)];
      if (i % 2 === 0) observability.metrics.apiRequestsTotal.inc({ ...SERIES, route });
      else observability.metrics.apiRequestsTotal.labels({ ...SERIES, route }).inc();
      recorded.set(route, (recorded.get(route) ?? 0) + 1);
    }
    const { text, families } = await scrapeStrictly(observability);
    expect(duplicates(text)).toEqual([]);
    const samples = families.find((family) => family.name === 'api_requests')!.samples;
    expect(samples.reduce((sum, sample) => sum + sample.value, 0)).toBe(2000);
    // Every route read back is valid UTF-8 that fits the limit without a cut pair.
    for (const sample of samples) {
      expect(Buffer.from(sample.labels.route!, 'utf8').toString('utf8')).toBe(sample.labels.route);
      expect(sample.labels.route!.length).toBeLessThanOrEqual(8);
    }
  });
});
