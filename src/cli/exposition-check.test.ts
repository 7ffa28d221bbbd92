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
