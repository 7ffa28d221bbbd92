import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../helpers/redis.js';
import { requireTool } from '../helpers/tools.js';

/** One series of an instant or range query answer. */
export interface QuerySeries {
  readonly metric: Record<string, string>;
  readonly value?: [number, string];
  readonly values?: [number, string][];
}

/** A real Prometheus on a loopback port, started with a rendered `prometheus.yml`. */
export interface PrometheusProcess {
  readonly url: string;
  /** An instant query (at `time`, in seconds, or now); throws on a query error. */
  query(expr: string, time?: number): Promise<QuerySeries[]>;
  /** A range query with a step in seconds; throws on a query error. */
  queryRange(expr: string, start: number, end: number, step: number): Promise<QuerySeries[]>;
  /** Stops it and removes its storage. */
  stop(): Promise<void>;
}

/** Polls `probe` every 500 ms until it gives a value. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

/** Starts `prometheus` (required, never skipped) with `configFile` and waits until it is ready. */
export async function startPrometheus(configFile: string): Promise<PrometheusProcess> {
  const binary = requireTool('prometheus');
  const storage = mkdtempSync(join(tmpdir(), 'tfo-prometheus-'));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    binary,
    [`--config.file=${configFile}`, `--storage.tsdb.path=${storage}`, `--web.listen-address=127.0.0.1:${port}`],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const api = async (path: string, params: Record<string, string>): Promise<QuerySeries[]> => {
    const answer = (await (await fetch(`${url}${path}?${new URLSearchParams(params)}`)).json()) as {
      status: string;
      error?: string;
      data: { result: QuerySeries[] };
    };
    if (answer.status !== 'success') throw new Error(`${params.query}: ${answer.error ?? answer.status}`);
    return answer.data.result;
  };
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid !== undefined) process.kill(child.pid, 'SIGTERM');
    await exited;
    rmSync(storage, { recursive: true, force: true });
  };
  try {
    await waitFor('Prometheus to be ready', async () => ((await fetch(`${url}/-/ready`)).ok ? true : undefined));
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    url,
    query: (expr, time) => api('/api/v1/query', { query: expr, ...(time === undefined ? {} : { time: String(time) }) }),
    queryRange: (expr, start, end, step) =>
      api('/api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) }),
    stop,
  };
}
