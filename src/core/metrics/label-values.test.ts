import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { parseExposition } from '../../../test/helpers/exposition.js';
import { GuardedCounter } from './counter.js';
import type { GuardedMetricConfig } from './guarded-metric.js';
import { seededRandom as random } from '../../../test/helpers/random.js';

const MAX_LENGTH = 6;
const LABELS = ['route', 'status_code'] as const;

/** Pieces of random label values: lone and paired surrogates, U+FFFD, the key separator, escapes. */
const PIECES = ['a', 'b', 'é', '\uD800', '\uDBFF', '\uDC00', '\uDFFF', '\uFFFD', '🎬', '\u0001', '"', '\\', '\n', 'x'];

function randomValue(next: () => number): string {
  let value = '';
  const pieces = Math.floor(next() * 9);
  for (let i = 0; i < pieces; i++) value += PIECES[Math.floor(next() * PIECES.length)]!;
  return value;
}

function counter(maxSeries: number): GuardedCounter {
  const config: GuardedMetricConfig = {
    name: 'fuzz_total',
    help: 'Fuzzed label values.',
    labelNames: LABELS,
    constLabels: {},
    maxSeries,
    maxLabelValueLength: MAX_LENGTH,
    aggregator: 'sum',
    collectTimeoutMs: 200,
    events: { overflow() {}, invalidValue() {}, collectError() {} },
  };
  return new GuardedCounter(config);
}

/** The samples of a metric as a scraper reads them: the text is sent as UTF-8 and decoded. */
async function scraped(metric: GuardedCounter): Promise<ReturnType<typeof parseExposition>> {
  const registry = new Registry();
  registry.registerMetric(metric as never);
  const wire = Buffer.from(await registry.metrics(), 'utf8');
  return parseExposition(wire.toString('utf8'));
}

/** What a scraper reads for a label set recorded alone: the oracle, independent of the series keys. */
async function exposedAlone(labels: Record<string, string>): Promise<string> {
  const metric = counter(10);
  metric.inc(labels);
  const [sample] = await scraped(metric);
  return JSON.stringify(LABELS.map((name) => sample!.labels[name]));
}

describe('label values: one series per text a scraper reads', () => {
  it('merges a lone surrogate with U+FFFD, the way UTF-8 writes it', async () => {
    const metric = counter(100);
    metric.inc({ route: 'a\uD800', status_code: '200' });
    metric.inc({ route: 'a\uFFFD', status_code: '200' });
    metric.labels({ route: 'a\uDC00', status_code: '200' }).inc();
    const samples = await scraped(metric);
    expect(samples).toEqual([{ name: 'fuzz_total', labels: { route: 'a\uFFFD', status_code: '200' }, value: 3 }]);
  });

  it('cuts an over-long value before a surrogate pair, never inside it', async () => {
    const metric = counter(100);
    // Five units, then a pair that the limit of six would cut in half.
    metric.inc({ route: 'abcde🎬', status_code: '200' });
    metric.inc({ route: 'abcde\uD83C', status_code: '200' });
    metric.inc({ route: 'abcde', status_code: '200' });
    const samples = await scraped(metric);
    expect(samples.map((s) => [s.labels.route, s.value])).toEqual([
      ['abcde', 2],
      ['abcde\uFFFD', 1],
    ]);
    expect(metric.value({ route: 'abcde🎬', status_code: '200' })).toBe(2);
  });

  for (const seed of [1, 2, 3]) {
    it(`fuzz (seed ${seed}): two label sets share a series iff a scraper reads them alike`, async () => {
      const next = random(seed);
      const metric = counter(100_000);
      const expected = new Map<string, number>();
      for (let i = 0; i < 600; i++) {
        const labels = { route: randomValue(next), status_code: randomValue(next) };
        if (i % 2 === 0) metric.inc(labels);
        else metric.labels(labels).inc();
        const text = await exposedAlone(labels);
        expected.set(text, (expected.get(text) ?? 0) + 1);
        for (const name of LABELS) {
          const shown = (JSON.parse(text) as string[])[LABELS.indexOf(name)]!;
          // The longest code-point prefix, within the limit, of the value as UTF-8 writes it.
          const whole = [...Buffer.from(labels[name], 'utf8').toString('utf8').replaceAll('\u0001', '\uFFFD')];
          let fits = '';
          for (const point of whole) {
            if (fits.length + point.length > MAX_LENGTH) break;
            fits += point;
          }
          expect(shown, JSON.stringify(labels[name])).toBe(fits);
        }
      }
      const series = new Map<string, number>();
      for (const sample of await scraped(metric)) {
        const text = JSON.stringify(LABELS.map((name) => sample.labels[name]));
        expect(series.has(text), `two series read as ${text}`).toBe(false);
        series.set(text, sample.value);
      }
      expect(series).toEqual(expected);
    });
  }
});
