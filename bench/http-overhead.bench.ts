/**
 * HTTP overhead per framework: a bare server vs our adapter (defaults, and `lean`: metrics only)
 * vs the peer vs a careful hand-rolled prom-client middleware, plus two references: `floor` (one
 * middleware that does nothing) and `als` (bare with an AsyncLocalStorage entered per request, as
 * under a tracing context manager). `GET /jobs/42` over 50 keep-alive connections with wrk
 * (or autocannon when wrk is not installed: see `bench/load-generator.ts`). Every server runs in
 * its own process pinned to core 1 (`taskset -c 1`) and the load generator to core 0; variants are
 * measured in alternating order, round after round. Then the flood: after 5,000 random 404 paths
 * and 10,000 distinct ids, the series count and scrape time of each variant.
 *
 *   npm run bench -- http            (BENCH_SECONDS=3 BENCH_ROUNDS=3 by default)
 *   BENCH_LOAD=autocannon npm run bench -- http      (force a load generator: wrk or autocannon)
 *   BENCH_FRAMEWORKS=fastify,hono npm run bench -- http
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { constants } from 'node:os';
import { join } from 'node:path';
import { LOAD_BOUND_CPU, type LoadGenerator, pickLoadGenerator, pinned, pinning } from './load-generator.js';

const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono'] as const;
const VARIANTS = ['bare', 'ours', 'lean', 'peer', 'hand', 'floor', 'als'] as const;
const PEERS: Record<string, string> = {
  express: 'express-prom-bundle',
  fastify: 'fastify-metrics 13',
  koa: 'hand-rolled (no Koa peer installed)',
  hono: '@hono/prometheus',
};
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 50;
const SERVER_CORE = 1;
const LOAD_CORE = 0;
const SERVER = join(import.meta.dirname, 'http-overhead-servers.ts');

/** Every server still running, killed on the way out whatever happens. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    children.forEach((child) => child.kill('SIGTERM'));
    process.exit(128 + constants.signals[signal]);
  });
}

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

function startServer(framework: string, variant: string, pin: boolean): Promise<Running> {
  const args = ['--import', 'tsx', SERVER, framework, variant];
  const [file, argv] = pin ? pinned(SERVER_CORE, process.execPath, args) : [process.execPath, args];
  const child = spawn(file, argv);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /ready (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}` });
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) => reject(new Error(`${framework}/${variant} server exited with ${code}`)));
  });
}

function stop(server: Running): void {
  server.child.kill('SIGTERM');
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

interface Measured {
  readonly rps: number[];
  readonly p99: number[];
  readonly loadCpu: number[];
  requests: number;
  non2xx: number;
  errors: number;
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(0)}%`;

async function throughput(framework: string, load: LoadGenerator): Promise<void> {
  const servers = new Map<string, Running>();
  const results = new Map<string, Measured>(
    VARIANTS.map((v) => [v, { rps: [], p99: [], loadCpu: [], requests: 0, non2xx: 0, errors: 0 }]),
  );
  const url = (variant: string): string => `${servers.get(variant)!.url}/jobs/42`;
  try {
    for (const variant of VARIANTS) servers.set(variant, await startServer(framework, variant, true));
    for (const variant of VARIANTS) load.run(url(variant), 1); // warm-up (JIT)
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const run = load.run(url(variant), SECONDS);
        const measured = results.get(variant)!;
        measured.rps.push(run.requestsPerSecond);
        measured.p99.push(run.p99Ms);
        if (run.loadCpu !== undefined) measured.loadCpu.push(run.loadCpu);
        measured.requests += run.requests;
        measured.non2xx += run.non2xx;
        measured.errors += run.errors;
      }
    }
  } finally {
    servers.forEach(stop);
  }
  const bare = median(results.get('bare')!.rps);
  console.log(`\n${framework} (peer: ${PEERS[framework]}), median of ${ROUNDS} × ${SECONDS}s, load: ${load.label}`);
  console.log('variant  req/s      p99 ms   ratio to bare   load cpu');
  const notes: string[] = [];
  for (const variant of VARIANTS) {
    const { rps, p99, loadCpu, requests, non2xx, errors } = results.get(variant)!;
    const r = median(rps);
    const cpu = loadCpu.length > 0 ? Math.max(...loadCpu) : undefined;
    const flags: string[] = [];
    if (non2xx > 0 || errors > 0) {
      flags.push(`! ERRORS: ${non2xx} non-2xx + ${errors} socket errors of ${requests} responses`);
      notes.push(variant);
    }
    if (cpu !== undefined && cpu >= LOAD_BOUND_CPU) flags.push(`load-bound (${load.name} at ${percent(cpu)})`);
    console.log(
      `${variant.padEnd(8)} ${r.toFixed(0).padStart(8)} ${median(p99).toFixed(2).padStart(8)}   ${(r / bare).toFixed(3)}` +
        `           ${(cpu === undefined ? '?' : percent(cpu)).padStart(4)}${flags.length > 0 ? `   ${flags.join('; ')}` : ''}`,
    );
  }
  const ratio = (variant: string, base: string): string =>
    (median(results.get(variant)!.rps) / median(results.get(base)!.rps)).toFixed(3);
  console.log(`lean / floor ${ratio('lean', 'floor')}  (metrics only, against one middleware that does nothing)`);
  console.log(
    `ours / als   ${ratio('ours', 'als')}  (defaults, in an app that already enters an AsyncLocalStorage per request)`,
  );
  if (notes.length > 0) {
    console.log(
      `! ${notes.join(', ')} answered errors: their req/s are not comparable (see the server's stderr above)`,
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
  await Promise.all(Array.from({ length: 50 }, worker));
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

async function flood(framework: string): Promise<void> {
  console.log(`\n${framework} flood: 5,000 random 404 paths + 10,000 distinct ids`);
  console.log('variant  series   404s counted   scrape ms');
  for (const variant of ['ours', 'peer', 'hand'] as const) {
    const server = await startServer(framework, variant, false);
    const agent = new Agent({ keepAlive: true, maxSockets: 50 });
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
      const lines = body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      const counted404 = lines.some((line) => /(status_code|status|code)="404"/.test(line));
      console.log(
        `${variant.padEnd(8)} ${String(lines.length).padStart(6)}   ${String(counted404).padEnd(12)}   ${median(times).toFixed(1).padStart(8)}`,
      );
    } finally {
      agent.destroy();
      stop(server);
    }
  }
}

/**
 * autocannon's ceiling on this machine, extrapolated from the share of its core it needs to load
 * the fastest bare server: above it, autocannon rather than the server sets the req/s. The best
 * of two runs, as a neighbour stealing the cores lowers the req/s more than autocannon's CPU.
 */
