/**
 * The SDK's logger vs bare pino, writing the same call to the same kind of destination (a
 * no-op stream, so only the loggers' own work is measured, not the disk). Prints lines per
 * second and the ratio to bare pino.
 *
 * Each variant runs in a fresh process, and the processes of the variants alternate, round
 * after round: an application has one logger configuration, and several differently configured
 * pino loggers in one process would make pino's shared call sites polymorphic and slow each
 * other down, which would measure V8 rather than the loggers.
 *
 *   npm run bench -- logger
 */
import { spawnSync } from 'node:child_process';
import { pino } from 'pino';
// The built package, as users run it: bench/run.ts points tsx at bench/tsconfig.json (no paths).
import { createLogger, runWithContext } from '@transcode-flow/observability';

const LINES = 300_000;
const ROUNDS = 7;
const REQUEST = {
  request_id: '6f1c2d9e-3b4a-4c5d-8e7f-901234567890',
  method: 'GET',
  route: '/jobs/:jobId',
  api_key_prefix: 'sk_live_',
};
const MESSAGE = 'Job created successfully';
const fields = (i: number) => ({ job_id: `job-${i & 1023}`, output: '720p', bytes: 1_234_567 + i });

let written = 0;
const destination = () => ({
  write(line: string): void {
    written += line.length;
  },
});

type Log = (fields: object, message: string) => void;
const variants: Record<string, () => (loop: (log: Log) => void) => void> = {
  'pino (bare)': () => {
    const logger = pino({}, destination());
    return (loop) => loop((f, m) => logger.info(f, m));
  },
  'pino child with the request fields as bindings': () => {
    const logger = pino({}, destination()).child(REQUEST);
    return (loop) => loop((f, m) => logger.info(f, m));
  },
  'ours, no context': () => {
    const logger = createLogger({ name: 'bench', destination: destination() });
    return (loop) => loop((f, m) => logger.info(f, m));
  },
  'ours, with request context': () => {
    const logger = createLogger({ name: 'bench', destination: destination() });
    return (loop) => runWithContext(REQUEST, () => loop((f, m) => logger.info(f, m)));
  },
  'ours, with request context and caller: true': () => {
    const logger = createLogger({ name: 'bench', destination: destination(), caller: true });
    return (loop) => runWithContext(REQUEST, () => loop((f, m) => logger.info(f, m)));
  },
};

/** In a child process: warm up, then time LINES lines of one variant; prints ns per line. */
function measureHere(name: string): void {
  const run = variants[name]!();
  const loop = (log: Log): void => {
    for (let i = 0; i < LINES; i++) log(fields(i), MESSAGE);
  };
  run(loop);
  run(loop);
  const start = process.hrtime.bigint();
  run(loop);
  const ns = Number(process.hrtime.bigint() - start) / LINES;
  if (written === 0) throw new Error('no line was written');
  process.stdout.write(String(ns));
}

const only = process.argv[2];
if (only !== undefined) {
  measureHere(only);
} else {
  const results = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const name of Object.keys(variants)) {
      const child = spawnSync(process.execPath, [...process.execArgv, import.meta.filename, name], {
        encoding: 'utf8',
      });
      if (child.status !== 0) throw new Error(`${name} failed: ${child.stderr}`);
      results.get(name)!.push(Number(child.stdout));
    }
  }
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
  const bare = median(results.get('pino (bare)')!);
  process.stdout.write(`${LINES} lines per process, median of ${ROUNDS} alternated rounds:\n`);
  for (const [name, values] of results) {
    const ns = median(values);
    process.stdout.write(
      `  ${name.padEnd(48)} ${(1e6 / ns).toFixed(0).padStart(5)}k lines/s  ${(ns / 1e3).toFixed(2)} µs/line  ${(bare / ns).toFixed(2)}x bare pino\n`,
    );
  }
}
