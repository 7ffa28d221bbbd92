/**
 * Copies the current build (dist/) to `bench/results/dist-snapshot/` and prints the command
 * prefix that makes the HTTP bench and the profiles load that copy (`BENCH_DIST=...`), so that a
 * rebuild of dist/ while a long run goes on cannot change what is measured:
 *
 *   npm run build && npx tsx bench/snapshot-dist.ts
 *   BENCH_DIST=bench/results/dist-snapshot npm run bench -- http
 *
 * The copy resolves prom-client, pino and the frameworks from the project's node_modules, as
 * dist/ does.
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { RESULTS_DIR } from './results.js';

const dist = join(import.meta.dirname, '..', 'dist');
const target = join(RESULTS_DIR, 'dist-snapshot');
for (const entry of ['index', 'express', 'fastify', 'koa', 'hono']) {
  if (!existsSync(join(dist, `${entry}.js`))) {
    console.error(`dist/${entry}.js is missing: run npm run build first (or wait for a build in progress)`);
    process.exit(1);
  }
}
rmSync(target, { recursive: true, force: true });
cpSync(dist, target, { recursive: true });
console.log(`BENCH_DIST=${relative(process.cwd(), target)}`);
