import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { toYaml, type YamlValue } from './yaml.js';
import { seededRandom as random } from '../../../test/helpers/random.js';

/** Pieces YAML gives a meaning to, or that look like another type, glued together at random. */
const PIECES = [
  ...['a', 'job', 'rate5m', 'transcode-flow', '/metrics', 'http://x:9/y', '{{ $labels.job }}', '${VAR:-x}'],
  ...[':', ': ', 'x:', '-', '- ', '--', '---', '...', '#', ' #', '# ', '?', '? ', '|', '|-', '>', '%', '@', '`'],
  ...["'", '"', "''", '\\', '\\n', '{', '}', '[', ']', ',', '&a', '*a', '!', '!!str', '<<', '=', '~'],
  ...[' ', '  ', '\t', '\n', '\n\n', '\r\n', ' \n', '\n ', '\u0085', '\u2028', '\u00a0', '\ufeff', '\u0007'],
  ...['é', 'ß', 'Ω', '日本', '🎬', '👩‍💻', 'ǅ'],
  ...['yes', 'No', 'ON', 'off', 'y', 'N', 'true', 'False', 'null', 'NULL', 'Null'],
  ...['0', '-0', '1', '+1', '-1', '007', '0o17', '0x1F', '0b101', '1_000', '1:20', '190:20:30', '1e3', '1.5e-3'],
  ...['.5', '5.', '.inf', '-.Inf', '.nan', '1,000', '2026-11-01', '2026-11-01T10:00:00Z', '3m', '1h30m', '0+1x5'],
];

function pick<T>(next: () => number, items: readonly T[]): T {
  return items[Math.floor(next() * items.length)]!;
}

function randomString(next: () => number): string {
  const roll = next();
  if (roll < 0.05) return '';
  if (roll < 0.15) return String(randomNumber(next));
  const count = 1 + Math.floor(next() * 4);
  return Array.from({ length: count }, () => pick(next, PIECES)).join('');
}

function randomNumber(next: () => number): number {
  return pick(next, [
    0,
    -0,
    1,
    -1,
    0.1,
    1e21,
    -2.5e-7,
    Number.MAX_SAFE_INTEGER,
    Math.floor(next() * 1e6),
    (next() - 0.5) * 1e3,
  ]);
}

function randomValue(next: () => number, depth: number): YamlValue {
  const roll = next();
  if (depth > 0 && roll < 0.2) {
    return Array.from({ length: Math.floor(next() * 4) }, () => randomValue(next, depth - 1));
  }
  if (depth > 0 && roll < 0.4) {
    const entries = Array.from({ length: Math.floor(next() * 4) }, () => [
      randomString(next),
      randomValue(next, depth - 1),
    ]);
    return Object.fromEntries(entries) as YamlValue;
  }
  if (roll < 0.5) return randomNumber(next);
  if (roll < 0.55) return next() < 0.5;
  if (roll < 0.58) return null;
  return randomString(next);
}

describe('toYaml', () => {
  const CASES = 5000;

  it(`writes ${CASES} random documents that YAML 1.2 and YAML 1.1 (Prometheus, Alertmanager) both read back as the input`, () => {
    for (let seed = 1; seed <= CASES; seed++) {
      const next = random(seed);
      const value = { [randomString(next)]: randomValue(next, 3), document: randomValue(next, 3) };
      const text = toYaml(value, ['a header line', 'another: with # and :']);
      for (const version of ['1.2', '1.1'] as const) {
        expect(parse(text, { version }), `seed ${seed}, YAML ${version}:\n${text}`).toEqual(value);
      }
    }
  });

  it.each([
    ['a string ending in a colon', 'ends with:'],
    ['a leading dash', '- item'],
    ['a comment sign', '# not a comment'],
    ['a boolean in YAML 1.1', 'yes'],
    ['an octal number in YAML 1.2', '0o17'],
    ['a number', '0.5'],
    ['an empty string', ''],
    ['a multi-line PromQL expression', 'sum(rate(x[5m]))\n/\nsum(rate(y[5m]))'],
    ['quotes', `it's "quoted"`],
  ])('keeps %s a string', (_, text) => {
    const written = toYaml({ value: text });
    expect(parse(written)).toEqual({ value: text });
    expect(parse(written, { version: '1.1' })).toEqual({ value: text });
  });

  it('writes the header as comments, long lines unfolded and multi-line strings as literal blocks', () => {
    const long = `sum by (job) (rate(${'x'.repeat(200)}[5m]))`;
    expect(toYaml({ expr: long, multi: 'a\nb' }, ['Generated.', 'Do not edit.'])).toBe(
      `# Generated.\n# Do not edit.\nexpr: ${long}\nmulti: |-\n  a\n  b\n`,
    );
  });
});
