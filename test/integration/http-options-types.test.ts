import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('HTTP per-request options: types', () => {
  it('customLabels takes only the labels declared with httpLabels, from each framework request', () => {
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/tsc'),
      ['--noEmit', '-p', join(ROOT, 'test/types/http-options.tsconfig.json')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // Every @ts-expect-error line is an error; an unused one would fail here as TS2578.
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
