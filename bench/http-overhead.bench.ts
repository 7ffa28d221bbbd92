/**
 * HTTP overhead per framework and per Node.js line: a bare server against our adapter (defaults,
 * metrics only, access log), the peer, a careful hand-rolled prom-client middleware and three
 * references (one no-op middleware, an AsyncLocalStorage per request, one plain pino line per
 * request). See `bench/http-variants.ts` for the variants.
 *
 * `GET /jobs/42` over 50 keep-alive connections with wrk (autocannon when wrk is missing: see
 * `bench/load-generator.ts`), the load on core 0 and each server in its own process on core 1,
 * under the Node line measured. Variants alternate within a round (the order flips every round);
 * each figure is the median over the rounds of the per-round ratio to bare, printed with half its
 * interquartile range. Rounds go on past BENCH_ROUNDS, up to BENCH_MAX_ROUNDS, while any ratio
 * spreads wider than ±BENCH_SPREAD and the time budget (BENCH_HTTP_MINUTES, `bench/plan.ts`)
 * allows one more round. The server's CPU time per request is read from /proc: on a machine that
 * is not quiet it is the steadier figure. Then, on the first line only, the flood: after 5,000
 * random 404 paths and 10,000 distinct ids, the series count and scrape time.
 *
 * With BENCH_BASELINE_DIST (`bench/baseline.ts`), `default@base` and `metrics@base` (the
 * variants BENCH_BASELINE_VARIANTS names) run the same server on the older build, each right
 * after its current twin in every round, so after / before is a per-round ratio of one run.
 *
 *   npm run bench -- http --node 20,26    (BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_MAX_ROUNDS=9 BENCH_SPREAD=0.05)
 *   BENCH_FRAMEWORKS=fastify,hono npm run bench -- http
 *   BENCH_LOAD=autocannon npm run bench -- http      (force a load generator: wrk or autocannon)
 *   BENCH_FLOOD=0 npm run bench -- http              (skip the flood, e.g. in a smoke run)
 *
 * Figures go to bench/results/http.json (lines measured earlier on other Node majors are kept).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, type Baseline, baseline, current, describeBaseline, isBase } from './baseline.js';
import { type Framework, PEERS, type Variant, VARIANTS } from './http-variants.js';
import { LOAD_BOUND_CPU, type LoadGenerator, pickLoadGenerator, pinning } from './load-generator.js';
import { type NodeLine, nodeLines } from './node-lines.js';
import { duration, http, httpBudgetSeconds, httpEstimate, httpRoundSeconds } from './plan.js';
import { header, mergeLines, readResult, type ResultHeader, writeResult } from './results.js';
import { cpuSecondsOf, LOAD_CORE, type Running, SERVER_CORE, startServer, stopServer } from './server-process.js';
import {
  addedPerRound,
  formatAddedUs,
  formatRatio,
  halfIqr,
  logMinusPinoPerRound,
  median,
  type Spread,
  spreadOf,
} from './stats.js';

const { seconds: SECONDS, warmup: WARMUP_SECONDS, minRounds: MIN_ROUNDS, maxRounds: MAX_ROUNDS, spread: SPREAD } = http;
const CONNECTIONS = 50;
const LOGGING: ReadonlySet<string> = new Set(['log', 'pino']);
const BASELINE: Baseline | undefined = baseline();

/** What runs in a round, in order: every variant, each baseline twin right after its current one. */
const RUNS: readonly string[] = VARIANTS.flatMap((v) =>
  BASELINE && http.baselineVariants.includes(v) ? [v, `${v}${BASE}`] : [v],
);

/** One variant's figures on one framework and Node line. */
export interface VariantResult {
  /** Median req/s over the rounds. */
  readonly rps: number;
  /** Per-round req/s over the same round's bare req/s. */
  readonly ratio: Spread;
  /** req/s of each round, in order, so that any two variants can be paired round by round. */
  readonly rpsRounds: number[];
  /** Microseconds of server CPU (user + system) per response, per round. */
  readonly cpuUs: Spread;
  /** The same, round by round (in the order the rounds ran), to pair with another variant's. */
  readonly cpuUsRounds?: number[];
  readonly p99Ms: number;
  /** Responses outside 2xx plus socket errors, over all rounds: anything but 0 voids the figure. */
  readonly errors: number;
  /** Only `log` and `pino`: lines written to the file, and responses served, over the measured rounds. */
  readonly lines?: { readonly written: number; readonly responses: number; readonly bytesPerLine: number };
}

