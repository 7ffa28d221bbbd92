/**
 * Where the benches leave their figures: one JSON file per bench under `bench/results/`
 * (gitignored), read by `scripts/generate-performance-doc.ts` to render `docs/performance.md`
 * and the README's performance table. Each file says when, where and how it was measured.
 * `BENCH_RESULTS_DIR=.tmp/bench-smoke` sends them (and reads them back) elsewhere, so a smoke
 * run with tiny settings never overwrites the real figures.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';

export const RESULTS_DIR = process.env.BENCH_RESULTS_DIR
  ? resolve(process.env.BENCH_RESULTS_DIR)
  : join(import.meta.dirname, 'results');

/** The machine a result was measured on, and how busy it was. */
export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGiB: number;
  /** The 1-minute load average when the bench started and when it ended. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export interface ResultHeader {
  readonly bench: string;
  /** ISO date and time the bench ended. */
  readonly date: string;
  /** The command as typed, with the BENCH_* variables that shaped it. */
  readonly command: string;
  /** The commit measured (`git describe`-like: short hash, `+changes` when src/ had uncommitted edits). */
  readonly commit?: string;
  readonly machine: MachineInfo;
}

const loadAtStart = loadavg()[0]!;

/** The command that ran this bench, with its BENCH_* variables. */
function commandLine(): string {
  const vars = Object.entries(process.env)
    .filter(([name]) => name.startsWith('BENCH_') && name !== 'BENCH_NODE' && name !== 'BENCH_NAMES')
    .map(([name, value]) => `${name}=${value}`)
    .sort();
  const names = process.env.BENCH_NAMES ?? '';
  const node = process.env.BENCH_NODE ? ` --node ${process.env.BENCH_NODE}` : '';
  return [...vars, `npm run bench -- ${names}${node}`.replace(/\s+$/, '')].join(' ');
}

/** The checkout's commit, and whether src/ differs from it; undefined outside a git checkout. */
function commitOf(): string | undefined {
  const root = join(import.meta.dirname, '..');
  try {
    const git = (...args: string[]): string => execFileSync('git', args, { cwd: root, encoding: 'utf8' }).trim();
    const changed = git('status', '--porcelain', '--', 'src') !== '';
    return `${git('rev-parse', '--short', 'HEAD')}${changed ? '+changes' : ''}`;
  } catch {
    return undefined;
  }
}

export function header(bench: string): ResultHeader {
  const cpu = cpus();
  const commit = commitOf();
  return {
    bench,
    date: new Date().toISOString(),
    command: commandLine(),
    ...(commit && { commit }),
    machine: {
      cpu: cpu[0]?.model.trim() ?? 'unknown',
      cores: cpu.length,
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      loadAverage: { start: loadAtStart, end: loadavg()[0]! },
    },
  };
}

/** The figures a bench left in `<RESULTS_DIR>/<name>.json` earlier, if any. */
export function readResult<T>(name: string): T | undefined {
  const file = join(RESULTS_DIR, `${name}.json`);
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return undefined;
  }
}

/**
 * The lines of an earlier result measured on other Node majors, plus the ones just measured,
 * in order of major: a run on `--node 26` keeps the Node 20 figures of an earlier run.
 */
export function mergeLines<L extends { readonly major: number }>(
  previous: readonly L[] | undefined,
  measured: L[],
): L[] {
  const majors = new Set(measured.map((l) => l.major));
  return [...(previous ?? []).filter((l) => !majors.has(l.major)), ...measured].sort((a, b) => a.major - b.major);
}

/** Writes `<RESULTS_DIR>/<name>.json` and returns its path. */
export function writeResult(name: string, result: object): string {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  return file;
}
