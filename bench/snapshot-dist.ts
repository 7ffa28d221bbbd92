/**
 * Builds the package into `bench/results/dist-snapshot/` with source maps (tsup, the project's
 * config, ESM and CJS, no type declarations) and prints the variable that makes the HTTP bench,
 * the cold-start bench and the profiles load that build (`BENCH_DIST=...`):
 *
 *   npx tsx bench/snapshot-dist.ts
 *   BENCH_DIST=bench/results/dist-snapshot npm run bench -- http profile
 *
 * Two reasons: the profiles map our frames back to src/ through the source maps, which the
 * published dist/ leaves out; and a rebuild of dist/ while a long run goes on cannot change what
 * is measured. dist/ itself is not touched. The copy resolves prom-client, pino and the
 * frameworks from the project's node_modules, as dist/ does.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RESULTS_DIR } from './results.js';

const root = join(import.meta.dirname, '..');
const target = join(RESULTS_DIR, 'dist-snapshot');
rmSync(target, { recursive: true, force: true });
execFileSync('npx', ['tsup', '--sourcemap', '--no-dts', '--out-dir', target], {
  cwd: root,
  stdio: ['ignore', 'ignore', 'inherit'],
});
for (const entry of ['index', 'express', 'fastify', 'koa', 'hono']) {
  if (!existsSync(join(target, `${entry}.js.map`))) {
    console.error(`the build in ${target} has no ${entry}.js.map`);
    process.exit(1);
  }
}
console.log(`BENCH_DIST=${relative(process.cwd(), target)}`);