export interface FrameworkResult {
  readonly framework: Framework;
  readonly peer: string;
  readonly rounds: number;
  readonly variants: Record<Variant, VariantResult>;
  /** Per-round ratios between two non-bare variants. */
  readonly pairs: {
    readonly metricsOverFloor: Spread;
    readonly defaultOverAls: Spread;
    readonly logOverDefault: Spread;
    readonly pinoOverBare: Spread;
    /**
     * Server CPU µs per request, paired round by round: what the access log adds (log − default),
     * what one plain pino line adds (pino − bare), and the first minus the second. CPU per request
     * is steadier than req/s on a shared machine, and pairing within a round cancels its drift.
     */
    readonly logAddedUs?: Spread;
    readonly pinoAddedUs?: Spread;
    readonly logMinusPinoUs?: Spread;
  };
  /** Highest share of its core the load generator used in any run (≥ 0.9: it may be the limit). */
  readonly loadCpu?: number;
  /**
   * Only with BENCH_BASELINE_DIST: our variants on the older build (`default`, `metrics`, ...),
   * measured in the same rounds, and after / before, the current req/s over the baseline's, per round.
   */
  readonly baseline?: {
    readonly variants: Partial<Record<Variant, VariantResult>>;
    readonly afterOverBefore: Partial<Record<Variant, Spread>>;
  };
}

export interface LineResult extends ResultHeader {
  readonly node: string;
  readonly major: number;
  readonly load: string;
  readonly seconds: number;
  readonly connections: number;
  readonly pinned: boolean;
  /** The older build the `@base` variants ran, when there was one. */
  readonly baseline?: Baseline;
  readonly frameworks: FrameworkResult[];
}

export interface FloodRow {
  readonly framework: Framework;
  readonly variant: 'default' | 'peer' | 'hand';
  /** Series that carry a request's route or path (the ones a flood of paths could multiply). */
  readonly series: number;
  /** Every series of the scrape (ours include the SDK's own metrics, e.g. the series count per metric). */
  readonly allSeries?: number;
  readonly counted404: boolean;
  readonly scrapeMs: number;
}

export interface HttpResults {
  readonly lines: LineResult[];
  readonly flood?: { readonly node: string; readonly rows: FloodRow[] };
}

