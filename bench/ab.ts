/**
 * A focused A/B of a few HTTP variants of one framework, for questions the full bench is too
 * coarse or too slow to answer ("what does the access log add on Koa, Node 26?"). The servers
 * are the full bench's (`bench/http-overhead-servers.ts`), pinned to core 1, all up at once;
 * wrk (or autocannon) on core 0 drives each in turn, the order flipping every round. It reports
 * server CPU µs per request, the steadier figure on a shared machine, and the per-round
 * difference of each variant to the first one named:
 *
 *   npx tsx bench/ab.ts koa bare,default,log,pino --node 26 --rounds 8
 *   npx tsx bench/ab.ts fastify floor,end,hand,metrics --node 20
 *
 * With `log`, `pino`, `default` and `bare` all named, it also prints the access log's cost
 * against one pino line, paired round by round (`(log − default) − (pino − bare)`), as the
 * generated docs judge it. `BENCH_DIST` picks the build, as for the full bench; a variant named
 * with `@base` (`default@base`) runs the build in `BENCH_BASELINE_DIST` instead, so two builds
 * alternate in one run:
 *
 *   BENCH_DIST=.tmp/after BENCH_BASELINE_DIST=.tmp/before npx tsx bench/ab.ts hono default@base,default --node 20
 *
 * Nothing is written to bench/results: this is for looking, the full bench is for the record.
 */
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASE, baseline, current, isBase } from './baseline.js';
import { EXTRA_VARIANTS, FRAMEWORKS, VARIANTS } from './http-variants.js';
import { pickLoadGenerator } from './load-generator.js';
import { nodeLines } from './node-lines.js';
import { cpuSecondsOf, LOAD_CORE, type Running, startServer, stopServer } from './server-process.js';
import { addedPerRound, formatAddedUs, halfIqr, logMinusPinoPerRound, spreadOf } from './stats.js';

const USAGE = 'usage: npx tsx bench/ab.ts <framework> <variant,variant,...> [--node 26] [--rounds 6] [--seconds 6]';

function parse(argv: readonly string[]): {
  framework: string;
  variants: string[];
  rounds: number;
  seconds: number;
} {
  const positional: string[] = [];
  let rounds = 6;
  let seconds = 6;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--node') process.env.BENCH_NODE = argv[++i];
    else if (arg === '--rounds') rounds = Number(argv[++i]);
    else if (arg === '--seconds') seconds = Number(argv[++i]);
    else if (arg.startsWith('-')) throw new Error(`unknown option ${arg}\n${USAGE}`);
    else positional.push(arg);
  }
  const [framework, list] = positional;
  if (framework === undefined || list === undefined) throw new Error(USAGE);
  if (!(FRAMEWORKS as readonly string[]).includes(framework)) {
    throw new Error(`${framework} is not one of ${FRAMEWORKS.join(', ')}`);
  }
  const known: readonly string[] = [...VARIANTS, ...EXTRA_VARIANTS];
  const variants = [...new Set(list.split(',').map((v) => v.trim()))];
  const unknown = variants.filter((v) => !known.includes(current(v)));
  if (unknown.length > 0 || variants.length < 2) {
    throw new Error(`name two or more of ${known.join(', ')}, each maybe with ${BASE} (got ${list})`);
  }
  if (variants.some(isBase) && baseline() === undefined) {
    throw new Error(`a ${BASE} variant runs the build in BENCH_BASELINE_DIST, which is not set`);
  }
  if (!Number.isInteger(rounds) || rounds < 1 || !(seconds >= 1)) {
    throw new Error(`--rounds takes a whole number >= 1 and --seconds a number >= 1\n${USAGE}`);
  }
  return { framework, variants, rounds, seconds };
}

const withSpread = (values: readonly number[]): string => formatAddedUs(spreadOf(values));

async function main(): Promise<void> {
  const { framework, variants, rounds, seconds } = parse(process.argv.slice(2));
  const lines = nodeLines();
  if (lines.length !== 1) throw new Error('name one Node line (--node 26)');
  const line = lines[0]!;
  const load = pickLoadGenerator(LOAD_CORE, 50);
  const dir = mkdtempSync(join(tmpdir(), 'tfo-ab-'));
  const logFile = (variant: string): string => join(dir, `${variant.replace(BASE, '-base')}.log`);
  const base = baseline();
  const servers = new Map<string, Running>();
  const us = new Map<string, number[]>(variants.map((v) => [v, []]));
  console.log(`${framework} on Node ${line.version}, ${load.label}, ${rounds} rounds of ${seconds} s per variant`);
  try {
    for (const variant of variants) {
      writeFileSync(logFile(variant), '');
      const env = { BENCH_LOG_FILE: logFile(variant), ...(isBase(variant) && { BENCH_DIST: base!.dir }) };
      servers.set(variant, await startServer(line, framework, current(variant), { pin: true, env }));
    }
    const url = (variant: string): string => `${servers.get(variant)!.url}/jobs/42`;
    for (const variant of variants) load.run(url(variant), 2); // JIT warm-up, not measured
    for (let round = 0; round < rounds; round++) {
      for (const variant of round % 2 === 0 ? variants : [...variants].reverse()) {
        const pid = servers.get(variant)!.child.pid;
        const before = cpuSecondsOf(pid);
        const result = load.run(url(variant), seconds);
        const after = cpuSecondsOf(pid);
        if (before === undefined || after === undefined || result.requests === 0) {
          throw new Error(`no CPU time or no responses for ${variant}`);
        }
        us.get(variant)!.push(((after - before) * 1e6) / result.requests);
        truncateSync(logFile(variant)); // the lines are not counted here; keep the disk out of it
      }
      console.log(`round ${round + 1}: ${variants.map((v) => `${v} ${us.get(v)!.at(-1)!.toFixed(1)}`).join('  ')}`);
    }
  } finally {
    for (const server of servers.values()) await stopServer(server);
    rmSync(dir, { recursive: true, force: true });
  }
  const [first] = variants as [string];
  const reference = us.get(first)!;
  console.log(`\nserver µs per request (median ±half IQR), and per round minus ${first}:`);
  for (const variant of variants) {
    const own = us.get(variant)!;
    const spread = spreadOf(own);
    const delta = variant === first ? '' : `   ${withSpread(addedPerRound(own, reference))}`;
    console.log(
      `  ${variant.padEnd(8)} ${spread.median.toFixed(1).padStart(6)} ±${halfIqr(spread).toFixed(1)}${delta}`,
    );
  }
  const log = us.get('log');
  const ours = us.get('default');
  const pino = us.get('pino');
  const bare = us.get('bare');
  if (log && ours && pino && bare) {
    const paired = logMinusPinoPerRound(log, ours, pino, bare);
    console.log(`\naccess log minus one pino line, per round: ${withSpread(paired)} µs per request`);
  }
}

main().catch((error: unknown) => {
  console.error((error as Error).message);
  process.exit(1);
});
