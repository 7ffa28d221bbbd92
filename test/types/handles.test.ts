import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

describe('typed handles', () => {
  it('reject wrong, missing and unknown label names at compile time', () => {
    const result = spawnSync(
      join(ROOT, 'node_modules/.bin/tsc'),
      ['--noEmit', '-p', join(ROOT, 'test/types/tsconfig.json')],
      { cwd: ROOT, encoding: 'utf8' },
    );
    // Every @ts-expect-error line is an error; an unused one would fail here as TS2578.
    expect(result.stdout).toBe('');
    expect(result.status).toBe(0);
  });
});
