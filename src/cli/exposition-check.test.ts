import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { notAnExposition } from './exposition-check.js';

const TEXT = 'text/plain; version=0.0.4; charset=utf-8';
/** Code points that trip line-based readers: line terminators, quotes, backslash, braces, `#`. */
const HARD = [0x0a, 0x0d, 0x85, 0x2028, 0x2029, 0x22, 0x5c, 0x7b, 0x7d, 0x23, 0x09, 0x20];

describe('notAnExposition on real expositions', () => {
  // A label value may hold any character; JavaScript's `.` stops at U+2028, U+2029, \r and \n.
  it.each([['\u2028'], ['\u2029'], ['\u0085'], ['\r'], ['a}b{c'], ['# not a comment'], ['"quoted"\\'], ['\t']])(
    'accepts a sample whose label value holds %j',
    async (value) => {
      const observability = createObservability({ defaultMetrics: false });
      observability.metrics.apiRequestsTotal.inc({ method: 'GET', route: `/x${value}y`, status_code: '200' });
      const { body } = await observability.scrape();
      expect(notAnExposition(TEXT, body)).toBeUndefined();
    },
  );

  it('accepts 2,000 random label values (seeded), every code point class included', async () => {
    let seed = 0x5eed;
    const random = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const observability = createObservability({ defaultMetrics: false, maxSeriesPerMetric: 5000 });
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(random() * 12);
      const value = String.fromCodePoint(
        ...Array.from({ length }, () => {
          const roll = random();
          if (roll < 0.2) return HARD[Math.floor(random() * HARD.length)]!;
          return roll < 0.6 ? Math.floor(random() * 0x3000) : Math.floor(random() * 0x10ffff);
        }),
      );
      observability.metrics.apiRequestsTotal.inc({ method: 'GET', route: value, status_code: '200' });
    }
    const { body } = await observability.scrape();
    expect(notAnExposition(TEXT, body)).toBeUndefined();
  });
});

describe('notAnExposition on sample values', () => {
  // Every form Go's strconv.ParseFloat reads, which is what Prometheus's text parser uses.
  it.each([
    '0',
    '-1',
    '+1',
    '1.',
    '.5',
    '1.5e3',
    '1E-3',
    '9223372036.854776',
    '0x1p-2',
    '0X1.8P1',
    '0x.8p0',
    'Inf',
    '+Inf',
    '-Inf',
    'inf',
    'INF',
    'Infinity',
    '-infinity',
    'NaN',
    'Nan',
    'nan',
    'NAN',
  ])('accepts the value %s', (value) => {
    expect(notAnExposition(TEXT, `# TYPE a gauge\na{x="1"} ${value}\nb ${value} 1700000000000\n`)).toBeUndefined();
  });

  it.each(['abc', '1..2', '1e', '0x1F', 'Infinit', 'nanx', '--1', '1,5'])('rejects the value %s', (value) => {
    expect(notAnExposition(TEXT, `a ${value}\n`)).toMatch(/^line 1 is neither a comment nor a sample/);
  });

  it('accepts a prom-client registry whose gauge is NaN (prom-client writes `Nan`)', async () => {
    const { Gauge, Registry } = await import('prom-client');
    const registry = new Registry();
    new Gauge({ name: 'lag_mean_seconds', help: 'x', registers: [registry] }).set(Number.NaN);
    const body = await registry.metrics();
    expect(body).toContain('lag_mean_seconds Nan');
    expect(notAnExposition(TEXT, body)).toBeUndefined();
  });

  it('accepts the first scrape of a new observability object, taken before the event loop was sampled', async () => {
    const observability = createObservability({ groups: 'all' });
    try {
      const { body } = await observability.scrape();
      expect(notAnExposition(TEXT, body)).toBeUndefined();
    } finally {
      observability.close();
    }
  });
});