interface Samples {
  rps: number[];
  cpuUs: number[];
  p99: number[];
  errors: number;
  written: number;
  responses: number;
  bytes: number;
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(0)}%`;

/** Counts the lines of a log file, then empties it (the server appends, so it goes on writing at 0). */
function drainLines(file: string): { lines: number; bytes: number } {
  if (!existsSync(file)) return { lines: 0, bytes: 0 };
  const content = readFileSync(file);
  let lines = 0;
  for (let i = content.indexOf(10); i !== -1; i = content.indexOf(10, i + 1)) lines++;
  truncateSync(file, 0);
  return { lines, bytes: content.length };
}

function perRound(a: Samples, b: Samples): Spread {
  return spreadOf(a.rps.map((rps, i) => rps / b.rps[i]!));
}

/**
 * The time budget of the rounds (BENCH_HTTP_MINUTES), shared fairly: when a framework and Node
 * line pair starts, it may use an equal share of what is left (so a pair that settles early
 * leaves its time to the pairs after it, and an early noisy pair cannot take the rounds of the
 * last ones), and it gets a round past BENCH_ROUNDS only when that round fits in its share.
 */
class Budget {
  private readonly deadline: number;
  private pairsLeft: number;
  private shareEnds = 0;

  constructor(seconds: number, pairs: number) {
    this.deadline = performance.now() + seconds * 1000;
    this.pairsLeft = pairs;
  }

  /** Called when a pair starts (before its servers start): fixes its share of the time left. */
  start(): void {
    const now = performance.now();
    this.shareEnds = now + Math.max(0, this.deadline - now) / this.pairsLeft;
  }

  /** Whether one more round of `roundSeconds` fits in the current pair's share. */
  allows(roundSeconds: number): boolean {
    return performance.now() + roundSeconds * 1000 <= this.shareEnds;
  }

  done(): void {
    this.pairsLeft--;
  }
}

function result(s: Samples, bare: Samples, logging: boolean): VariantResult {
  return {
    rps: median(s.rps),
    ratio: perRound(s, bare),
    rpsRounds: s.rps.map((rps) => Math.round(rps)),
    cpuUs: spreadOf(s.cpuUs),
    cpuUsRounds: s.cpuUs.map((us) => Math.round(us * 10) / 10),
    p99Ms: median(s.p99),
    errors: s.errors,
    ...(logging && {
      lines: { written: s.written, responses: s.responses, bytesPerLine: s.written > 0 ? s.bytes / s.written : 0 },
    }),
  };
}

async function throughput(
  line: NodeLine,
  framework: Framework,
  load: LoadGenerator,
  logDir: string,
  budget: Budget,
): Promise<FrameworkResult> {
  budget.start();
  const servers = new Map<string, Running>();
  const samples = new Map<string, Samples>(
    RUNS.map((v) => [v, { rps: [], cpuUs: [], p99: [], errors: 0, written: 0, responses: 0, bytes: 0 }]),
  );
  const logFile = (run: string): string => join(logDir, `${framework}-${run.replace(BASE, '-base')}.log`);
  const url = (run: string): string => `${servers.get(run)!.url}/jobs/42`;
  let loadCpu = 0;
  let rounds = 0;
  let roundSeconds = httpRoundSeconds(RUNS.length);
  const measure = (run: string): void => {
    const pid = servers.get(run)!.child.pid;
    const cpuBefore = cpuSecondsOf(pid);
    const result = load.run(url(run), SECONDS);
    const cpuAfter = cpuSecondsOf(pid);
    const s = samples.get(run)!;
    s.rps.push(result.requestsPerSecond);
    s.p99.push(result.p99Ms);
    if (cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0) {
      s.cpuUs.push(((cpuAfter - cpuBefore) * 1e6) / result.requests);
    }
    s.errors += result.non2xx + result.errors;
    if (result.loadCpu !== undefined) loadCpu = Math.max(loadCpu, result.loadCpu);
    if (LOGGING.has(current(run))) {
      const drained = drainLines(logFile(run));
      s.written += drained.lines;
      s.bytes += drained.bytes;
      s.responses += result.requests;
    }
  };
  const spreadTooWide = (): boolean =>
    RUNS.some((v) => v !== 'bare' && halfIqr(perRound(samples.get(v)!, samples.get('bare')!)) > SPREAD);
  try {
    for (const run of RUNS) {
      const env: Record<string, string> = {
        ...(LOGGING.has(current(run)) && { BENCH_LOG_FILE: logFile(run) }),
        ...(isBase(run) && { BENCH_DIST: BASELINE!.dir }),
      };
      servers.set(run, await startServer(line, framework, current(run), { pin: true, env }));
    }
    if (WARMUP_SECONDS > 0) {
      for (const run of RUNS) {
        load.run(url(run), WARMUP_SECONDS); // JIT warm-up, not measured
        if (LOGGING.has(current(run))) drainLines(logFile(run));
      }
    }
    while (rounds < MIN_ROUNDS || (rounds < MAX_ROUNDS && spreadTooWide() && budget.allows(roundSeconds))) {
      const started = performance.now();
      const order = rounds % 2 === 0 ? RUNS : [...RUNS].reverse();
      for (const run of order) measure(run);
      rounds++;
      roundSeconds = (performance.now() - started) / 1000;
      process.stdout.write(`  node ${line.major} ${framework}: round ${rounds} done (${roundSeconds.toFixed(0)} s)\n`);
    }
    if (rounds < MAX_ROUNDS && spreadTooWide()) {
      process.stdout.write(
        `  node ${line.major} ${framework}: spread still over ±${SPREAD}, no time left for more rounds\n`,
      );
    }
  } finally {
    budget.done();
    await Promise.all([...servers.values()].map(stopServer));
  }
  const get = (v: string): Samples => samples.get(v)!;
  const bare = get('bare');
  const variants = Object.fromEntries(VARIANTS.map((v) => [v, result(get(v), bare, LOGGING.has(v))])) as Record<
    Variant,
    VariantResult
  >;
  const based = RUNS.filter(isBase).map((run) => current(run) as Variant);
  return {
    framework,
    peer: PEERS[framework],
    rounds,
    variants,
    pairs: {
      metricsOverFloor: perRound(get('metrics'), get('floor')),
      defaultOverAls: perRound(get('default'), get('als')),
      logOverDefault: perRound(get('log'), get('default')),
      pinoOverBare: perRound(get('pino'), bare),
      logAddedUs: spreadOf(addedPerRound(get('log').cpuUs, get('default').cpuUs)),
      pinoAddedUs: spreadOf(addedPerRound(get('pino').cpuUs, bare.cpuUs)),
      logMinusPinoUs: spreadOf(
        logMinusPinoPerRound(get('log').cpuUs, get('default').cpuUs, get('pino').cpuUs, bare.cpuUs),
      ),
    },
    ...(loadCpu > 0 && { loadCpu }),
    ...(based.length > 0 && {
      baseline: {
        variants: Object.fromEntries(
          based.map((v) => [v, result(get(`${v}${BASE}`), bare, LOGGING.has(v))]),
        ) as Partial<Record<Variant, VariantResult>>,
        afterOverBefore: Object.fromEntries(based.map((v) => [v, perRound(get(v), get(`${v}${BASE}`))])) as Partial<
          Record<Variant, Spread>
        >,
      },
    }),
  };
}

function printFramework(line: NodeLine, result: FrameworkResult, load: LoadGenerator): void {
  console.log(
    `\nNode ${line.version} ${result.framework} (peer: ${result.peer}), ${result.rounds} rounds × ${SECONDS}s, load: ${load.label}`,
  );
  console.log('variant        req/s   p99 ms   ratio to bare   server µs/req');
  const voided: string[] = [];
  for (const variant of VARIANTS) {
    const v = result.variants[variant];
    const flags: string[] = [];
    if (v.errors > 0) {
      flags.push(`! ${v.errors} errors (non-2xx or socket)`);
      voided.push(variant);
    }
    if (halfIqr(v.ratio) > SPREAD) flags.push(`spread over ±${SPREAD}`);
    if (v.lines)
      flags.push(
        `${v.lines.written} lines for ${v.lines.responses} responses, ${v.lines.bytesPerLine.toFixed(0)} B/line`,
      );
    console.log(
      `${variant.padEnd(8)} ${v.rps.toFixed(0).padStart(10)} ${v.p99Ms.toFixed(2).padStart(8)}   ${formatRatio(v.ratio, 3).padEnd(13)}` +
        `   ${v.cpuUs.median.toFixed(1).padStart(6)} ±${halfIqr(v.cpuUs).toFixed(1)}${flags.length > 0 ? `   ${flags.join('; ')}` : ''}`,
    );
  }
  const { pairs } = result;
  console.log(
    `metrics / floor  ${formatRatio(pairs.metricsOverFloor, 3)}  (metrics only, against one middleware that does nothing)`,
  );
  console.log(
    `default / als    ${formatRatio(pairs.defaultOverAls, 3)}  (defaults, in an app that already enters an AsyncLocalStorage per request)`,
  );
  const us = (spread: Spread | undefined): string => (spread === undefined ? '?' : formatAddedUs(spread));
  console.log(
    `access log: log / default ${formatRatio(pairs.logOverDefault, 3)}, ${us(pairs.logAddedUs)} µs/req;` +
      ` one pino line: pino / bare ${formatRatio(pairs.pinoOverBare, 3)}, ${us(pairs.pinoAddedUs)} µs/req;` +
      ` the difference, per round: ${us(pairs.logMinusPinoUs)} µs/req`,
  );
  if (result.loadCpu !== undefined && result.loadCpu >= LOAD_BOUND_CPU) {
    console.log(`! ${load.name} used ${percent(result.loadCpu)} of its core: it may have been the limit`);
  }
  for (const [variant, after] of Object.entries(result.baseline?.afterOverBefore ?? {})) {
    const before = result.baseline!.variants[variant as Variant]!;
    if (before.errors > 0) voided.push(`${variant}${BASE}`);
    console.log(
      `${variant}${BASE}: ratio to bare ${formatRatio(before.ratio, 3)}, ${before.cpuUs.median.toFixed(1)} µs/req;` +
        ` after / before ${formatRatio(after, 3)}${before.errors > 0 ? `   ! ${before.errors} errors` : ''}`,
    );
  }
  if (voided.length > 0) console.log(`! ${voided.join(', ')} answered errors: their req/s are not comparable`);
}

/** One table per Node line: the ratios to bare of every framework, side by side. */
function printLine(line: LineResult): void {
  console.log(`\n## Node ${line.node}: ratio to bare req/s (median of per-round ratios ±half IQR)`);
  const columns: Variant[] = ['peer', 'hand', 'default', 'metrics', 'floor', 'als'];
  console.log(`framework    bare req/s  ${columns.map((c) => c.padEnd(12)).join(' ')}`);
  for (const f of line.frameworks) {
    const after = Object.entries(f.baseline?.afterOverBefore ?? {})
      .map(([v, spread]) => `${v} after/before ${formatRatio(spread)}`)
      .join(', ');
    console.log(
      `${f.framework.padEnd(10)} ${f.variants.bare.rps.toFixed(0).padStart(10)}   ${columns.map((c) => formatRatio(f.variants[c].ratio).padEnd(12)).join(' ')}${after ? `  ${after}` : ''}`,
    );
  }
}

