/**
 * The settings of the HTTP, logger and cold-start benches, read once from their BENCH_*
 * variables, and how long a run with those settings takes: `npm run bench` prints the estimate up
 * front, and the HTTP bench holds its extra rounds to its time budget (`BENCH_HTTP_MINUTES`), so
 * that `npm run bench -- http logger cold-start --node 20,26` fits in about 45 minutes.
 *
 * The per-step costs below were measured on the 2-core machine the bench is written for (a quiet
 * one: on a busy machine everything takes longer, the rounds of the HTTP bench excepted).
 */
import { FRAMEWORKS, type Framework, VARIANTS } from './http-variants.js';
import { parseMajors } from './node-lines.js';

function num(name: string, fallback: number, check: (n: number) => boolean = (n) => n > 0): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new Error(`${name}=${raw}: expected a positive number`);
  return value;
}
const whole = (n: number): boolean => Number.isInteger(n) && n >= 0;

/** Seconds a server takes to start (tsx, the framework, our build) and a load run costs beyond its length. */
const SERVER_START_S = 1.5;
const RUN_OVERHEAD_S = 0.3;
/** The flood of one framework (three servers, 15,000 requests each, five scrapes). */
const FLOOD_S = 20;
/** One fresh process of the cold-start bench, and one of the logger bench (tsx, then three passes). */
const COLD_PROCESS_S = 0.25;
const LOGGER_PROCESS_S = 2;
/** What the HTTP bench may spend per framework and Node line, by default. */
const HTTP_MINUTES_PER_FRAMEWORK = 4.5;

export const http = {
  seconds: num('BENCH_SECONDS', 5, (n) => whole(n) && n > 0),
  warmup: num('BENCH_WARMUP', 2, whole),
  minRounds: num('BENCH_ROUNDS', 3, (n) => whole(n) && n > 0),
  maxRounds: Math.max(
    num('BENCH_ROUNDS', 3, (n) => whole(n) && n > 0),
    num('BENCH_MAX_ROUNDS', 9, whole),
  ),
  spread: num('BENCH_SPREAD', 0.05),
  /** BENCH_FLOOD=0 skips the flood (series and scrape time after 15,000 distinct paths). */
  flood: process.env.BENCH_FLOOD !== '0',
  frameworks: ((): Framework[] => {
    const only = process.env.BENCH_FRAMEWORKS?.split(',').map((f) => f.trim()) ?? [...FRAMEWORKS];
    for (const name of only) {
      if (!(FRAMEWORKS as readonly string[]).includes(name)) {
        throw new Error(`BENCH_FRAMEWORKS: unknown framework ${name} (expected ${FRAMEWORKS.join(', ')})`);
      }
    }
    return FRAMEWORKS.filter((f) => only.includes(f));
  })(),
  /** Which of our variants also run on the baseline build, when BENCH_BASELINE_DIST is set. */
  baselineVariants: ((): string[] => {
    const names = (process.env.BENCH_BASELINE_VARIANTS ?? 'default,metrics').split(',').map((v) => v.trim());
    for (const name of names) {
      if (!['default', 'metrics', 'log'].includes(name)) {
        throw new Error(`BENCH_BASELINE_VARIANTS: ${name} is not one of ours (default, metrics, log)`);
      }
    }
    return names;
  })(),
};

export const cold = { runs: num('BENCH_COLD_RUNS', 40, (n) => whole(n) && n > 0) };
export const logger = {
  lines: num('BENCH_LOGGER_LINES', 300_000, (n) => whole(n) && n > 0),
  rounds: num('BENCH_LOGGER_ROUNDS', 7, (n) => whole(n) && n > 0),
};

/** The Node lines a run measures: as many as BENCH_NODE names, else one. */
export const lineCount = (): number => (process.env.BENCH_NODE ? parseMajors(process.env.BENCH_NODE).length : 1);

