/**
 * Recording through the SDK's guarded metrics vs plain prom-client, in one process and
 * one run, variants alternated. Prints operations per second and the ratio to prom-client.
 *
 *   npm run bench -- guard
 */
import { Counter, Histogram, Registry } from 'prom-client';
// The built package, as users run it: bench/run.ts points tsx at bench/tsconfig.json (no paths).
import { BUCKETS, createObservability } from '@transcode-flow/observability';

const ROUTES = ['/jobs', '/jobs/:jobId', '/downloads/job/:jobId/video/:format', '/health', '/metrics'];
const STATUSES = [200, 201, 404, 500];
const LABELS = ROUTES.flatMap((route) => STATUSES.map((status_code) => ({ method: 'GET', route, status_code })));
const OPS = 2_000_000;
const ROUNDS = 5;

const registry = new Registry();
const promCounter = new Counter({
  name: 'p_requests_total',
  help: 'h',
  labelNames: ['method', 'route', 'status_code'],
  registers: [registry],
});
const promHistogram = new Histogram({
  name: 'p_duration_seconds',
  help: 'h',
  labelNames: ['method', 'route', 'status_code'],
  buckets: [...BUCKETS.httpLatency],
  registers: [registry],
});
const promChildren = LABELS.map((labels) => ({
  counter: promCounter.labels(labels),
  histogram: promHistogram.labels(labels),
}));

const { metrics } = createObservability({ defaultMetrics: false });
const ourChildren = LABELS.map((labels) => ({
  counter: metrics.apiRequestsTotal.labels(labels),
  histogram: metrics.apiRequestDurationSeconds.labels(labels),
}));

const variants: Record<string, (i: number) => void> = {
  'prom-client (labels object)': (i) => {
    const labels = LABELS[i % LABELS.length]!;
    promCounter.inc(labels);
    promHistogram.observe(labels, (i % 1000) / 1000);
  },
  'ours (labels object, guarded)': (i) => {
    const labels = LABELS[i % LABELS.length]!;
    metrics.apiRequestsTotal.inc(labels);
    metrics.apiRequestDurationSeconds.observe(labels, (i % 1000) / 1000);
  },
  'prom-client (bound children)': (i) => {
    const child = promChildren[i % promChildren.length]!;
    child.counter.inc();
    child.histogram.observe((i % 1000) / 1000);
  },
  'ours (bound children, guarded)': (i) => {
    const child = ourChildren[i % ourChildren.length]!;
    child.counter.inc();
    child.histogram.observe((i % 1000) / 1000);
  },
};

function measure(run: (i: number) => void): number {
  const start = process.hrtime.bigint();
  for (let i = 0; i < OPS; i++) run(i);
  return OPS / (Number(process.hrtime.bigint() - start) / 1e9);
}

for (const run of Object.values(variants)) measure(run); // warm-up
const results = new Map<string, number[]>(Object.keys(variants).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, run] of Object.entries(variants)) results.get(name)!.push(measure(run));
}
const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const table = [...results].map(([name, values]) => ({ name, opsPerSecond: median(values) }));
const base = (name: string) => table.find((row) => row.name === name)!.opsPerSecond;
process.stdout.write('Recording one counter increment and one histogram observation (median of 5 rounds):\n');
for (const row of table) {
  const reference = row.name.includes('bound')
    ? base('prom-client (bound children)')
    : base('prom-client (labels object)');
  process.stdout.write(
    `  ${row.name.padEnd(34)} ${(row.opsPerSecond / 1e6).toFixed(2).padStart(6)} M ops/s   ${(row.opsPerSecond / reference).toFixed(2)}x prom-client\n`,
  );
}
