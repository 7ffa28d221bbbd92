/**
 * The SDK's logger vs bare pino, writing the same call to the same kind of destination (a
 * no-op stream, so only the loggers' own work is measured, not the disk), on each Node line.
 * Prints lines per second and the ratio to bare pino.
 *
 * Each variant runs in a fresh process pinned to one core, and the processes of the variants
 * alternate, round after round (the order flips every round): an application has one logger
 * configuration, and several differently configured pino loggers in one process would make
 * pino's shared call sites polymorphic and slow each other down, which would measure V8 rather
 * than the loggers. A figure is the median over the rounds of the per-round ratio.
 *
 * With BENCH_BASELINE_DIST (`bench/baseline.ts`), our two main variants also run on the older
 * build (`... @base`), in the same rounds, so after / before is a per-round ratio of one run.
 *
 *   npm run bench -- logger --node 20,26   (BENCH_LOGGER_LINES=300000 BENCH_LOGGER_ROUNDS=7)
 *
 * Figures go to bench/results/logger.json (lines measured earlier on other Node majors are kept).
 */
import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pino } from 'pino';
import { BASE, type Baseline, baseline, current, describeBaseline, isBase } from './baseline.js';
import { pinned, pinning } from './load-generator.js';
import { LOGGER_BASE_VARIANTS, LOGGER_CALLER, LOGGER_VARIANTS, type LoggerVariant } from './logger-variants.js';
import { type NodeLine, nodeLines } from './node-lines.js';
import { duration, logger as settings, loggerEstimate } from './plan.js';
import { header, mergeLines, readResult, type ResultHeader, writeResult } from './results.js';
import { SERVER_CORE } from './server-process.js';
import { formatRatio, type Spread, spreadOf } from './stats.js';

const ROOT = join(import.meta.dirname, '..');
const REQUEST = {
  request_id: '6f1c2d9e-3b4a-4c5d-8e7f-901234567890',
  method: 'GET',
  route: '/jobs/:jobId',
  api_key_prefix: 'sk_live_',
};
const MESSAGE = 'Job created successfully';
const fields = (i: number) => ({ job_id: `job-${i & 1023}`, output: '720p', bytes: 1_234_567 + i });

export interface LoggerVariantResult {
  /** Nanoseconds per line, per round. */
  readonly ns: Spread;
  /** Per round: bare pino's ns per line over this variant's (above 1: faster than bare pino). */
  readonly ratio: Spread;
  readonly linesPerProcess: number;
}

export interface LoggerLine extends ResultHeader {
  readonly node: string;
  readonly major: number;
  readonly rounds: number;
  readonly pinned: boolean;
  readonly variants: Record<LoggerVariant, LoggerVariantResult>;
  /** Only with BENCH_BASELINE_DIST: the older build, its variants, and after / before per round (ns before / ns after). */
  readonly baseline?: Baseline & {
    readonly variants: Partial<Record<LoggerVariant, LoggerVariantResult>>;
    readonly afterOverBefore: Partial<Record<LoggerVariant, Spread>>;
  };
}

export interface LoggerResults {
  readonly lines: LoggerLine[];
}

type Log = (fields: object, message: string) => void;
type Package = typeof import('@transcode-flow/observability');

let written = 0;
const destination = () => ({
  write(line: string): void {
    written += line.length;
  },
});

/** The built package, as users run it, or the build in BENCH_DIST (the baseline's, for an `@base` variant). */
async function ours(): Promise<Package> {
  const dist = process.env.BENCH_DIST;
  // bench/run.ts points tsx at bench/tsconfig.json (no paths): the package name resolves to dist/.
  return (await import(
    dist ? pathToFileURL(resolve(dist, 'index.js')).href : '@transcode-flow/observability'
  )) as Package;
}

async function variant(name: LoggerVariant): Promise<(loop: (log: Log) => void) => void> {
  switch (name) {
    case 'pino (bare)': {
      const logger = pino({}, destination());
      return (loop) => loop((f, m) => logger.info(f, m));
    }
    case 'pino child with the request fields as bindings': {
      const logger = pino({}, destination()).child(REQUEST);
      return (loop) => loop((f, m) => logger.info(f, m));
    }
    case 'ours, no context': {
      const logger = (await ours()).createLogger({ name: 'bench', destination: destination() });
      return (loop) => loop((f, m) => logger.info(f, m));
    }
    case 'ours, with request context': {
      const { createLogger, runWithContext } = await ours();
      const logger = createLogger({ name: 'bench', destination: destination() });
      return (loop) => runWithContext(REQUEST, () => loop((f, m) => logger.info(f, m)));
    }
    case 'ours, with request context and caller: true': {
      const { createLogger, runWithContext } = await ours();
      const logger = createLogger({ name: 'bench', destination: destination(), caller: true });
      return (loop) => runWithContext(REQUEST, () => loop((f, m) => logger.info(f, m)));
    }
  }
}

const linesOf = (name: string): number =>
  current(name) === LOGGER_CALLER ? Math.max(1, Math.round(settings.lines / 10)) : settings.lines;

