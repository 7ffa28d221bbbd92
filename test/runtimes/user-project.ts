import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseLogLines, type LogLine } from '../helpers/log-lines.js';
import { processAlive } from '../helpers/processes.js';

/** The repository root: the package as it is published (`dist/`, after `npm run build`). */
export const ROOT = join(import.meta.dirname, '../..');
const FIXTURES = join(import.meta.dirname, 'fixtures');

/**
 * A throw-away user project under `.tmp/`: the fixtures, a `package.json`, an empty
 * `tsconfig.json` (so Bun does not follow the repository's `paths` to `src/`) and
 * `node_modules/@transcode-flow/observability` linked to the repository, so that the package
 * resolves through its `exports` to `dist/`, as it does for a user. Other packages (hono, pino)
 * resolve from the repository's node_modules, one level up.
 */
export function userProject(name: string, fixtures = FIXTURES): { dir: string; remove(): void } {
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', `${name}-`));
  mkdirSync(join(dir, 'node_modules/@transcode-flow'), { recursive: true });
  symlinkSync(ROOT, join(dir, 'node_modules/@transcode-flow/observability'), 'dir');
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  writeFileSync(join(dir, 'tsconfig.json'), '{}\n');
  for (const file of readdirSync(fixtures)) copyFileSync(join(fixtures, file), join(dir, file));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A server process started by a test; {@link ServerProcess.stop} ends it by pid. */
export interface ServerProcess {
  readonly url: string;
  readonly pid: number;
  /** Its stdout so far, parsed as the SDK's JSON log lines (each checked). */
  logLines(): LogLine[];
  /** Its stderr so far. */
  stderr(): string;
  /**
   * Resolves with every log line once `count` lines match `filter` (checked as stdout arrives);
   * rejects after 30 s (a safety net far above what the wait needs) with what was written.
   */
  waitForLines(count: number, filter: (line: LogLine) => boolean): Promise<LogLine[]>;
  /** Sends SIGTERM and waits for the exit (SIGKILL if it has not exited after 10 s). */
  stop(): Promise<void>;
}

/**
 * Starts `command args` in `cwd` (with `env` added) and waits for `listening <port>` on its
 * stderr (what the fixtures write; `ready` matches another announcement, its group 1 the port),
 * or rejects with what it wrote when it exits first.
 */
export function startServer(
  command: string,
  args: string[],
  cwd: string,
  { env = {}, ready = /listening (\d+)/ }: { env?: Record<string, string>; ready?: RegExp } = {},
): Promise<ServerProcess> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  child.stdout!.on('data', (chunk: Buffer) => {
    out += String(chunk);
    for (const waiter of waiters) waiter();
  });
  /** Complete lines only: a line still being written is not parsed yet. */
  const lines = (): LogLine[] => parseLogLines(out.slice(0, out.lastIndexOf('\n') + 1));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    const early = (code: number | null, signal: string | null): void =>
      reject(new Error(`${command} exited (${code ?? signal}) before listening:\n${err}\n${out}`));
    child.once('exit', early);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += String(chunk);
      const port = ready.exec(err)?.[1];
      if (port === undefined) return;
      child.off('exit', early);
      resolve({
        url: `http://127.0.0.1:${port}`,
        pid: child.pid!,
        logLines: lines,
        stderr: () => err,
        waitForLines(count, filter) {
          return new Promise((resolveLines, rejectLines) => {
            const finish = (error?: Error): void => {
              waiters.delete(check);
              clearTimeout(timer);
              if (error === undefined) resolveLines(lines());
              else rejectLines(error);
            };
            const check = (): void => {
              try {
                if (lines().filter(filter).length >= count) finish();
              } catch (error) {
                finish(error as Error);
              }
            };
            const timer = setTimeout(
              () => finish(new Error(`waited 30 s for ${count} matching log lines; stdout:\n${out}\nstderr:\n${err}`)),
              30_000,
            );
            waiters.add(check);
            check();
          });
        },
        async stop() {
          if (child.exitCode !== null || child.signalCode !== null || !processAlive(child.pid!)) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
          await exited;
          clearTimeout(timer);
        },
      });
    });
  });
}

/**
 * A Node binary of at least `major`: this process's when it is new enough, else the line that
 * scripts/install-node-lines.sh installs (from the npm registry) into .node-lines/.
 */
export function nodeAtLeast(major: number): string {
  if (Number(process.versions.node.split('.')[0]) >= major) return process.execPath;
  const output = execFileSync('bash', [join(ROOT, 'scripts/install-node-lines.sh'), String(major)], {
    encoding: 'utf8',
  });
  return output.trim().split(' ')[1]!;
}
