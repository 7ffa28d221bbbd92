import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { createObservability, type Observability } from '../../create-observability.js';
import { OVERFLOW_LABEL_VALUE } from './labels.js';

/** Recordings sent past the cap on each path. */
const RECORDINGS = 50;
const REQUEST = { method: 'GET', route: '/kept', status_code: 200 } as const;
const IN_PROGRESS = { method: 'GET', route: '/kept' } as const;
const folded = (i: number) => ({ method: 'GET', route: `/folded/${i}`, status_code: 200 });
const foldedGauge = (i: number) => ({ method: 'GET', route: `/folded/${i}` });

type Metrics = Observability['metrics'];

/**
 * One way to record into a metric that reached its cap: `record(metrics, n)` makes `n`
 * recordings of label sets the cap folds into `__overflow__`.
 */
interface RecordingPath {
  readonly path: string;
  /** The exposed name of the metric the path records into. */
  readonly metric: 'api_requests_total' | 'api_requests_in_progress' | 'api_request_duration_seconds';
  record(metrics: Metrics, recordings: number): void;
}

const PATHS: readonly RecordingPath[] = [
  {
    path: 'counter inc, unbound',
    metric: 'api_requests_total',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestsTotal.inc(folded(i));
    },
  },
  {
    path: 'counter inc, one binding',
    metric: 'api_requests_total',
    record: (m, n) => {
      const bound = m.apiRequestsTotal.labels(folded(0));
      for (let i = 0; i < n; i++) bound.inc();
    },
  },
  {
    path: 'counter inc, a binding per recording',
    metric: 'api_requests_total',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestsTotal.labels(folded(i)).inc(2);
    },
  },
  {
    path: 'gauge inc, unbound',
    metric: 'api_requests_in_progress',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestsInProgress.inc(foldedGauge(i));
    },
  },
  {
    path: 'gauge dec, unbound',
    metric: 'api_requests_in_progress',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestsInProgress.dec(foldedGauge(i));
    },
  },
  {
    path: 'gauge set, unbound',
    metric: 'api_requests_in_progress',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestsInProgress.set(foldedGauge(i), i);
    },
  },
  {
    path: 'gauge inc and dec, one binding',
    metric: 'api_requests_in_progress',
    record: (m, n) => {
      const bound = m.apiRequestsInProgress.labels(foldedGauge(0));
      for (let i = 0; i < n; i++) {
        if (i % 2 === 0) bound.inc();
        else bound.dec();
      }
    },
  },
  {
    path: 'gauge set, one binding',
    metric: 'api_requests_in_progress',
    record: (m, n) => {
      const bound = m.apiRequestsInProgress.labels(foldedGauge(0));
      for (let i = 0; i < n; i++) bound.set(i);
    },
  },
  {
    path: 'histogram observe, unbound',
    metric: 'api_request_duration_seconds',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestDurationSeconds.observe(folded(i), 0.01);
    },
  },
  {
    path: 'histogram observe, one binding (the HTTP recorder path)',
    metric: 'api_request_duration_seconds',
    record: (m, n) => {
      const bound = m.apiRequestDurationSeconds.labels(folded(0));
      for (let i = 0; i < n; i++) bound.observe(0.01);
    },
  },
  {
    path: 'histogram startTimer, unbound',
    metric: 'api_request_duration_seconds',
    record: (m, n) => {
      for (let i = 0; i < n; i++) m.apiRequestDurationSeconds.startTimer(folded(i))();
    },
  },
  {
    path: 'histogram startTimer, one binding',
    metric: 'api_request_duration_seconds',
    record: (m, n) => {
      const bound = m.apiRequestDurationSeconds.labels(folded(0));
      for (let i = 0; i < n; i++) bound.startTimer()();
    },
  },
];

/** An observability object whose request metrics hold one series each, so every new label set folds. */
function full(): Observability {
  const observability = createObservability({ defaultMetrics: false, maxSeriesPerMetric: 1 });
  const { metrics } = observability;
  metrics.apiRequestsTotal.inc(REQUEST);
  metrics.apiRequestsInProgress.inc(IN_PROGRESS);
  metrics.apiRequestDurationSeconds.observe(REQUEST, 0.01);
  return observability;
}

async function overflowCount(observability: Observability, metric: string): Promise<number | undefined> {
  const samples = parseExposition((await observability.scrape()).body);
  return sampleValue(samples, 'observability_series_overflow_total', { metric });
}

describe('observability_series_overflow_total counts recordings folded into __overflow__', () => {
  for (const path of PATHS) {
    it(`${path.path}: ${RECORDINGS} recordings past the cap count ${RECORDINGS}`, async () => {
      const observability = full();
      path.record(observability.metrics, RECORDINGS);
      expect(await overflowCount(observability, path.metric)).toBe(RECORDINGS);
      // The series that existed before the cap was reached is the only other one, untouched.
      const samples = parseExposition((await observability.scrape()).body);
      const overflow = { route: OVERFLOW_LABEL_VALUE };
      if (path.metric === 'api_request_duration_seconds') {
        expect(sampleValue(samples, 'api_request_duration_seconds_count', overflow)).toBe(RECORDINGS);
        expect(sampleValue(samples, 'api_request_duration_seconds_count', { route: '/kept' })).toBe(1);
      } else {
        expect(sampleValue(samples, path.metric, overflow)).toBeDefined();
        expect(sampleValue(samples, path.metric, { route: '/kept' })).toBe(1);
      }
    });
  }

  it('counts nothing for a binding that records nothing, or records into a series that exists', async () => {
    const observability = full();
    const { metrics } = observability;
    for (let i = 0; i < RECORDINGS; i++) {
      metrics.apiRequestsTotal.labels(folded(i));
      metrics.apiRequestsInProgress.labels(foldedGauge(i));
      metrics.apiRequestDurationSeconds.labels(folded(i)).startTimer();
    }
    metrics.apiRequestsTotal.labels(REQUEST).inc();
    metrics.apiRequestsTotal.inc(REQUEST);
    for (const metric of ['api_requests_total', 'api_requests_in_progress', 'api_request_duration_seconds']) {
      expect(await overflowCount(observability, metric), metric).toBeUndefined();
    }
  });

  it('counts nothing for a value dropped as invalid, even on a label set the cap would fold', async () => {
    const observability = full();
    const { metrics } = observability;
    const bound = metrics.apiRequestsTotal.labels(folded(0));
    bound.inc(-1);
    metrics.apiRequestsTotal.inc(folded(1), Number.NaN);
    metrics.apiRequestDurationSeconds.labels(folded(2)).observe(Number.POSITIVE_INFINITY);
    expect(await overflowCount(observability, 'api_requests_total')).toBeUndefined();
    expect(await overflowCount(observability, 'api_request_duration_seconds')).toBeUndefined();
    expect(metrics.observabilityInvalidValuesTotal.value({ metric: 'api_requests_total' })).toBe(2);
  });

  it('matches the recordings on every path together, in one metric', async () => {
    const observability = full();
    const histogramPaths = PATHS.filter((path) => path.metric === 'api_request_duration_seconds');
    for (const path of histogramPaths) path.record(observability.metrics, RECORDINGS);
    const total = histogramPaths.length * RECORDINGS;
    expect(await overflowCount(observability, 'api_request_duration_seconds')).toBe(total);
    expect(observability.metrics.apiRequestDurationSeconds.value(REQUEST).count).toBe(1);
  });
});