/** The HTTP bench's variants on one framework: ours, the references, and the baseline's. */
export function httpVariantCount(withBaseline: boolean): number {
  return VARIANTS.length + (withBaseline ? http.baselineVariants.length : 0);
}

/** The time budget of the HTTP bench's rounds, in seconds: BENCH_HTTP_MINUTES, else 4.5 min per framework and line. */
export function httpBudgetSeconds(lines: number): number {
  const pairs = lines * http.frameworks.length;
  return num('BENCH_HTTP_MINUTES', HTTP_MINUTES_PER_FRAMEWORK * pairs) * 60;
}

/** Seconds of one framework on one line before its rounds: servers up, each warmed. */
export function httpSetupSeconds(variants: number): number {
  return variants * (SERVER_START_S + (http.warmup > 0 ? http.warmup + RUN_OVERHEAD_S : 0));
}

/** Seconds of one round: every variant once. */
export function httpRoundSeconds(variants: number): number {
  return variants * (http.seconds + RUN_OVERHEAD_S);
}

export interface Estimate {
  readonly minSeconds: number;
  readonly maxSeconds: number;
  readonly detail: string;
}

export function httpEstimate(lines: number, withBaseline: boolean): Estimate {
  const variants = httpVariantCount(withBaseline);
  const pairs = lines * http.frameworks.length;
  const setup = httpSetupSeconds(variants);
  const round = httpRoundSeconds(variants);
  const flood = http.flood ? http.frameworks.length * FLOOD_S : 0;
  const minSeconds = pairs * (setup + http.minRounds * round) + flood;
  const unbounded = pairs * (setup + http.maxRounds * round) + flood;
  const maxSeconds = Math.max(minSeconds, Math.min(unbounded, httpBudgetSeconds(lines) + flood));
  return {
    minSeconds,
    maxSeconds,
    detail:
      `${pairs} framework × line pairs × ${variants} variants, ${http.seconds} s runs, ` +
      `${http.minRounds}..${http.maxRounds} rounds of ${Math.round(round)} s within ${Math.round(httpBudgetSeconds(lines) / 60)} min, then the flood`,
  };
}

export function coldEstimate(lines: number, withBaseline: boolean): Estimate {
  const kinds = withBaseline ? 4 : 3;
  const seconds = lines * (cold.runs + 1) * kinds * COLD_PROCESS_S;
  return { minSeconds: seconds, maxSeconds: seconds, detail: `${lines} lines × ${cold.runs} rounds × ${kinds} kinds` };
}

export function loggerEstimate(lines: number, withBaseline: boolean): Estimate {
  // Five variants (the caller one writes a tenth of the lines), and two more on the baseline.
  const variants = withBaseline ? 7 : 5;
  const seconds = lines * logger.rounds * variants * LOGGER_PROCESS_S * Math.max(0.5, logger.lines / 300_000);
  return {
    minSeconds: seconds,
    maxSeconds: seconds,
    detail: `${lines} lines × ${logger.rounds} rounds × ${variants} processes`,
  };
}

/** The profile bench: one server per framework and variant, under --cpu-prof, 2 s warm-up and the load. */
export function profileEstimate(lines: number): Estimate {
  const frameworks = (process.env.BENCH_PROFILE_FRAMEWORKS ?? 'express,koa,fastify,hono').split(',').length;
  const variants = (process.env.BENCH_PROFILE_VARIANTS ?? 'default,metrics').split(',').length;
  const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 10);
  // Start, warm-up, load, then writing and reading the profile (a few seconds).
  const total = lines * frameworks * variants * (SERVER_START_S + 2 + seconds + 4);
  return { minSeconds: total, maxSeconds: total, detail: `${lines * frameworks * variants} profiles of ${seconds} s` };
}

/** `12 min` or `40 s`. */
export function duration(seconds: number): string {
  return seconds >= 90 ? `${Math.round(seconds / 60)} min` : `${Math.round(seconds)} s`;
}
