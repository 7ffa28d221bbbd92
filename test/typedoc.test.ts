import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const TYPEDOC = join(ROOT, 'node_modules', '.bin', 'typedoc');
// Strips ANSI colour and style codes, so that `[warning]` matches however typedoc colours it.
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;

mkdirSync(join(ROOT, '.tmp'), { recursive: true });
// Render into a scratch directory, never into docs/api, so the test leaves the tree as it was.
const OUT = mkdtempSync(join(ROOT, '.tmp', 'typedoc-'));

afterAll(() => rmSync(OUT, { recursive: true, force: true }));

describe('API reference (typedoc.json treats every warning as an error)', () => {
  it('builds with no warning and no error: every public export and member is documented', () => {
    const run = spawnSync(TYPEDOC, ['--out', OUT], { cwd: ROOT, encoding: 'utf8' });
    expect(run.error).toBeUndefined();
    const output = `${run.stdout}${run.stderr}`.replace(ANSI, '');
    const problems = output.split('\n').filter((line) => line.includes('[warning]') || line.includes('[error]'));
    expect(problems).toEqual([]);
    expect(run.status).toBe(0);
  }, 180_000);
});
