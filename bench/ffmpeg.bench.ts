/**
 * `npm run bench -- ffmpeg`: the wall time of a 10-second 720p transcode run by `runFfmpeg`
 * (progress parsing, ffprobe of source and output, metrics) against the same ffmpeg command
 * spawned plainly. The two alternate in one run (the order flips every pair) on a shared
 * machine, so the figure is the median of the paired differences. Target: at most 1 % extra.
 *
 * Options (environment): `BENCH_FFMPEG_PAIRS` (default 5), `BENCH_FFMPEG_PRESET` (default `veryfast`).
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// The built package, as users run it: bench/run.ts points tsx at bench/tsconfig.json (no paths).
import { createObservability } from '@transcode-flow/observability';
import { runFfmpeg } from '@transcode-flow/observability/ffmpeg';

const pairs = Number(process.env.BENCH_FFMPEG_PAIRS ?? 5);
const preset = process.env.BENCH_FFMPEG_PRESET ?? 'veryfast';
const dir = mkdtempSync(join(tmpdir(), 'tfo-ffmpeg-bench-'));
const source = join(dir, 'source.mp4');

/**
 * CPU seconds used so far by this process and its reaped children (ffmpeg, ffprobe), from
 * /proc/self/stat (utime, stime, cutime, cstime in clock ticks of 1/100 s): less sensitive
 * than wall time to other work on a shared machine.
 */
function cpuSeconds(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / 100;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function transcodeArgs(output: string): string[] {
  return ['-y', '-i', source, '-c:v', 'libx264', '-preset', preset, '-c:a', 'aac', output];
}

/** The same transcode with nothing around it: spawn, wait for exit. */
function plain(output: string): Promise<number> {
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-hide_banner', '-nostats', ...transcodeArgs(output)], {
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0 ? resolve(Number(process.hrtime.bigint() - started) / 1e9) : reject(new Error(`exit ${code}`)),
    );
  });
}

const observability = createObservability({ defaultMetrics: false });

async function instrumented(output: string): Promise<number> {
  const started = process.hrtime.bigint();
  await runFfmpeg(transcodeArgs(output), { observability, onProgress: () => {} });
  return Number(process.hrtime.bigint() - started) / 1e9;
}

async function main(): Promise<void> {
  execFileSync('ffmpeg', [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...['-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine=frequency=440'],
    ...['-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', source],
  ]);
  // One unmeasured run of each warms the page cache and the binaries.
  await plain(join(dir, 'warm-plain.mp4'));
  await instrumented(join(dir, 'warm-instrumented.mp4'));
  const differences: number[] = [];
  const cpuDifferences: number[] = [];
  for (let pair = 0; pair < pairs; pair++) {
    const measure = async (run: () => Promise<number>): Promise<{ wall: number; cpu: number }> => {
      const cpu = cpuSeconds();
      const wall = await run();
      return { wall, cpu: cpuSeconds() - cpu };
    };
    const runPlain = () => measure(() => plain(join(dir, `plain-${pair}.mp4`)));
    const runInstrumented = () => measure(() => instrumented(join(dir, `instrumented-${pair}.mp4`)));
    let base: { wall: number; cpu: number };
    let ours: { wall: number; cpu: number };
    if (pair % 2 === 0) {
      base = await runPlain();
      ours = await runInstrumented();
    } else {
      ours = await runInstrumented();
      base = await runPlain();
    }
    differences.push((ours.wall - base.wall) / base.wall);
    cpuDifferences.push((ours.cpu - base.cpu) / base.cpu);
    process.stdout.write(
      `pair ${pair + 1}/${pairs}: wall plain ${base.wall.toFixed(3)} s, runFfmpeg ${ours.wall.toFixed(3)} s (${(differences.at(-1)! * 100).toFixed(2)} %); CPU plain ${base.cpu.toFixed(2)} s, runFfmpeg ${ours.cpu.toFixed(2)} s (${(cpuDifferences.at(-1)! * 100).toFixed(2)} %)\n`,
    );
  }
  const extra = median(differences) * 100;
  const cpuExtra = median(cpuDifferences) * 100;
  process.stdout.write(
    `\n10-second 720p transcode (libx264 ${preset} + aac), ${pairs} alternated pairs, median of the paired differences of runFfmpeg vs plain ffmpeg: wall time ${extra.toFixed(2)} % (target ≤ 1 %), CPU time (process + ffmpeg + ffprobe) ${cpuExtra.toFixed(2)} %\n`,
  );
}

main()
  .catch((error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
