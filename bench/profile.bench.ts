/**
 * Where a request's CPU goes in our adapters: each server runs under `--cpu-prof` (pinned, under
 * the Node line measured) while wrk loads it, then `bench/cpu-profile.ts` charges every sample
 * to its owner (our code, Node for nobody in particular, GC, or a package) and lists our own
 * functions, mapped back to src/, with their share of the server's CPU and the Node calls they
 * made. "default" and "metrics" (metrics only) side by side say what the request context costs.
 *
 *   npm run bench -- profile --node 20,26
 *   BENCH_PROFILE_FRAMEWORKS=express,koa (default: all four) BENCH_PROFILE_VARIANTS=default,metrics,log,pino (default: default,metrics)
 *   BENCH_PROFILE_SECONDS=10 (the load per profile, after a 2 s warm-up)
 *
 * Figures go to bench/results/profile.json; the .cpuprofile files stay in
 * bench/results/profiles/ (open them in Chrome DevTools or speedscope).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type ProfileSummary, summarizeProfile } from './cpu-profile.js';
import { FRAMEWORKS, type Framework, type Variant, VARIANTS } from './http-variants.js';
import { pickLoadGenerator } from './load-generator.js';
import { nodeLines } from './node-lines.js';
import { header, RESULTS_DIR, type ResultHeader, writeResult } from './results.js';
import { cpuSecondsOf, LOAD_CORE, startServer, stopServer } from './server-process.js';

const SECONDS = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);
const FRAMEWORK_LIST = (process.env.BENCH_PROFILE_FRAMEWORKS ?? 'express,koa,fastify,hono').split(',') as Framework[];
const VARIANT_LIST = (process.env.BENCH_PROFILE_VARIANTS ?? 'default,metrics').split(',') as Variant[];
const OUR_DIST = resolve(process.env.BENCH_DIST ?? join(import.meta.dirname, '..', 'dist'));
const PROFILES = join(RESULTS_DIR, 'profiles');
const TOP = 12;

for (const name of FRAMEWORK_LIST) if (!FRAMEWORKS.includes(name)) throw new Error(`unknown framework ${name}`);
for (const name of VARIANT_LIST) if (!VARIANTS.includes(name)) throw new Error(`unknown variant ${name}`);

export interface ProfileRun extends ProfileSummary {
  readonly framework: Framework;
  readonly variant: Variant;
  readonly requests: number;
  /** Server CPU per request over the profiled load, from /proc (µs). */
  readonly cpuUsPerRequest: number;
  readonly file: string;
}

export interface ProfileLine extends ResultHeader {
  readonly node: string;
  readonly major: number;
  readonly seconds: number;
  readonly runs: ProfileRun[];
}

const monotonicUs = (): number => Number(process.hrtime.bigint() / 1000n);
const pct = (share: number): string => `${(share * 100).toFixed(1)}%`;

function print(run: ProfileRun): void {
  const owners = Object.entries(run.owners)
    .slice(0, 6)
    .map(([owner, share]) => `${owner} ${pct(share)}`)
    .join(', ');
  console.log(
    `\n${run.framework} ${run.variant}: ${run.cpuUsPerRequest.toFixed(1)} µs of server CPU per request; ${owners}`,
  );
  console.log('  charged  self     our function (charged = itself + the Node calls it made)');
  for (const fn of run.ours.slice(0, TOP)) {
    const calls = fn.nodeCallees.map((c) => `${c.name} ${pct(c.share)}`).join('; ');
    console.log(
      `  ${pct(fn.charged).padStart(6)}  ${pct(fn.self).padStart(6)}   ${fn.name}${calls ? `  <- ${calls}` : ''}`,
    );
  }
}

const load = pickLoadGenerator(LOAD_CORE, 50);
mkdirSync(PROFILES, { recursive: true });
const measured: ProfileLine[] = [];
for (const line of nodeLines()) {
  const runs: ProfileRun[] = [];
  console.log(`\n## Node ${line.version}: ${SECONDS} s of ${load.label} per profile`);
  for (const framework of FRAMEWORK_LIST) {
    for (const variant of VARIANT_LIST) {
      const name = `node${line.major}-${framework}-${variant}.cpuprofile`;
      // One directory per run: --cpu-prof writes one profile per thread (tsx's loader hooks run in one).
      const dir = join(PROFILES, `node${line.major}-${framework}-${variant}`);
      rmSync(dir, { recursive: true, force: true });
      const server = await startServer(line, framework, variant, {
        pin: true,
        nodeFlags: ['--cpu-prof', `--cpu-prof-dir=${dir}`],
        env: { BENCH_LOG_FILE: '/dev/null' },
      });
      const url = `${server.url}/jobs/42`;
      load.run(url, 2);
      const before = cpuSecondsOf(server.child.pid) ?? 0;
      const startUs = monotonicUs();
      const run = load.run(url, SECONDS);
      const endUs = monotonicUs();
      const after = cpuSecondsOf(server.child.pid) ?? 0;
      await stopServer(server);
      // CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile: thread 0 is the main thread, the server's.
      const main = readdirSync(dir).find((file) => /^CPU\.\d+\.\d+\.\d+\.0\.\d+\.cpuprofile$/.test(file));
      if (main === undefined) throw new Error(`no main-thread profile in ${dir}`);
      renameSync(join(dir, main), join(PROFILES, name));
      rmSync(dir, { recursive: true, force: true });
      const summary = summarizeProfile(join(PROFILES, name), OUR_DIST, { startUs, endUs });
      const result: ProfileRun = {
        framework,
        variant,
        requests: run.requests,
        cpuUsPerRequest: run.requests > 0 ? ((after - before) * 1e6) / run.requests : NaN,
        file: `bench/results/profiles/${name}`,
        ...summary,
        ours: summary.ours.slice(0, 40),
      };
      runs.push(result);
      print(result);
    }
  }
  measured.push({ ...header('profile'), node: line.version, major: line.major, seconds: SECONDS, runs });
}

let previous: ProfileLine[] = [];
try {
  previous = (JSON.parse(readFileSync(join(RESULTS_DIR, 'profile.json'), 'utf8')) as { lines: ProfileLine[] }).lines;
} catch {
  previous = [];
}
const majors = new Set(measured.map((l) => l.major));
const lines = [...previous.filter((l) => !majors.has(l.major)), ...measured].sort((a, b) => a.major - b.major);
console.log(`\nfigures written to ${writeResult('profile', { lines })}`);
