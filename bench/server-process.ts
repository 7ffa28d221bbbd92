/**
 * The servers under test, each in its own process (`bench/http-overhead-servers.ts`) on the
 * Node line being measured, pinned to the server core, and stopped on the way out whatever
 * happens. Also the server's CPU time, read from `/proc`, so a run can say how many
 * microseconds of server CPU one request cost.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';
import { join } from 'node:path';
import { pinned } from './load-generator.js';
import type { NodeLine } from './node-lines.js';

export const SERVER_CORE = 1;
export const LOAD_CORE = 0;
const SERVER = join(import.meta.dirname, 'http-overhead-servers.ts');
const TSCONFIG = join(import.meta.dirname, 'tsconfig.json');

export interface Running {
  readonly child: ChildProcess;
  readonly url: string;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
}

export interface ServerOptions {
  readonly pin: boolean;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  readonly nodeFlags?: readonly string[];
  /** Extra environment, e.g. BENCH_LOG_FILE. */
  readonly env?: Readonly<Record<string, string>>;
}

/** Every server still running, killed on the way out. */
const children = new Set<ChildProcess>();
process.on('exit', () => children.forEach((child) => child.kill('SIGTERM')));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    children.forEach((child) => child.kill('SIGTERM'));
    process.exit(128 + constants.signals[signal]);
  });
}

export function startServer(
  line: NodeLine,
  framework: string,
  variant: string,
  options: ServerOptions,
): Promise<Running> {
  const args = [...(options.nodeFlags ?? []), '--import', 'tsx', SERVER, framework, variant];
  const [file, argv] = options.pin ? pinned(SERVER_CORE, line.bin, args) : [line.bin, args];
  // taskset execs node, so the child's pid is the server's own (its /proc/<pid>/stat is the server's).
  const child = spawn(file, argv, { env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, ...options.env } });
  children.add(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  void exited.then(() => children.delete(child));
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const port = /ready (\d+)/.exec(out)?.[1];
      if (port) resolve({ child, url: `http://127.0.0.1:${port}`, exited });
    });
    child.stderr!.on('data', (chunk: Buffer) => process.stderr.write(chunk));
    child.once('exit', (code) =>
      reject(new Error(`${framework}/${variant} server (Node ${line.major}) exited with ${code}`)),
    );
  });
}

/** Stops a server and waits until it has exited (and written its profile, if any). */
export async function stopServer(server: Running): Promise<void> {
  server.child.kill('SIGTERM');
  await server.exited;
}

const CLOCK_TICKS = 100; // USER_HZ on Linux, what /proc reports times in

/** CPU seconds (user + system) the process has used so far, or `undefined` off Linux. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of proc(5), utime and stime; `fields` starts at field 3.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
}
