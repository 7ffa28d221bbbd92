import { describe, expect, it } from 'vitest';
import { exemplarsOf } from '../../../test/helpers/exposition.js';
import { createObservability } from '../../create-observability.js';
import { renderOpenMetrics } from '../openmetrics.js';

const SERIES = { method: 'GET', route: '/jobs/:jobId', status_code: '200' };
/** The bucket an observation of 0.05 s falls in, in the default HTTP latency buckets. */
const BUCKET = { ...SERIES, le: '0.05' };

/** Exemplar label sets OpenMetrics accepts, and what the exposition shows for each. */
const KEPT: readonly [string, unknown, Record<string, string>][] = [
  ['trace and span ids', { trace_id: 'abc', span_id: 'def' }, { trace_id: 'abc', span_id: 'def' }],
  ['upper case and digits', { TraceId2: 'x' }, { TraceId2: 'x' }],
  ['128 code points exactly', { trace_id: 'é'.repeat(120) }, { trace_id: 'é'.repeat(120) }],
  ['a pair counted as one code point', { trace_id: `${'é'.repeat(119)}🎬` }, { trace_id: `${'é'.repeat(119)}🎬` }],
  ['a number value', { trace_id: 42 }, { trace_id: '42' }],
  ['an undefined value left out', { trace_id: 'x', span_id: undefined }, { trace_id: 'x' }],
  ['a lone surrogate written as UTF-8 writes it', { trace_id: 'a\uD800' }, { trace_id: 'a\uFFFD' }],
  ['characters the text format escapes', { trace_id: 'a"b\\c\nd' }, { trace_id: 'a"b\\c\nd' }],
];

/** Exemplar label sets that break OpenMetrics 1.0: each one is dropped and counted. */
const DROPPED: readonly [string, unknown][] = [
  ['a dash in a name (the Prometheus 2.42 "expected equal, got INVALID" case)', { 'trace-id': 'v' }],
  ['a dot in a name', { 'trace.id': 'v' }],
  ['a colon in a name', { 'trace:id': 'v' }],
  ['a space in a name', { 'trace id': 'v' }],
  ['a name starting with a digit', { '1trace': 'v' }],
  ['an empty name', { '': 'v' }],
  ['a name outside ASCII', { trацe: 'v' }],
  ['a reserved leading underscore', { _trace: 'v' }],
  ['a reserved double underscore', { __name__: 'v' }],
  ['one bad name among good ones', { trace_id: 'a', 'span-id': 'b' }],
  ['129 code points', { trace_id: 'é'.repeat(121) }],
  ['no labels', {}],
  ['only undefined values', { trace_id: undefined }],
  ['an object value', { trace_id: { id: 1 } }],
  ['a null value', { trace_id: null }],
  ['null instead of a label set', null],
  ['a string instead of a label set', 'trace'],
];

type Observe = (value: number, exemplar: unknown) => void;

/** Records one observation of 0.05 s with `exemplar`, unbound and through a bound handle. */
const PATHS: readonly [string, (o: ReturnType<typeof createObservability>) => Observe][] = [
  [
    'unbound',
    (o) => (value, exemplar) => o.metrics.apiRequestDurationSeconds.observe(SERIES, value, exemplar as never),
  ],
  [
    'bound',
    (o) => {
      const bound = o.metrics.apiRequestDurationSeconds.labels(SERIES);
      return (value, exemplar) => bound.observe(value, exemplar as never);
    },
  ],
];

async function exposition(observability: ReturnType<typeof createObservability>): Promise<string> {
  return renderOpenMetrics(observability.registry);
}

describe('exemplar label sets', () => {
  for (const [path, observer] of PATHS) {
    for (const [what, exemplar, shown] of KEPT) {
      it(`${path}: keeps ${what}`, async () => {
        const observability = createObservability({ defaultMetrics: false, exemplars: true });
        observer(observability)(0.05, exemplar);
        const text = await exposition(observability);
        expect(exemplarsOf(text, 'api_request_duration_seconds_bucket', BUCKET)).toEqual([
          { labels: shown, value: 0.05 },
        ]);
        expect(
          observability.metrics.observabilityExemplarsDroppedTotal.value({ metric: 'api_request_duration_seconds' }),
        ).toBe(0);
      });
    }

    for (const [what, exemplar] of DROPPED) {
      it(`${path}: drops and counts ${what}, and keeps the observation`, async () => {
        const observability = createObservability({ defaultMetrics: false, exemplars: true });
        observer(observability)(0.05, exemplar);
        const text = await exposition(observability);
        expect(exemplarsOf(text, 'api_request_duration_seconds_bucket', BUCKET)).toEqual([undefined]);
        expect(text).not.toContain(' # {');
        expect(observability.metrics.apiRequestDurationSeconds.value(SERIES)).toEqual({ count: 1, sum: 0.05 });
        expect(
          observability.metrics.observabilityExemplarsDroppedTotal.value({ metric: 'api_request_duration_seconds' }),
        ).toBe(1);
      });
    }
  }

  it('keeps the last valid exemplar of a bucket when a later one is dropped', async () => {
    const observability = createObservability({ defaultMetrics: false, exemplars: true });
    const histogram = observability.metrics.apiRequestDurationSeconds;
    histogram.observe(SERIES, 0.04, { trace_id: 'good' });
    histogram.observe(SERIES, 0.05, { 'trace-id': 'bad' });
    const text = await exposition(observability);
    expect(exemplarsOf(text, 'api_request_duration_seconds_bucket', BUCKET)).toEqual([
      { labels: { trace_id: 'good' }, value: 0.04 },
    ]);
    expect(histogram.value(SERIES).count).toBe(2);
  });

  it('keeps a copy: changing the caller’s object afterwards changes nothing', async () => {
    const observability = createObservability({ defaultMetrics: false, exemplars: true });
    const exemplar: Record<string, string> = { trace_id: 'abc' };
    observability.metrics.apiRequestDurationSeconds.observe(SERIES, 0.05, exemplar);
    exemplar['trace-id'] = 'x'.repeat(200);
    const text = await exposition(observability);
    expect(exemplarsOf(text, 'api_request_duration_seconds_bucket', BUCKET)).toEqual([
      { labels: { trace_id: 'abc' }, value: 0.05 },
    ]);
  });

  it('counts nothing and keeps nothing when exemplars are off', async () => {
    const observability = createObservability({ defaultMetrics: false, exemplars: false });
    observability.metrics.apiRequestDurationSeconds.observe(SERIES, 0.05, { 'trace-id': 'v' });
    expect(await exposition(observability)).not.toContain(' # {');
    expect(
      observability.metrics.observabilityExemplarsDroppedTotal.value({ metric: 'api_request_duration_seconds' }),
    ).toBe(0);
  });
});
