import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseExposition, type Sample } from '../helpers/exposition.js';
import { type LogLine, parseLogLine } from '../helpers/log-lines.js';
import { freePort } from '../helpers/redis.js';
import { processAlive } from '../helpers/processes.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The example service started the way the docs say: `npm run demo` or `npm run example`. */
export interface ServiceProcess {
  readonly url: string;
  readonly dataDir: string;
  /** The API key (the generated one printed to stderr, or the first of `API_KEYS`). */
  apiKey(): Promise<string>;
  /** Every stdout line (the project's .npmrc keeps npm's banner off stdout), each checked by `parseLogLine`. */
  logLines(): LogLine[];
  /** Everything written to stderr so far. */
  stderr(): string;
  /** Everything written to stdout so far. */
  stdoutText(): string;
  /** Waits for a log line whose `message` is `message` (and that matches `where`). */
  waitForLog(message: string, where?: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  /** The pid of the service's own process (read from its log lines), not npm's. */
  servicePid(): Promise<number>;
  /** Resolves with npm's exit code once it exits. */
  readonly exited: Promise<number | null>;
  /** Sends `signal` to the service process by its pid. */
  signal(signal: NodeJS.Signals): Promise<void>;
  /** Fetches a path of the service with the API key. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Scrapes `/metrics` and parses it. */
  scrape(): Promise<Sample[]>;
  /** Kills whatever still runs (by pid) and removes the data folder. */
  cleanup(): Promise<void>;
}

async function until<T>(read: () => T | undefined, what: string, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/**
 * Runs `npm run <script>` in the repository root with `PORT` set to a free port and `DATA_DIR`
 * to a new temporary folder (plus `env`), and waits until the service logs `service started`.
 */
export async function startServiceProcess(
  script: 'demo' | 'example',
  env: Record<string, string> = {},
): Promise<ServiceProcess> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'tfo-example-'));
  const child: ChildProcess = spawn('npm', ['run', script], {
    cwd: ROOT,
    // As a user runs it: npm's log level comes from the project's .npmrc, not from the npm running the tests.
    env: { ...withoutNpmLogLevel(process.env), PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  const url = `http://127.0.0.1:${port}`;

  const logLines = (): LogLine[] =>
    out
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map(parseLogLine);
  const waitForLog = (message: string, where: (line: LogLine) => boolean = () => true, timeoutMs = 60_000) =>
    until(
      () => {
        if (child.exitCode !== null) throw new Error(`npm run ${script} exited (${child.exitCode}):\n${err}`);
        return logLines().find((line) => line.message === message && where(line));
      },
      `log line "${message}"`,
      timeoutMs,
    );
  const servicePid = async () => (await waitForLog('service started')).pid;
  const apiKey = async () =>
    env.API_KEYS?.split(',')[0] ??
    (await until(() => /API key \(generated[^:]*\): (\S+)/.exec(err)?.[1], 'the API key on stderr', 30_000));

  await waitForLog('service started');
  return {
    url,
    dataDir,
    apiKey,
    logLines,
    stderr: () => err,
    stdoutText: () => out,
    waitForLog,
    servicePid,
    exited,
    async signal(signal) {
      process.kill(await servicePid(), signal);
    },
    async fetch(path, init = {}) {
      const headers = new Headers(init.headers);
      if (!headers.has('x-api-key') && !headers.has('authorization')) headers.set('x-api-key', await apiKey());
      return fetch(url + path, { ...init, headers });
    },
    async scrape() {
      return parseExposition(await (await fetch(`${url}/metrics`)).text());
    },
    async cleanup() {
      const pid = logLines().find((line) => line.message === 'service started')?.pid;
      if (pid !== undefined && processAlive(pid)) process.kill(pid, 'SIGKILL');
      if (child.exitCode === null && child.pid !== undefined && processAlive(child.pid))
        process.kill(child.pid, 'SIGKILL');
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Submits a job for `source` (a path in the service's source folders) with the service's key; resolves with its id once accepted (202). */
export async function submitJob(service: ServiceProcess, source: string): Promise<string> {
  const accepted = await service.fetch('/jobs', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ source }),
  });
  if (accepted.status !== 202) throw new Error(`POST /jobs answered ${accepted.status}: ${await accepted.text()}`);
  return ((await accepted.json()) as { id: string }).id;
}

/** Polls `GET /jobs/:id` (with `key`, default the service's key) until the job is completed, failed or cancelled. */
export async function waitForJob(
  service: ServiceProcess,
  id: string,
  timeoutMs = 90_000,
  key?: string,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await service.fetch(`/jobs/${id}`, key === undefined ? {} : { headers: { 'x-api-key': key } });
    const job = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`GET /jobs/${id} answered ${response.status}: ${JSON.stringify(job)}`);
    if (['completed', 'failed', 'cancelled'].includes(String(job.status))) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} still ${String(job.status)} after ${timeoutMs} ms`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

/** The environment without `npm_config_loglevel`, which an outer `npm run --loglevel=…` sets for its children. */
function withoutNpmLogLevel(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const key of Object.keys(copy)) if (key.toLowerCase() === 'npm_config_loglevel') delete copy[key];
  return copy;
}