/** Letters only, so no peer's id detection can fold it. */
function randomWord(): string {
  return Array.from(randomBytes(10), (byte) => String.fromCharCode(97 + (byte % 26))).join('');
}

async function send(agent: Agent, url: string, paths: string[]): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < paths.length) {
      const path = paths[next++]!;
      await new Promise<void>((resolve) => {
        const req = request(`${url}${path}`, { agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', () => resolve());
        req.end();
      });
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, worker));
}

function scrape(url: string): Promise<string> {
  return new Promise((resolve, reject) => {
    request(`${url}/metrics`, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body));
    })
      .on('error', reject)
      .end();
  });
}

async function flood(line: NodeLine, framework: Framework): Promise<FloodRow[]> {
  console.log(`\n${framework} flood: 5,000 random 404 paths + 10,000 distinct ids`);
  console.log('variant  series (route/path-labelled, all)   404s counted   scrape ms');
  const rows: FloodRow[] = [];
  for (const variant of ['default', 'peer', 'hand'] as const) {
    const server = await startServer(line, framework, variant, { pin: false });
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    try {
      await send(
        agent,
        server.url,
        Array.from({ length: 5000 }, () => `/${randomWord()}/${randomWord()}`),
      );
      await send(
        agent,
        server.url,
        Array.from({ length: 10000 }, (_, i) => `/jobs/${i}`),
      );
      const times: number[] = [];
      let body = '';
      for (let i = 0; i < 5; i++) {
        const start = performance.now();
        body = await scrape(server.url);
        times.push(performance.now() - start);
      }
      const lines = body.split('\n').filter((text) => text !== '' && !text.startsWith('#'));
      const row: FloodRow = {
        framework,
        variant,
        series: lines.filter((text) => /[{,](route|path|url)="/.test(text)).length,
        allSeries: lines.length,
        counted404: lines.some((text) => /(status_code|status|code)="404"/.test(text)),
        scrapeMs: median(times),
      };
      rows.push(row);
      console.log(
        `${variant.padEnd(8)} ${String(row.series).padStart(6)} ${String(row.allSeries).padStart(6)}   ${String(row.counted404).padEnd(12)}   ${row.scrapeMs.toFixed(1).padStart(8)}`,
      );
    } finally {
      agent.destroy();
      await stopServer(server);
    }
  }
  return rows;
}

let load: LoadGenerator;
try {
  load = pickLoadGenerator(LOAD_CORE, CONNECTIONS);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const frameworks = http.frameworks;
const lines = nodeLines();
const estimate = httpEstimate(lines.length, BASELINE !== undefined);
console.log(`load: ${load.label}; ${CONNECTIONS} keep-alive connections, GET /jobs/42`);
if (load.caveat) console.log(`      ${load.caveat}`);
console.log(
  pinning.enabled
    ? `servers: taskset core ${SERVER_CORE}, load: core ${LOAD_CORE}`
    : `WARNING: ${pinning.note}; the numbers below are noisier`,
);
console.log(
  `Node lines: ${lines.map((l) => l.version).join(', ')}; rounds ${MIN_ROUNDS}..${MAX_ROUNDS} until every ratio is within ±${SPREAD}`,
);
if (BASELINE)
  console.log(`baseline: ${describeBaseline(BASELINE)} in ${BASELINE.dir}, as ${RUNS.filter(isBase).join(', ')}`);
console.log(`estimate: ${duration(estimate.minSeconds)} to ${duration(estimate.maxSeconds)} (${estimate.detail})`);
const budget = new Budget(httpBudgetSeconds(lines.length), lines.length * frameworks.length);

const logDir = mkdtempSync(join(tmpdir(), 'tfo-bench-'));
const measured: LineResult[] = [];
try {
  for (const line of lines) {
    const results: FrameworkResult[] = [];
    for (const framework of frameworks) {
      const result = await throughput(line, framework, load, logDir, budget);
      printFramework(line, result, load);
      results.push(result);
    }
    measured.push({
      ...header('http'),
      node: line.version,
      major: line.major,
      load: load.label,
      seconds: SECONDS,
      connections: CONNECTIONS,
      pinned: pinning.enabled,
      ...(BASELINE && { baseline: BASELINE }),
      frameworks: results,
    });
  }
  const floodRows: FloodRow[] = [];
  if (http.flood) for (const framework of frameworks) floodRows.push(...(await flood(lines[0]!, framework)));
  for (const line of measured) printLine(line);
  const all: HttpResults = {
    lines: mergeLines(readResult<HttpResults>('http')?.lines, measured),
    ...(floodRows.length > 0 && { flood: { node: lines[0]!.version, rows: floodRows } }),
  };
  console.log(`\nfigures written to ${writeResult('http', all)}`);
} finally {
  rmSync(logDir, { recursive: true, force: true });
}
