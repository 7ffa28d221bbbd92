/**
 * HTTP overhead per framework: a bare server vs our adapter vs the peer vs a careful
 * hand-rolled prom-client middleware, `GET /jobs/42` over 50 keep-alive connections with wrk.
 * Every server runs in its own process pinned to core 1 (`taskset -c 1`) and wrk to core 0;
 * variants are measured in alternating order, round after round. Then the flood: after 5,000
 * random 404 paths and 10,000 distinct ids, the series count and scrape time of each variant.
 *
 *   npm run bench -- http            (BENCH_SECONDS=3 BENCH_ROUNDS=3 by default)
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';

const FRAMEWORKS = ['express', 'fastify', 'koa', 'hono'] as const;
const VARIANTS = ['bare', 'ours', 'lean', 'peer', 'hand'] as const;
const PEERS: Record<string, string> = {
  express: 'express-prom-bundle',
  fastify: 'fastify-metrics 13',
  koa: 'hand-rolled (no Koa peer installed)',
  hono: '@hono/prometheus',
};
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const WRK = '/usr/bin/wrk';
const SERVER = join(import.meta.dirname, 'http-overhead-servers.ts');

interface Running {
  readonly child: ChildProcess;
  readonly url: string;
}

function startServer(framework: string, variant: string, pin: boolean): Promise<Running> {
  const args = ['--import', 'tsx', SERVER, framework, variant];
  const child = pin ? spawn('taskset', ['-c', '1', process.execPath, ...args]) : spawn(process.execPath, args);
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

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 's' ? n * 1000 : n;
}

function wrk(url: string, seconds: number): { rps: number; p99: number } {
  const out = execFileSync('taskset', [
    '-c',
    '0',
    WRK,
    '-t1',
    '-c50',
    `-d${seconds}s`,
    '--latency',
    `${url}/jobs/42`,
  ]).toString();
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  const p99 = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  return { rps, p99 };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

async function throughput(framework: string): Promise<void> {
  const servers = new Map<string, Running>();
  for (const variant of VARIANTS) servers.set(variant, await startServer(framework, variant, true));
  const results = new Map<string, { rps: number[]; p99: number[] }>(VARIANTS.map((v) => [v, { rps: [], p99: [] }]));
  try {
    for (const variant of VARIANTS) wrk(servers.get(variant)!.url, 1); // warm-up (JIT)
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? VARIANTS : [...VARIANTS].reverse();
      for (const variant of order) {
        const { rps, p99 } = wrk(servers.get(variant)!.url, SECONDS);
        results.get(variant)!.rps.push(rps);
        results.get(variant)!.p99.push(p99);
      }
    }
  } finally {
    servers.forEach(stop);
  }
  const bare = median(results.get('bare')!.rps);
  console.log(`\n${framework} (peer: ${PEERS[framework]}), median of ${ROUNDS} × ${SECONDS}s`);
  console.log('variant  req/s      p99 ms   ratio to bare');
  for (const variant of VARIANTS) {
    const { rps, p99 } = results.get(variant)!;
    const r = median(rps);
    console.log(
      `${variant.padEnd(8)} ${r.toFixed(0).padStart(8)} ${median(p99).toFixed(2).padStart(8)}   ${(r / bare).toFixed(3)}`,
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

if (!existsSync(WRK)) {
  console.error(`${WRK} is required for this bench (apt-get install wrk).`);
  process.exit(1);
}
const only = process.env.BENCH_FRAMEWORKS?.split(',') ?? FRAMEWORKS;
console.log(`wrk -t1 -c50, GET /jobs/42, server on core 1, wrk on core 0 (taskset); shared 2-core machine`);
for (const framework of FRAMEWORKS.filter((f) => only.includes(f))) await throughput(framework);
for (const framework of FRAMEWORKS.filter((f) => only.includes(f))) await flood(framework);
