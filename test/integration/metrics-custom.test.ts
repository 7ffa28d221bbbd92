import { spawnSync } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineMetric } from '../../src/catalogue/define-metric.js';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { renderMetricsReference } from '../../src/catalogue/render-metrics-doc.js';
import { runtimeMetrics } from '../../src/catalogue/runtime.js';
import { runCli } from '../../src/cli/run.js';
import { ObservabilityError } from '../../src/core/errors.js';
import { serveMetrics } from '../../src/core/metrics-server.js';
import type { CustomMetrics } from '../../src/core/metrics/custom-definitions.js';
import { OVERFLOW_LABEL_VALUE } from '../../src/core/metrics/labels.js';
import { createObservability, type Observability } from '../../src/create-observability.js';
import {
  findSamples,
  parseExposition,
  parseStrictOpenMetrics,
  sampleValue,
  STRICT_PARSER_PYTHON,
} from '../helpers/exposition.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** A small service's own metrics: one of each type. */
const CUSTOM = {
  uploadsTotal: defineMetric({
    name: 'uploads_total',
    type: 'counter',
    help: 'Uploads received, by outcome.',
    labelNames: ['outcome'],
    unit: 'requests',
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

/** Runs the real `promtool check metrics` on an exposition; returns its complaints. */
function promtoolCheck(exposition: string): string[] {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
}

/** GETs /metrics from a server, asking for one format. */
async function scrape(url: string, openMetrics: boolean): Promise<{ type: string | null; text: string }> {
  const response = await fetch(url, {
    headers: { accept: openMetrics ? 'application/openmetrics-text;version=1.0.0' : 'text/plain;version=0.0.4' },
  });
  return { type: response.headers.get('content-type'), text: await response.text() };
}

function errorOf(customMetrics: unknown, extra: Record<string, unknown> = {}): ObservabilityError {
  try {
    createObservability({ defaultMetrics: false, customMetrics: customMetrics as CustomMetrics, ...extra });
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityError);
    return error as ObservabilityError;
  }
  throw new Error(`customMetrics ${JSON.stringify(customMetrics)} were accepted`);
}

describe("a service's own metrics, scraped over HTTP", () => {
  requireTool('promtool', ['--version']);
  requireTool(STRICT_PARSER_PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);
  let observability: Observability<typeof CUSTOM>;
  let server: Server;
  let url: string;

  beforeAll(async () => {
    observability = createObservability({
      prefix: 'media_',
      defaultLabels: { environment: 'test' },
      groups: ['api', 'jobs'],
      customMetrics: CUSTOM,
    });
    server = await serveMetrics(observability, { port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it('are exposed with the prefix and the constant labels, next to the catalogue, and promtool finds nothing wrong', async () => {
    const { custom } = observability;
    custom.uploadsTotal.inc({ outcome: 'stored' });
    custom.uploadsTotal.labels({ outcome: 'stored' }).inc(2);
    custom.ingestLagSeconds.set(1.5);
    custom.segmentSizeBytes.observe({ rendition: '720p' }, 2_000_000);
    expect(custom.uploadsTotal.value({ outcome: 'stored' })).toBe(3);
    expect(custom.uploadsTotal.name).toBe('media_uploads_total');
    const { text } = await scrape(url, false);
    const samples = parseExposition(text);
    expect(sampleValue(samples, 'media_uploads_total', { outcome: 'stored', environment: 'test' })).toBe(3);
    expect(sampleValue(samples, 'media_ingest_lag_seconds', { environment: 'test' })).toBe(1.5);
    expect(sampleValue(samples, 'media_segment_size_bytes_bucket', { rendition: '720p', le: '1000000' })).toBe(0);
    expect(sampleValue(samples, 'media_segment_size_bytes_bucket', { rendition: '720p', le: '10000000' })).toBe(1);
    expect(text).toMatch(/^# HELP media_uploads_total Uploads received, by outcome\.$/m);
    expect(findSamples(samples, 'media_jobs_created_total')).toEqual([]);
    expect(text).toMatch(/^# TYPE media_jobs_created_total counter$/m);
    expect(promtoolCheck(text)).toEqual([]);
  });

  it('parse in OpenMetrics with the strict parser, each family of its declared type', async () => {
    touchAllMetrics(observability);
    const { type, text } = await scrape(url, true);
    expect(type).toMatch(/^application\/openmetrics-text/);
    const families = new Map(parseStrictOpenMetrics(text).map((family) => [family.name, family]));
    expect(families.get('media_uploads')?.type).toBe('counter');
    expect(families.get('media_ingest_lag_seconds')?.type).toBe('gauge');
    expect(families.get('media_segment_size_bytes')?.type).toBe('histogram');
    expect(families.get('media_segment_size_bytes')!.samples.length).toBeGreaterThan(0);
  });

  it('are present for `verify --expect`, which names the ones missing', async () => {
    const run = async (...args: string[]): Promise<{ code: number; out: string }> => {
      let out = '';
      const code = await runCli(['verify', '--url', url, '--prefix', 'media_', '--groups', 'api,jobs', ...args], {
        stdout: (t) => (out += t),
        stderr: (t) => (out += t),
      });
      return { code, out };
    };
    const ok = await run('--expect', 'uploads_total,ingest_lag_seconds', '--expect', 'segment_size_bytes');
    expect(ok.out).not.toMatch(/missing|not in the catalogue/i);
    expect(ok.code).toBe(0);
    const missing = await run('--expect', 'uploads_total,downloads_total', '--allow-unknown');
    expect(missing.out).toContain('Expected metrics missing (--expect) (1):\n  - media_downloads_total');
    expect(missing.code).toBe(1);
    const unexpected = await run();
    expect(unexpected.out).toContain('media_uploads_total');
    expect(unexpected.code).toBe(1);
  });
});

describe("a service's own metrics share the catalogue's guard", () => {
  it('fold past maxSeriesPerMetric into the overflow series, counted by metric', async () => {
    const observability = createObservability({ defaultMetrics: false, maxSeriesPerMetric: 3, customMetrics: CUSTOM });
    for (let i = 0; i < 5; i++) observability.custom.uploadsTotal.inc({ outcome: `o${i}` });
    observability.custom.uploadsTotal.inc({ outcome: 'o0' });
    const samples = parseExposition((await observability.scrape()).body);
    expect(findSamples(samples, 'uploads_total')).toHaveLength(4);
    expect(sampleValue(samples, 'uploads_total', { outcome: OVERFLOW_LABEL_VALUE })).toBe(2);
    expect(sampleValue(samples, 'observability_series_overflow_total', { metric: 'uploads_total' })).toBe(2);
    expect(sampleValue(samples, 'observability_series', { metric: 'uploads_total' })).toBe(3);
  });

  it('drop invalid values and count them, never throwing', async () => {
    const observability = createObservability({ defaultMetrics: false, customMetrics: CUSTOM });
    const { custom } = observability;
    expect(() => custom.uploadsTotal.inc({ outcome: 'x' }, -1)).not.toThrow();
    expect(() => custom.segmentSizeBytes.observe({ rendition: 'x' }, Number.NaN)).not.toThrow();
    expect(() => custom.uploadsTotal.inc(undefined as never)).not.toThrow();
    const samples = parseExposition((await observability.scrape()).body);
    expect(sampleValue(samples, 'observability_invalid_values_total', { metric: 'uploads_total' })).toBe(1);
    expect(sampleValue(samples, 'observability_invalid_values_total', { metric: 'segment_size_bytes' })).toBe(1);
  });

  it('are taken out of the registry by close(), like the catalogue metrics', async () => {
    const observability = createObservability({ defaultMetrics: false, customMetrics: CUSTOM });
    observability.close();
    expect(await observability.registry.metrics()).not.toContain('uploads_total');
  });
});

describe('customMetrics validation', () => {
  const valid = CUSTOM.uploadsTotal;
  const cases: [string, unknown, string, RegExp, Record<string, unknown>?][] = [
    ['not an object', 'uploads', 'customMetrics', /is not an object/],
    ['a definition that is not an object', { a: 1 }, 'customMetrics.a', /defineMetric/],
    ['a name with a dash', { a: { ...valid, name: 'uploads-total' } }, 'customMetrics.a.name', /is not a metric name/],
    [
      'a name starting with a digit',
      { a: { ...valid, name: '1_total' } },
      'customMetrics.a.name',
      /is not a metric name/,
    ],
    ['a name starting with __', { a: { ...valid, name: '__x_total' } }, 'customMetrics.a.name', /is not a metric name/],
    ['a name with a colon', { a: { ...valid, name: 'a:b_total' } }, 'customMetrics.a.name', /is not a metric name/],
    ['an empty name', { a: { ...valid, name: '' } }, 'customMetrics.a.name', /is not a metric name/],
    ['a counter without _total', { a: { ...valid, name: 'uploads' } }, 'customMetrics.a.name', /ending in _total/],
    [
      'a gauge ending in _total',
      { a: { ...valid, type: 'gauge', name: 'open_total' } },
      'customMetrics.a.name',
      /ends in _total/,
    ],
    [
      'a histogram ending in _bucket',
      { a: { ...valid, type: 'histogram', name: 'size_bucket' } },
      'customMetrics.a.name',
      /ends in _bucket/,
    ],
    ['a gauge ending in _count', { a: { ...valid, type: 'gauge', name: 'x_count' } }, 'customMetrics.a.name', /_count/],
    [
      'an unknown type',
      { a: { ...valid, type: 'summary' } },
      'customMetrics.a.type',
      /one of counter, gauge, histogram/,
    ],
    ['no help', { a: { ...valid, help: '  ' } }, 'customMetrics.a.help', /a sentence/],
    ['labels that are not an array', { a: { ...valid, labelNames: 'outcome' } }, 'customMetrics.a.labelNames', /array/],
    [
      'a label with a dot',
      { a: { ...valid, labelNames: ['a.b'] } },
      'customMetrics.a.labelNames[0]',
      /not a label name/,
    ],
    [
      'a label starting with __',
      { a: { ...valid, labelNames: ['__a'] } },
      'customMetrics.a.labelNames[0]',
      /not a label/,
    ],
    ['the label le', { a: { ...valid, labelNames: ['ok', 'le'] } }, 'customMetrics.a.labelNames[1]', /reserved/],
    ['a label twice', { a: { ...valid, labelNames: ['a', 'a'] } }, 'customMetrics.a.labelNames[1]', /listed twice/],
    [
      'a label that is also a constant label',
      { a: { ...valid, labelNames: ['environment'] } },
      'customMetrics.a.labelNames[0]',
      /constant label/,
      { defaultLabels: { environment: 'prod' } },
    ],
    ['buckets on a counter', { a: { ...valid, buckets: [1] } }, 'customMetrics.a.buckets', /only on histograms/],
    [
      'buckets not ascending',
      { a: { ...CUSTOM.segmentSizeBytes, buckets: [2, 1] } },
      'customMetrics.a.buckets[1]',
      /not greater/,
    ],
    ['an unknown unit', { a: { ...valid, unit: 'celsius' } }, 'customMetrics.a.unit', /one of seconds/],
    ['an unknown group', { a: { ...valid, group: 'http' } }, 'customMetrics.a.group', /one of api/],
    ['a misspelt field', { a: { ...valid, labels: ['outcome'] } }, 'customMetrics.a.labels', /not a field/],
  ];
  for (const [what, customMetrics, option, message, extra] of cases) {
    it(`refuses ${what} with TFO_ERR_INVALID_OPTION naming ${option}`, () => {
      const error = errorOf(customMetrics, extra);
      expect(error.code).toBe('TFO_ERR_INVALID_OPTION');
      expect(error.option).toBe(option);
      expect(error.message).toMatch(message);
    });
  }

  it('refuses, with TFO_ERR_DUPLICATE_METRIC, every name that would expose a name the catalogue or the runtime takes', () => {
    const taken = [
      ...CATALOGUE_DEFINITIONS,
      ...runtimeMetrics,
      ...runtimeMetrics.flatMap((d) => (d.promClientName ? [{ ...d, name: d.promClientName }] : [])),
    ];
    let refused = 0;
    for (const definition of taken) {
      const samples =
        definition.type === 'histogram'
          ? ['', '_bucket', '_sum', '_count'].map((suffix) => definition.name + suffix)
          : [definition.name];
      for (const name of samples) {
        // Every type whose exposed names include `name`: a gauge or histogram named so, a counter whose family is so.
        const candidates = [
          { type: 'gauge', name },
          { type: 'histogram', name },
          { type: 'counter', name: name.endsWith('_total') ? name : `${name}_total` },
        ].filter(
          (candidate) => !/_(total|created|bucket|sum|count)$/.test(candidate.name) || candidate.type === 'counter',
        );
        for (const candidate of candidates) {
          const error = errorOf({ mine: { ...valid, ...candidate, labelNames: [] } });
          expect(error.code, `${candidate.type} ${candidate.name}`).toBe('TFO_ERR_DUPLICATE_METRIC');
          expect(error.option).toBe('customMetrics.mine.name');
          refused++;
        }
      }
    }
    expect(refused).toBeGreaterThan(taken.length);
  });

  it('refuses two definitions that expose the same name, naming both', () => {
    const error = errorOf({
      size: CUSTOM.segmentSizeBytes,
      count: defineMetric({ name: 'segment_size_bytes_count_total', type: 'counter', help: 'x', labelNames: [] }),
    });
    expect(error.code).toBe('TFO_ERR_DUPLICATE_METRIC');
    expect(error.message).toContain('customMetrics.size');
    const counter = errorOf({
      a: valid,
      b: defineMetric({ name: 'uploads', type: 'gauge', help: 'Same OpenMetrics family.', labelNames: [] }),
    });
    expect(counter.code).toBe('TFO_ERR_DUPLICATE_METRIC');
  });

  it("refuses a counter whose family is another counter's or histogram's `_created` sample (a strict parser's clash)", () => {
    const created = (name: string): CustomMetrics[string] =>
      defineMetric({ name, type: 'counter', help: 'A family named like a _created sample.', labelNames: [] });
    for (const [first, second] of [
      [valid, created('uploads_created_total')],
      [CUSTOM.segmentSizeBytes, created('segment_size_bytes_created_total')],
      [created('uploads_created_total'), valid],
    ] as const) {
      expect(errorOf({ first, second }).code).toBe('TFO_ERR_DUPLICATE_METRIC');
    }
    expect(errorOf({ mine: created('api_requests_created_total') }).code).toBe('TFO_ERR_DUPLICATE_METRIC');
    expect(errorOf({ mine: created('video_transcode_duration_seconds_created_total') }).code).toBe(
      'TFO_ERR_DUPLICATE_METRIC',
    );
  });

  it('accepts random names only when the whole exposition stays clean (promtool, strict parser, no repeated family)', async () => {
    requireTool('promtool', ['--version']);
    requireTool(STRICT_PARSER_PYTHON, ['-c', 'import prometheus_client.openmetrics.parser']);
    const pieces = [
      'api',
      'request',
      'jobs',
      'seconds',
      'bytes',
      'total',
      'bucket',
      'sum',
      'count',
      'created',
      'info',
      'x',
    ];
    const types = ['counter', 'gauge', 'histogram'] as const;
    let state = 11;
    const next = (n: number): number =>
      Math.floor(((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648) * n);
    const accepted: Record<string, CustomMetrics[string]> = {};
    let refusals = 0;
    for (let i = 0; i < 300; i++) {
      const words = Array.from({ length: 1 + next(4) }, () => pieces[next(pieces.length)]!);
      const type = types[next(3)]!;
      // Mostly names of the right shape, so that clashes, not only shapes, are exercised.
      if (type === 'counter' && next(4) !== 0) words.push('total');
      const definition = defineMetric({
        name: words.join('_'),
        type,
        help: `Random metric ${i}.`,
        labelNames: next(2) === 0 ? [] : ['kind'],
      });
      try {
        createObservability({ defaultMetrics: false, customMetrics: { ...accepted, [`m${i}`]: definition } });
        accepted[`m${i}`] = definition;
      } catch (error) {
        expect((error as ObservabilityError).code).toMatch(/^TFO_ERR_(INVALID_OPTION|DUPLICATE_METRIC)$/);
        refusals++;
      }
    }
    expect(Object.keys(accepted).length).toBeGreaterThan(20);
    expect(refusals).toBeGreaterThan(20);
    const observability = createObservability({ groups: 'all', customMetrics: accepted });
    touchAllMetrics(observability);
    const text = (await observability.scrape()).body;
    expect(promtoolCheck(text)).toEqual([]);
    const server = await serveMetrics(observability, { port: 0, host: '127.0.0.1' });
    try {
      const { text: openMetrics } = await scrape(
        `http://127.0.0.1:${(server.address() as AddressInfo).port}/metrics`,
        true,
      );
      const names = parseStrictOpenMetrics(openMetrics).map((family) => family.name);
      expect(new Set(names).size).toBe(names.length);
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('renderMetricsReference', () => {
  it("renders a service's own metrics as a table, with the prefix", () => {
    const markdown = renderMetricsReference(Object.values(CUSTOM), {
      title: 'Upload service metrics',
      prefix: 'media_',
    });
    expect(markdown).toContain('# Upload service metrics');
    expect(markdown).toContain('## Service metrics');
    expect(markdown).toContain(
      '| `media_uploads_total` | counter | requests | `outcome` | — | Uploads received, by outcome. |',
    );
    expect(markdown).toContain(
      '| `media_segment_size_bytes` | histogram | bytes | `rendition` | 3 from 100000 to 10000000 |',
    );
    expect(markdown).toContain('| `media_ingest_lag_seconds` | gauge | seconds | — | — |');
  });
});
