/**
 * `npm run presets`: renders the committed `monitoring-presets/` tree (default config) and the
 * alert runbooks in `docs/runbooks/`. `test/presets/drift.test.ts` fails when they differ.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { renderPresets, renderRunbooks } from '../src/presets/index.js';

const ROOT = resolve(import.meta.dirname, '..');

/** Replaces a generated directory with the rendered files. */
function replaceTree(directory: string, files: ReadonlyMap<string, string>): void {
  rmSync(directory, { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}

replaceTree(join(ROOT, 'monitoring-presets'), renderPresets());
replaceTree(join(ROOT, 'docs/runbooks'), renderRunbooks());
process.stderr.write('rendered monitoring-presets/ and docs/runbooks/\n');
