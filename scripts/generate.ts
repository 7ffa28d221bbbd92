/**
 * `npm run generate`: writes every generated file of the repository (see
 * `scripts/generated-outputs.ts`): `docs/metrics.md`, `docs/errors.md`, `monitoring-presets/`
 * and `docs/runbooks/`. Commit what it changes; `test/generated-files.test.ts` fails until then.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { generatedFiles, generatedTrees } from './generated-outputs.js';

const ROOT = resolve(import.meta.dirname, '..');

for (const { path, content } of generatedFiles()) writeFileSync(join(ROOT, path), content);
for (const { dir, files } of generatedTrees()) {
  rmSync(join(ROOT, dir), { recursive: true, force: true });
  for (const [path, content] of files) {
    const target = join(ROOT, dir, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
}
const written = [...generatedFiles().map((file) => file.path), ...generatedTrees().map((tree) => `${tree.dir}/`)];
process.stderr.write(`generated ${written.join(', ')}\n`);
