import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/** Which speech-to-text step the worker runs after the audio extraction. */
export type TranscriberKind = 'none' | 'whisper';

/** Everything the service reads from its environment and command line. */
export interface ServiceConfig {
  /** TCP port (`PORT`). Default: `3000`. */
  readonly port: number;
  /** Interface to listen on (`HOST`). Default: `127.0.0.1`. */
  readonly host: string;
  /** Where uploads, renditions and demo files live (`DATA_DIR`). Default: `<os tmpdir>/transcode-flow-example`. */
  readonly dataDir: string;
  /** Folders a JSON job's `source` may name (`SOURCE_DIRS`, comma-separated). Default: `DATA_DIR` only. */
  readonly sourceDirs: readonly string[];
  /** Accepted API keys (`API_KEYS`, comma-separated). Default: none, so one is generated at start. */
  readonly apiKeys: readonly string[];
  /** Redis URL (`REDIS_URL`); when set, jobs go through BullMQ. Default: in-memory queue. */
  readonly redisUrl: string | undefined;
  /**
   * How long the Redis lease lasts by which one replica at a time reports the queue's depth
   * and workers, in ms (`QUEUE_STATE_LEASE_MS`); after the reporter dies, another takes over
   * within it plus one scrape. Default: 30 s.
   */
  readonly queueStateLeaseMs: number;
  /** Jobs run at once (`CONCURRENCY`). Default: `2`. */
  readonly concurrency: number;
  /** Largest raw upload in bytes (`MAX_UPLOAD_BYTES`). Default: 200 MiB. */
  readonly maxUploadBytes: number;
  /** Longest transcode job in ms (`JOB_TIMEOUT_MS`). Default: 10 minutes. */
  readonly jobTimeoutMs: number;
  /** How long shutdown waits for jobs before cancelling them (`SHUTDOWN_TIMEOUT_MS`). Default: 60 s. */
  readonly shutdownTimeoutMs: number;
  /** Completion webhook settings (`WEBHOOK_TIMEOUT_MS`, `WEBHOOK_MAX_ATTEMPTS`, `WEBHOOK_BASE_DELAY_MS`). */
  readonly webhook: { readonly timeoutMs: number; readonly maxAttempts: number; readonly baseDelayMs: number };
  /** Transcription step (`TRANSCRIBER`): `none` or `whisper`. Default: `none`. */
  readonly transcriber: TranscriberKind;
  /** The whisper command line (`WHISPER_CMD`); the audio file path is appended. Default: `whisper`. */
  readonly whisperCmd: string;
  /** Bearer token `/metrics` requires (`METRICS_TOKEN`). Default: none. */
  readonly metricsToken: string | undefined;
  /** `--demo` on the command line: feed the service a generated test video. */
  readonly demo: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

function integer(env: Env, name: string, fallback: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? `of at least ${min}` : `from ${min} to ${max}`;
    throw new Error(`${name} is ${JSON.stringify(raw)}; expected a whole number ${range}`);
  }
  return value;
}

/** The longest wait a Node.js timer keeps (about 24.8 days); a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** A duration variable in ms, from `min` to the longest wait a timer keeps. */
const duration = (env: Env, name: string, fallback: number, min: number): number =>
  integer(env, name, fallback, min, MAX_TIMER_MS);

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Reads the service configuration from environment variables and command-line flags.
 * Throws an `Error` naming the variable when one is malformed.
 *
 * @param env - The environment, usually `process.env`.
 * @param argv - The command-line arguments after the script, usually `process.argv.slice(2)`.
 * @returns The configuration with every default filled in.
 * @example
 * ```ts
 * const config = loadConfig({ PORT: '8080' }, ['--demo']);
 * config.port; // 8080
 * ```
 */
export function loadConfig(env: Env, argv: readonly string[]): ServiceConfig {
  const unknown = argv.filter((arg) => arg !== '--demo');
  if (unknown.length > 0) throw new Error(`unknown argument ${unknown[0]}; the only flag is --demo`);
  const dataDir = resolve(env.DATA_DIR?.trim() || join(tmpdir(), 'transcode-flow-example'));
  const transcriber = (env.TRANSCRIBER?.trim() || 'none') as TranscriberKind;
  if (transcriber !== 'none' && transcriber !== 'whisper') {
    throw new Error(`TRANSCRIBER is ${JSON.stringify(transcriber)}; expected none or whisper`);
  }
  const sourceDirs = list(env.SOURCE_DIRS).map((dir) => resolve(dir));
  return {
    port: integer(env, 'PORT', 3000, 0),
    host: env.HOST?.trim() || '127.0.0.1',
    dataDir,
    sourceDirs: sourceDirs.length > 0 ? sourceDirs : [dataDir],
    apiKeys: list(env.API_KEYS),
    redisUrl: env.REDIS_URL?.trim() || undefined,
    queueStateLeaseMs: duration(env, 'QUEUE_STATE_LEASE_MS', 30_000, 1),
    concurrency: integer(env, 'CONCURRENCY', 2, 1),
    maxUploadBytes: integer(env, 'MAX_UPLOAD_BYTES', 200 * 1024 * 1024, 1),
    jobTimeoutMs: duration(env, 'JOB_TIMEOUT_MS', 10 * 60_000, 1),
    shutdownTimeoutMs: duration(env, 'SHUTDOWN_TIMEOUT_MS', 60_000, 0),
    webhook: {
      timeoutMs: duration(env, 'WEBHOOK_TIMEOUT_MS', 5000, 1),
      maxAttempts: integer(env, 'WEBHOOK_MAX_ATTEMPTS', 3, 1),
      baseDelayMs: duration(env, 'WEBHOOK_BASE_DELAY_MS', 500, 0),
    },
    transcriber,
    whisperCmd: env.WHISPER_CMD?.trim() || 'whisper',
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    demo: argv.includes('--demo'),
  };
}
