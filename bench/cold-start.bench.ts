/**
 * Cold start per Node.js line: how long a fresh process takes to import the package's main entry
 * (`@transcode-flow/observability`, ESM), against importing prom-client and pino alone (what any
 * service that exports metrics and logs JSON loads anyway), and against an empty process. Many
 * fresh processes, pinned to one core, the three kinds alternated (the order flips every round);
 * each figure is a median. Two figures per kind: the import itself, timed inside the process
 * (`performance.now()` around `await import(...)`), and the whole process, spawn to exit, timed by
 * this bench. The ratio that matters is entry / (prom-client + pino), per round.
 *
 * With BENCH_BASELINE_DIST (`bench/baseline.ts`), a fourth kind, `entry@base`, imports the older
 * build's main entry in the same rounds: after / before is entry over entry@base, per round.
 *
 *   npm run bench -- cold-start --node 20,26        (BENCH_COLD_RUNS=40 rounds by default)
 *
 * Figures go to bench/results/cold-start.json (lines measured earlier on other majors are kept).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Baseline, baseline, describeBaseline } from './baseline.js';
import { pinned, pinning } from './load-generator.js';
import { type NodeLine, nodeLines } from './node-lines.js';
import { cold, coldEstimate, duration } from './plan.js';
import { header, mergeLines, readResult, type ResultHeader, writeResult } from './results.js';
import { SERVER_CORE } from './server-process.js';
import { formatRatio, type Spread, spreadOf } from './stats.js';

const RUNS = cold.runs;
const ROOT = join(import.meta.dirname, '..');
const ENTRY = pathToFileURL(resolve(process.env.BENCH_DIST ?? join(ROOT, 'dist'), 'index.js')).href;
const BASELINE: Baseline | undefined = baseline();

export const COLD_KINDS = ['entry', 'deps', 'empty', 'entry@base'] as const;
export type ColdKind = (typeof COLD_KINDS)[number];
/** A figure per kind; `entry@base` only with a baseline. */
export type KindSpreads = Record<Exclude<ColdKind, 'entry@base'>, Spread> & Partial<Record<'entry@base', Spread>>;
/** The kinds measured in this run: `entry@base` only with a baseline. */
const KINDS: readonly ColdKind[] = COLD_KINDS.filter((k) => k !== 'entry@base' || BASELINE !== undefined);

/** What each kind imports, as the module code run with `node --input-type=module -e`. */
const IMPORTS: Record<ColdKind, string> = {
  entry: `await import(${JSON.stringify(ENTRY)});`,
  deps: `await import('prom-client'); await import('pino');`,
  empty: '',
  'entry@base': BASELINE
    ? `await import(${JSON.stringify(pathToFileURL(resolve(BASELINE.dir, 'index.js')).href)});`
    : '',
};

export interface ColdLine extends ResultHeader {
  readonly node: string;
  readonly major: number;
  readonly runs: number;
  /** Milliseconds, per kind: the import inside the process, and the process from spawn to exit. */
  readonly importMs: KindSpreads;
  readonly processMs: KindSpreads;
  /** Per round: entry import over prom-client + pino import, and the same for whole processes. */
  readonly importRatio: Spread;
  readonly processRatio: Spread;
  /** Only with BENCH_BASELINE_DIST: the older build, and per round entry@base over prom-client + pino, and entry over entry@base. */
  readonly baseline?: Baseline & {
    readonly importRatio: Spread;
    readonly processRatio: Spread;
    readonly afterOverBefore: { readonly importMs: Spread; readonly processMs: Spread };
  };
}

export interface ColdResults {
  readonly lines: ColdLine[];
}

