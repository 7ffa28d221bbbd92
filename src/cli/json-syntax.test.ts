import { describe, expect, it } from 'vitest';
import { jsonErrorOffset, lineColumn } from './json-syntax.js';

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function value(next: () => number, depth: number): unknown {
  const pick = Math.floor(next() * (depth > 3 ? 4 : 6));
  if (pick === 0) return Math.floor(next() * 2000) - 1000 + (next() < 0.3 ? next() : 0);
  if (pick === 1) return ['', 'a"b', 'line\nbreak', 'é ✓', '\\'][Math.floor(next() * 5)];
  if (pick === 2) return [true, false, null][Math.floor(next() * 3)];
  if (pick === 3) return next() < 0.5 ? [] : {};
  if (pick === 4) return Array.from({ length: Math.floor(next() * 4) }, () => value(next, depth + 1));
  return Object.fromEntries(
    Array.from({ length: Math.floor(next() * 4) }, (_, i) => [`k${i}`, value(next, depth + 1)]),
  );
}

describe('jsonErrorOffset agrees with JSON.parse', () => {
  it('on 500 random documents and 2,000 random corruptions of them', () => {
    const next = random(42);
    const noise = ['', ',', '}', ']', '"', ':', 'x', '\u0001', ' ', '{', '[', '1', '\\'];
    for (let n = 0; n < 500; n++) {
      const text = JSON.stringify(value(next, 0), null, next() < 0.5 ? 2 : undefined);
      expect(jsonErrorOffset(text), text).toBeUndefined();
      for (let m = 0; m < 4; m++) {
        const at = Math.floor(next() * (text.length + 1));
        const cut = Math.floor(next() * 2);
        const changed = text.slice(0, at) + noise[Math.floor(next() * noise.length)] + text.slice(at + cut);
        let valid = true;
        try {
          JSON.parse(changed);
        } catch {
          valid = false;
        }
        const offset = jsonErrorOffset(changed);
        expect(offset === undefined, changed).toBe(valid);
        if (offset !== undefined) expect(offset).toBeLessThanOrEqual(changed.length);
      }
    }
  });

  it('gives 1-based lines and columns', () => {
    expect(lineColumn('{\n  "a": 1,\n}', 12)).toEqual({ line: 3, column: 1 });
    expect(lineColumn('abc', 0)).toEqual({ line: 1, column: 1 });
  });
});
