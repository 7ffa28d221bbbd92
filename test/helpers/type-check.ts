import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');

/**
 * Runs the project's tsc on one tsconfig of test/types and expects no output and exit 0: every
 * `@ts-expect-error` line must be an error (an unused one fails as TS2578), and nothing else is.
 */
export function expectTypeCheckPasses(tsconfig: string): void {
  const result = spawnSync(join(ROOT, 'node_modules/.bin/tsc'), ['--noEmit', '-p', join(ROOT, tsconfig)], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  expect(result.stdout).toBe('');
  expect(result.status).toBe(0);
}