async function ceiling(load: LoadGenerator): Promise<string> {
  const server = await startServer('fastify', 'bare', true);
  try {
    load.run(`${server.url}/jobs/42`, 1);
    const runs = [load.run(`${server.url}/jobs/42`, 2), load.run(`${server.url}/jobs/42`, 2)];
    const best = runs.reduce((a, b) => (b.loadCpu && b.requestsPerSecond > a.requestsPerSecond ? b : a));
    if (!best.loadCpu) return '';
    const k = (n: number): string => `${(n / 1000).toFixed(0)}k`;
    return (
      ` — may itself be the bottleneck above ~${k(best.requestsPerSecond / best.loadCpu)} req/s` +
      ` (${percent(best.loadCpu)} of its core for ${k(best.requestsPerSecond)} req/s against fastify bare)`
    );
  } finally {
    stop(server);
  }
}

let load: LoadGenerator;
try {
  load = pickLoadGenerator(LOAD_CORE, CONNECTIONS);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}
const only = process.env.BENCH_FRAMEWORKS?.split(',') ?? FRAMEWORKS;
const caveat = load.name === 'autocannon' ? await ceiling(load) : '';
console.log(`load: ${load.label}${caveat}; ${CONNECTIONS} keep-alive connections, GET /jobs/42`);
if (load.caveat) console.log(`      ${load.caveat}`);
console.log(
  pinning.enabled
    ? `servers: taskset core ${SERVER_CORE}; shared 2-core machine`
    : `WARNING: ${pinning.note}; the numbers below are noisier`,
);
for (const framework of FRAMEWORKS.filter((f) => only.includes(f))) await throughput(framework, load);
for (const framework of FRAMEWORKS.filter((f) => only.includes(f))) await flood(framework);
