/**
 * `npm run bench`: runs every `bench/*.bench.ts` one after the other (never in parallel:
 * they share two cores), each in its own process. Pass names to run only some, and `--node`
 * to name the Node.js lines the servers and processes under test run on (default: this Node):
 *
 *   npm run bench -- guard http
 *   npm run bench -- http cold-start profile --node 20,22,24,26
 *   BENCH_BASELINE_DIST=bench/results/baseline-dist npm run bench -- http logger cold-start --node 20,26
 *
 * It prints how long the run will take before it starts (`bench/plan.ts`; `--estimate` prints
 * only that). With
 * BENCH_BASELINE_DIST (made by `scripts/build-baseline-dist.sh <commit>`), the HTTP, logger and
 * cold-start benches also run an older build, in the same rounds, for before/after figures.
 *
 * `--node` is passed on as `BENCH_NODE` (which can also be set directly). Each bench that
 * measures writes its figures to `bench/results/<name>.json`, from which
 * `npx tsx scripts/generate-performance-doc.ts` renders docs/performance.md (BENCH_RESULTS_DIR
 * moves both, e.g. for a smoke run).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { baseline, describeBaseline } from './baseline.js';
import { parseMajors } from './node-lines.js';
import {
  coldEstimate,
  duration,
  type Estimate,
  httpEstimate,
  lineCount,
  loggerEstimate,
  profileEstimate,
} from './plan.js';

const dir = import.meta.dirname;
const args = process.argv.slice(2);
const only: string[] = [];
let node = process.env.BENCH_NODE;
let estimateOnly = false;
for (let i = 0; i < args.length; i++) {
  const arg = args[i]!;
  if (arg === '--estimate') estimateOnly = true;
  else if (arg === '--node') node = args[++i];
  else if (arg.startsWith('--node=')) node = arg.slice('--node='.length);
  else if (arg.startsWith('-')) {
    console.error(`unknown option ${arg}: expected bench names, --node 20,26 and --estimate`);
    process.exit(2);
  } else only.push(arg);
}
if (node !== undefined) {
  parseMajors(node); // fails early on a typo
  process.env.BENCH_NODE = node; // for the estimate below
}

const files = readdirSync(dir)
  .filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => only.length === 0 || only.some((name) => file.startsWith(name)))
  .sort();
if (files.length === 0) {
  console.error(`no bench matches ${only.join(', ')}`);
  process.exit(2);
}

// Before anything runs: what the run will take, and a bad BENCH_BASELINE_DIST fails now, not after an hour.
let base: ReturnType<typeof baseline>;
try {
  base = baseline();
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const lines = lineCount();
const estimates: [string, Estimate | undefined][] = files.map((file) => {
  const name = file.replace(/\.bench\.ts$/, '');
  if (name === 'http-overhead') return [name, httpEstimate(lines, base !== undefined)];
  if (name === 'logger') return [name, loggerEstimate(lines, base !== undefined)];
  if (name === 'cold-start') return [name, coldEstimate(lines, base !== undefined)];
  if (name === 'profile') return [name, profileEstimate(lines)];
  return [name, undefined];
});
const known = estimates.flatMap(([, e]) => (e ? [e] : []));
const sum = (pick: (e: Estimate) => number): number => known.reduce((total, e) => total + pick(e), 0);
console.log(`bench: ${files.join(', ')} on ${lines} Node line${lines === 1 ? '' : 's'}`);
if (base) console.log(`baseline: ${describeBaseline(base)} (${base.dir})`);
for (const [name, e] of estimates) {
  console.log(
    `  ${name.padEnd(14)} ${e ? `${duration(e.minSeconds)}${e.maxSeconds > e.minSeconds ? ` to ${duration(e.maxSeconds)}` : ''}  (${e.detail})` : 'not estimated'}`,
  );
}
const [low, high] = [duration(sum((e) => e.minSeconds)), duration(sum((e) => e.maxSeconds))];
console.log(
  `estimate on a quiet machine: ${low === high ? low : `${low} to ${high}`}` +
    `${known.length < estimates.length ? ', plus the benches not estimated' : ''}`,
);
if (estimateOnly) process.exit(0);

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
