/**
 * The load generator of `bench/http-overhead.bench.ts`, behind one interface: wrk when it is on
 * PATH (Debian: `apt-get install wrk`), else autocannon from node_modules, run in its own process
 * (`bench/load-autocannon.ts`) so it can be pinned to a core like wrk. `BENCH_LOAD=wrk|autocannon`
 * forces one. Both drive `connections` keep-alive connections at one URL for `seconds`, and both
 * report non-2xx answers and socket errors, so a variant answering errors is never silently fast.
 *
 * Also the core pinning of the bench: `taskset -c <core>` when taskset is on PATH and the machine
 * has two cores, else unpinned (`pinning.note` says why).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { delimiter, join } from 'node:path';

export interface LoadResult {
  readonly requestsPerSecond: number;
  /** 99th percentile latency of every response, in milliseconds. */
  readonly p99Ms: number;
  /** Responses received. */
  readonly requests: number;
  /** Responses outside 2xx (wrk: outside 2xx and 3xx). */
  readonly non2xx: number;
  /** Socket errors: connect, read and write errors, timeouts and resets. */
  readonly errors: number;
  /** CPU the load generator used, in cores (1 = its whole core), when known. */
  readonly loadCpu?: number;
}

export interface LoadGenerator {
  readonly name: 'wrk' | 'autocannon';
  readonly version: string;
  /** `wrk 4.1.0 (taskset core 0)`: what the bench prints so everyone knows which one ran. */
  readonly label: string;
  /** Only the autocannon one: it may saturate its core before the server does. */
  readonly caveat?: string;
  run(url: string, seconds: number): LoadResult;
}

/** A load generator using this much of its core is probably the bottleneck, not the server. */
export const LOAD_BOUND_CPU = 0.9;

/** The absolute path of an executable on PATH, if any. */
export function which(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const path = join(dir, command);
    try {
      accessSync(path, constants.X_OK);
      return path;
    } catch {
      // not here
    }
  }
  return undefined;
}

const TASKSET = which('taskset');
const CORES = availableParallelism();

export const pinning: { readonly enabled: boolean; readonly note: string } = !TASKSET
  ? { enabled: false, note: 'taskset not found (apt-get install util-linux): server and load run UNPINNED' }
  : CORES < 2
    ? { enabled: false, note: `only ${CORES} core available: server and load run UNPINNED` }
    : { enabled: true, note: 'pinned with taskset' };

/** `command args` run on `core` when pinning is enabled, as the [file, args] of a spawn. */
export function pinned(core: number, command: string, args: readonly string[]): [string, string[]] {
  return pinning.enabled ? [TASKSET!, ['-c', String(core), command, ...args]] : [command, [...args]];
}

const where = (core: number): string => (pinning.enabled ? `taskset core ${core}` : 'unpinned');

/** CPU seconds of the children this process has waited for (Linux), to measure a finished child. */
const CLOCK_TICKS = ((): number => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;
  } catch {
    return 100;
  }
})();
function childrenCpuSeconds(): number | undefined {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5), cutime and cstime; `fields` starts at field 3.
    return (Number(fields[13]) + Number(fields[14])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}

function toMs(value: string): number {
  const match = /^([\d.]+)(us|ms|s|m)$/.exec(value.trim());
  if (!match) return NaN;
  const n = Number(match[1]);
  const unit = { us: 0.001, ms: 1, s: 1000, m: 60_000 }[match[2] as 'us' | 'ms' | 's' | 'm'];
  return n * unit;
}

/** wrk's text report; throws when it cannot be read rather than printing NaN. */
export function parseWrk(out: string): Omit<LoadResult, 'loadCpu'> {
  const requests = Number(/(\d+) requests in /.exec(out)?.[1]);
  const requestsPerSecond = Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1]);
  if (!Number.isFinite(requests) || !Number.isFinite(requestsPerSecond)) {
    throw new Error(`cannot read wrk's report:\n${out}`);
  }
  // "Socket errors: connect 0, read 12, write 0, timeout 3": absent when there are none.
  const socket = /Socket errors:\s*connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const errors = socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0;
  const non2xx = Number(/Non-2xx or 3xx responses:\s*(\d+)/.exec(out)?.[1] ?? 0);
  // No latency distribution when nothing answered.
  const p99Ms = toMs(/^\s+99%\s+(\S+)/m.exec(out)?.[1] ?? '');
  return { requestsPerSecond, p99Ms, requests, non2xx, errors };
}

function wrk(path: string, core: number, connections: number): LoadGenerator {
  const banner = spawnSync(path, ['--version']).stdout.toString(); // "wrk debian/4.1.0-3+b2 [epoll] …", exit 1
  const version = /(\d+\.\d+(?:\.\d+)?)/.exec(banner)?.[1] ?? 'unknown version';
  return {
    name: 'wrk',
    version,
    label: `wrk ${version} (${where(core)})`,
    run(url, seconds) {
      const [file, args] = pinned(core, path, ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', url]);
      const before = childrenCpuSeconds();
      const started = performance.now();
      const out = execFileSync(file, args, { timeout: (seconds + 30) * 1000 }).toString();
      const wall = (performance.now() - started) / 1000;
      const after = childrenCpuSeconds();
      const loadCpu = before !== undefined && after !== undefined ? (after - before) / wall : undefined;
      return { ...parseWrk(out), ...(loadCpu !== undefined && { loadCpu }) };
    },
  };
}

const AUTOCANNON_SCRIPT = join(import.meta.dirname, 'load-autocannon.ts');

function autocannon(core: number, connections: number): LoadGenerator {
  const require = createRequire(import.meta.url);
  const { version } = JSON.parse(readFileSync(require.resolve('autocannon/package.json'), 'utf8')) as {
    version: string;
  };
  return {
    name: 'autocannon',
    version,
    label: `autocannon ${version} (${where(core)})`,
    caveat:
      `autocannon is JavaScript on one core: runs where it used ≥ ${LOAD_BOUND_CPU * 100}% of its core are ` +
      'flagged "load-bound"; install wrk (apt-get install wrk) for a load generator that stays out of the way',
    run(url, seconds) {
      const [file, args] = pinned(core, process.execPath, [
        '--import',
        'tsx',
        AUTOCANNON_SCRIPT,
        url,
        String(seconds),
        String(connections),
      ]);
      const out = execFileSync(file, args, { timeout: (seconds + 30) * 1000 }).toString();
      const line = out.trim().split('\n').at(-1) ?? '';
      try {
        return JSON.parse(line) as LoadResult;
      } catch {
        throw new Error(`cannot read bench/load-autocannon.ts's report:\n${out}`);
      }
    },
  };
}

/**
 * wrk when on PATH, else autocannon; `BENCH_LOAD=wrk|autocannon` forces one. Throws when the
 * forced one is missing.
 */
export function pickLoadGenerator(core: number, connections: number): LoadGenerator {
  const wanted = process.env.BENCH_LOAD ?? '';
  if (!['', 'wrk', 'autocannon'].includes(wanted)) {
    throw new Error(`BENCH_LOAD=${wanted}: expected wrk or autocannon`);
  }
  const wrkPath = which('wrk');
  if (wanted === 'wrk' && !wrkPath) throw new Error('BENCH_LOAD=wrk but wrk is not on PATH (apt-get install wrk)');
  if (wanted !== 'autocannon' && wrkPath) return wrk(wrkPath, core, connections);
  return autocannon(core, connections);
}
