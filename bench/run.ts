/**
 * `npm run bench`: runs every `bench/*.bench.ts` one after the other (never in parallel:
 * they share two cores), each in its own process. Pass names to run only some, and `--node`
 * to name the Node.js lines the servers and processes under test run on (default: this Node):
 *
 *   npm run bench -- guard http
 *   npm run bench -- http cold-start profile --node 20,22,24,26
 *
 * `--node` is passed on as `BENCH_NODE` (which can also be set directly). Each bench that
 * measures writes its figures to `bench/results/<name>.json`, from which
 * `npx tsx scripts/generate-performance-doc.ts` renders docs/performance.md.
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseMajors } from './node-lines.js';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const only: string[] = [];
let node = process.env.BENCH_NODE;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--node') node = args[++i];
  else if (arg.startsWith('--node=')) node = arg.slice('--node='.length);
  else if (arg.startsWith('-')) {
    console.error(`unknown option ${arg}: expected bench names and --node 20,26`);
    process.exit(2);
  } else only.push(arg);
}
if (node !== undefined) parseMajors(node); // fails early on a typo

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`no bench matches ${only.join(', ')}`);
  process.exit(2);
}

let failed = 0;
for (const file of files) {
  process.stdout.write(`\n=== ${file} ===\n`);
  const result = spawnSync(process.execPath, ['--expose-gc', '--import', 'tsx', join(dir, file)], {
    stdio: 'inherit',
    // No tsconfig paths at run time: the package name resolves to dist/, the build users run.
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: join(dir, 'tsconfig.json'),
      BENCH_NAMES: only.join(' '),
      ...(node !== undefined && { BENCH_NODE: node }),
    },
  });
  if (result.status !== 0) failed++;
}
process.exit(failed === 0 ? 0 : 1);