function once(line: NodeLine, kind: ColdKind): { importMs: number; processMs: number } {
  const code = `const t0 = performance.now(); ${IMPORTS[kind]} process.stdout.write(String(performance.now() - t0));`;
  const [file, args] = pinned(SERVER_CORE, line.bin, ['--input-type=module', '-e', code]);
  const started = performance.now();
  const out = execFileSync(file, args, { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '' } }).toString();
  const processMs = performance.now() - started;
  const importMs = Number(out.trim());
  if (!Number.isFinite(importMs)) throw new Error(`Node ${line.major} ${kind}: unexpected output ${out}`);
  return { importMs, processMs };
}

function measure(line: NodeLine): ColdLine {
  const samples = Object.fromEntries(
    KINDS.map((k) => [k, { importMs: [] as number[], processMs: [] as number[] }]),
  ) as Record<ColdKind, { importMs: number[]; processMs: number[] }>;
  for (const kind of KINDS) once(line, kind); // fills the file system cache
  for (let round = 0; round < RUNS; round++) {
    const order = round % 2 === 0 ? KINDS : [...KINDS].reverse();
    for (const kind of order) {
      const run = once(line, kind);
      samples[kind].importMs.push(run.importMs);
      samples[kind].processMs.push(run.processMs);
    }
  }
  const per = (field: 'importMs' | 'processMs'): KindSpreads =>
    Object.fromEntries(KINDS.map((k) => [k, spreadOf(samples[k][field])])) as KindSpreads;
  const over = (a: ColdKind, b: ColdKind, field: 'importMs' | 'processMs'): Spread =>
    spreadOf(samples[a][field].map((ms, i) => ms / samples[b][field][i]!));
  const ratio = (field: 'importMs' | 'processMs'): Spread => over('entry', 'deps', field);
  return {
    ...header('cold-start'),
    node: line.version,
    major: line.major,
    runs: RUNS,
    importMs: per('importMs'),
    processMs: per('processMs'),
    importRatio: ratio('importMs'),
    processRatio: ratio('processMs'),
    ...(BASELINE && {
      baseline: {
        ...BASELINE,
        importRatio: over('entry@base', 'deps', 'importMs'),
        processRatio: over('entry@base', 'deps', 'processMs'),
        afterOverBefore: {
          importMs: over('entry', 'entry@base', 'importMs'),
          processMs: over('entry', 'entry@base', 'processMs'),
        },
      },
    }),
  };
}

const lines = nodeLines();
const estimate = coldEstimate(lines.length, BASELINE !== undefined);
console.log(
  `cold start: ${RUNS} alternated rounds of fresh processes per kind, ${pinning.enabled ? `taskset core ${SERVER_CORE}` : 'unpinned'}; entry ${ENTRY}` +
    `${BASELINE ? `; baseline ${describeBaseline(BASELINE)}` : ''}; estimate ${duration(estimate.minSeconds)}`,
);
console.log(
  'node       import ms: entry   prom-client+pino   ratio          process ms: entry   deps    empty   ratio',
);
const measured: ColdLine[] = [];
for (const line of lines) {
  const r = measure(line);
  measured.push(r);
  console.log(
    `${line.version.padEnd(10)} ${r.importMs.entry.median.toFixed(1).padStart(15)} ${r.importMs.deps.median.toFixed(1).padStart(18)}   ${formatRatio(r.importRatio).padEnd(12)}` +
      ` ${r.processMs.entry.median.toFixed(1).padStart(19)} ${r.processMs.deps.median.toFixed(1).padStart(7)} ${r.processMs.empty.median.toFixed(1).padStart(7)}   ${formatRatio(r.processRatio)}`,
  );
  if (r.baseline) {
    console.log(
      `${''.padEnd(10)} baseline entry import ${r.importMs['entry@base']!.median.toFixed(1)} ms, ratio ${formatRatio(r.baseline.importRatio)};` +
        ` after / before: import ${formatRatio(r.baseline.afterOverBefore.importMs)}, process ${formatRatio(r.baseline.afterOverBefore.processMs)}`,
    );
  }
}
const results: ColdResults = { lines: mergeLines(readResult<ColdResults>('cold-start')?.lines, measured) };
console.log(`figures written to ${writeResult('cold-start', results)}`);
