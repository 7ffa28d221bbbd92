/**
 * The autocannon load of `bench/http-overhead.bench.ts` (see `bench/load-generator.ts`), in its
 * own process so the bench can pin it to a core like wrk:
 * `tsx bench/load-autocannon.ts <url> <seconds> <connections>`. Prints one JSON line, a
 * `LoadResult`: req/s, a p99 over every response at 10 µs resolution (autocannon's own histogram
 * keeps whole milliseconds and 2xx only), non-2xx, socket errors, and the CPU this process used
 * while firing, in cores: near 1 means autocannon, not the server, was the limit.
 */
import { createRequire } from 'node:module';
import type { EventEmitter } from 'node:events';
import type { LoadResult } from './load-generator.js';

/** The part of autocannon 9's API used here (it ships no types). */
interface AutocannonResult {
  readonly duration: number;
  /** Connection errors and timeouts (autocannon counts a timeout as an error too). */
  readonly errors: number;
  readonly non2xx: number;
  /** `total` answered, `sent` written (including the ones lost with their connection). */
  readonly requests: { readonly total: number; readonly sent: number };
  readonly latency: { readonly p99: number };
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
}) => EventEmitter & PromiseLike<AutocannonResult>;

const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;
const [url, seconds = '3', connections = '50'] = process.argv.slice(2);
if (!url) throw new Error('usage: load-autocannon.ts <url> <seconds> <connections>');

const BUCKET_MS = 0.01;
const buckets = new Uint32Array(1_000_001); // 0 to 10 s (autocannon's timeout) by 10 µs, then overflow
let cpuAtStart = process.cpuUsage();
let wallAtStart = performance.now();

const instance = autocannon({ url, connections: Number(connections), duration: Number(seconds), pipelining: 1 });
instance.on('start', () => {
  cpuAtStart = process.cpuUsage();
  wallAtStart = performance.now();
});
instance.on('response', (_client: unknown, _status: number, _bytes: number, ms: number) => {
  buckets[Math.min(buckets.length - 1, Math.floor(ms / BUCKET_MS))]!++;
});
const result = await instance;
const cpu = process.cpuUsage(cpuAtStart);
const wallMs = performance.now() - wallAtStart;

function p99(): number {
  const total = buckets.reduce((sum, n) => sum + n, 0);
  if (total === 0) return NaN;
  const rank = Math.ceil(total * 0.99);
  let seen = 0;
  for (let i = 0; i < buckets.length; i++) {
    seen += buckets[i]!;
    if (seen >= rank) return i === buckets.length - 1 ? result.latency.p99 : (i + 1) * BUCKET_MS;
  }
  return NaN;
}

// autocannon reconnects silently when the server closes a connection, and does not count the
// request lost with it: every request sent and never answered, beyond the one in flight on each
// connection when the run stops, is such a lost request (or an error already counted).
const lost = Math.max(0, result.requests.sent - result.requests.total - Number(connections) - result.errors);

const report: LoadResult = {
  requestsPerSecond: result.requests.total / result.duration,
  p99Ms: p99(),
  requests: result.requests.total,
  non2xx: result.non2xx,
  errors: result.errors + lost,
  loadCpu: (cpu.user + cpu.system) / 1000 / wallMs,
};
process.stdout.write(`${JSON.stringify(report)}\n`);
