/**
 * `npm run bench`: runs every `bench/*.bench.ts` one after the other (never in parallel:
 * they share two cores), each in its own process. Pass names to run only some:
 * `npm run bench -- guard http`.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = import.meta.dirname;
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
    // No tsconfig paths at run time: the package name resolves to dist/, the build users run.
    env: { ...process.env, TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json') },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