/** In a child process: warm up, then time the lines of one variant; prints ns per line. */
async function measureHere(name: LoggerVariant, lines: number): Promise<void> {
  const run = await variant(name);
  const loop = (log: Log): void => {
    for (let i = 0; i < lines; i++) log(fields(i), MESSAGE);
  };
  run(loop);
  run(loop);
  const start = process.hrtime.bigint();
  run(loop);
  const ns = Number(process.hrtime.bigint() - start) / lines;
  if (written === 0) throw new Error('no line was written');
  process.stdout.write(String(ns));
}

function once(line: NodeLine, name: string, base: Baseline | undefined): number {
  const [file, args] = pinned(SERVER_CORE, line.bin, [
    '--import',
    'tsx',
    import.meta.filename,
    current(name),
    String(linesOf(name)),
  ]);
  const env = { ...process.env, NODE_OPTIONS: '', ...(isBase(name) && { BENCH_DIST: base!.dir }) };
  const out = execFileSync(file, args, { cwd: ROOT, env, encoding: 'utf8' });
  const ns = Number(out.trim());
  if (!Number.isFinite(ns) || ns <= 0) throw new Error(`Node ${line.major} ${name}: unexpected output ${out}`);
  return ns;
}

function measureLine(line: NodeLine, base: Baseline | undefined): LoggerLine {
  const runs = LOGGER_VARIANTS.flatMap((v) => (base && LOGGER_BASE_VARIANTS.includes(v) ? [v, `${v}${BASE}`] : [v]));
  const samples = new Map<string, number[]>(runs.map((name) => [name, []]));
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? runs : [...runs].reverse();
    for (const name of order) samples.get(name)!.push(once(line, name, base));
    process.stdout.write(`  node ${line.major} logger: round ${round + 1} done\n`);
  }
  const bare = samples.get('pino (bare)')!;
  const result = (name: string): LoggerVariantResult => {
    const ns = samples.get(name)!;
    return { ns: spreadOf(ns), ratio: spreadOf(ns.map((n, i) => bare[i]! / n)), linesPerProcess: linesOf(name) };
  };
  const based = runs.filter(isBase).map((name) => current(name) as LoggerVariant);
  return {
    ...header('logger'),
    node: line.version,
    major: line.major,
    rounds: settings.rounds,
    pinned: pinning.enabled,
    variants: Object.fromEntries(LOGGER_VARIANTS.map((v) => [v, result(v)])) as Record<
      LoggerVariant,
      LoggerVariantResult
    >,
    ...(base &&
      based.length > 0 && {
        baseline: {
          ...base,
          variants: Object.fromEntries(based.map((v) => [v, result(`${v}${BASE}`)])),
          afterOverBefore: Object.fromEntries(
            based.map((v) => {
              const before = samples.get(`${v}${BASE}`)!;
              return [v, spreadOf(samples.get(v)!.map((after, i) => before[i]! / after))];
            }),
          ),
        },
      }),
  };
}

function print(result: LoggerLine): void {
  console.log(
    `\nNode ${result.node}: ${settings.lines} lines per process (caller: a tenth), median of ${result.rounds} alternated rounds`,
  );
  const row = (name: string, r: LoggerVariantResult, extra = ''): void =>
    console.log(
      `  ${name.padEnd(53)} ${(1e6 / r.ns.median).toFixed(0).padStart(5)}k lines/s  ${(r.ns.median / 1e3).toFixed(2)} µs/line  ${formatRatio(r.ratio)}x bare pino${extra}`,
    );
  for (const name of LOGGER_VARIANTS) row(name, result.variants[name]);
  for (const [name, r] of Object.entries(result.baseline?.variants ?? {})) {
    row(
      `${name}${BASE}`,
      r,
      `   after / before ${formatRatio(result.baseline!.afterOverBefore[name as LoggerVariant]!)}`,
    );
  }
}

const [only, lines] = process.argv.slice(2);
if (only !== undefined) {
  if (!(LOGGER_VARIANTS as readonly string[]).includes(only)) throw new Error(`unknown logger variant ${only}`);
  await measureHere(only as LoggerVariant, Number(lines ?? settings.lines));
} else {
  const base = baseline();
  const nodes = nodeLines();
  const estimate = loggerEstimate(nodes.length, base !== undefined);
  console.log(
    `logger: ${nodes.map((l) => l.version).join(', ')}; ${pinning.enabled ? `taskset core ${SERVER_CORE}` : 'UNPINNED'}` +
      `${base ? `; baseline ${describeBaseline(base)}` : ''}; estimate ${duration(estimate.minSeconds)} (${estimate.detail})`,
  );
  const measured: LoggerLine[] = [];
  for (const line of nodes) {
    const result = measureLine(line, base);
    print(result);
    measured.push(result);
  }
  const all: LoggerResults = { lines: mergeLines(readResult<LoggerResults>('logger')?.lines, measured) };
  console.log(`\nfigures written to ${writeResult('logger', all)}`);
}
