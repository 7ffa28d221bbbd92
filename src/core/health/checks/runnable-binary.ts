import type { ExecFileException } from 'node:child_process';
import { durationMs, MAX_TIMER_MS, optionalString } from '../../option-checks.js';
import type { HealthCheck } from '../health-checks.js';
import { nodeBuiltin } from '../../module-require.js';
import { BINARY_ENV, INSTALLERS, lookUpBinary } from '../../binary-lookup.js';

/** Options of `ffmpegHealthCheck` and `ffprobeHealthCheck`. */
export interface BinaryHealthCheckOptions {
  /**
   * The binary to run: a path, or a name looked up on `PATH`. Default: the binary `runFfmpeg`
   * would run, found as it finds it, at each run: `FFMPEG_PATH` (`FFPROBE_PATH`), then `ffmpeg`
   * (`ffprobe`) on `PATH`, then the `@ffmpeg-installer/ffmpeg` (`@ffprobe-installer/ffprobe`)
   * package when it is installed.
   */
  readonly path?: string;
  /** How long a result is kept before the binary is run again, in ms. Default: `300000` (5 minutes). */
  readonly recheckMs?: number;
  /**
   * Longest one run of `<tool> -version` may take before it is killed and counted as a failure,
   * in ms. The check's own timeout is this plus 1 s, so the first answer waits for the binary
   * (on a loaded machine, starting ffmpeg can take seconds). Default: `10000`.
   */
  readonly runTimeoutMs?: number;
  /** Whether a failure makes `/health/detailed` answer 503 (see `HealthCheck.required`). Default: `true`. */
  readonly required?: boolean;
}

/** Default of {@link BinaryHealthCheckOptions.recheckMs}. */
const DEFAULT_RECHECK_MS = 5 * 60_000;
/** Default of {@link BinaryHealthCheckOptions.runTimeoutMs}. */
const DEFAULT_RUN_TIMEOUT_MS = 10_000;
/** How much longer than a run the check waits, so that a killed run reports itself. */
const RUN_TIMEOUT_MARGIN_MS = 1000;

/** Why `<tool> -version` did not run, in words an operator can act on. */
function reason(tool: string, path: string, error: ExecFileException, stderr: string): string {
  if (error.code === 'ENOENT') return `${tool} not found at ${path} (ENOENT): install it or set its path`;
  if (error.code === 'EACCES') return `${tool} at ${path} is not executable (EACCES)`;
  if (error.killed === true) return `${path} -version did not finish in time and was killed`;
  const firstLine = stderr.trim().split('\n')[0] ?? '';
  const exit = typeof error.code === 'number' ? `exited with code ${error.code}` : (error.message ?? 'failed');
  return `${path} -version ${exit}${firstLine === '' ? '' : `: ${firstLine}`}`;
}

/**
 * A check that `<tool> -version` runs and names the tool. The binary runs on the first check,
 * then at most once per `recheckMs`; every check in between answers the kept result, and
 * concurrent checks share one run. So no number of requests starts more than one process.
 */
export function runnableBinaryCheck(tool: 'ffmpeg' | 'ffprobe', options: BinaryHealthCheckOptions = {}): HealthCheck {
  const option = `${tool}HealthCheck.path`;
  const chosen = options.path === undefined ? undefined : optionalString(option, options.path, tool);
  const recheckMs = durationMs(`${tool}HealthCheck.recheckMs`, options.recheckMs, DEFAULT_RECHECK_MS);
  const runTimeoutMs = durationMs(`${tool}HealthCheck.runTimeoutMs`, options.runTimeoutMs, DEFAULT_RUN_TIMEOUT_MS);
  let kept: { error: string | undefined; at: number } | undefined;
  let running: Promise<string | undefined> | undefined;

  /**
   * The binary to run: the option's, else the one runFfmpeg would run, looked up at each run as
   * runFfmpeg does at each call (so a binary installed or moved since is seen); or why none is.
   */
  const binaryToRun = (): { path: string } | { missing: string } => {
    if (chosen !== undefined) return { path: chosen };
    const found = lookUpBinary(tool, { name: option, value: undefined });
    if (found.found) return { path: found.path };
    return {
      missing:
        `no ${tool} binary found; tried, in order: ${found.tried.join('; ')}. ` +
        `Install ${tool}, set ${BINARY_ENV[tool]}, install ${INSTALLERS[tool]}, or pass \`path\``,
    };
  };

  const run = (): Promise<string | undefined> => {
    const binary = binaryToRun();
    if ('missing' in binary) return Promise.resolve(binary.missing);
    const path = binary.path;
    // node:child_process is loaded on the first run, not at import: the main entry's cold start
    // does not pay for it (about 2 ms on Node 20).
    const { execFile } = nodeBuiltin('node:child_process');
    return new Promise((resolve) => {
      execFile(
        path,
        ['-hide_banner', '-version'],
        { timeout: runTimeoutMs, windowsHide: true },
        (error, stdout, stderr) => {
          if (error) resolve(reason(tool, path, error, String(stderr)));
          else if (!String(stdout).startsWith(`${tool} version`))
            resolve(`${path} -version does not say "${tool} version"`);
          else resolve(undefined);
        },
      );
    });
  };

  const check = async (): Promise<void> => {
    if (kept === undefined || performance.now() - kept.at >= recheckMs) {
      running ??= run().then((error) => {
        kept = { error, at: performance.now() };
        running = undefined;
        return error;
      });
      await running;
    }
    if (kept?.error !== undefined) throw new Error(kept.error);
  };
  // The check waits for the run (which ends by itself at runTimeoutMs), so that its first
  // answer, on a busy machine too, is the binary's, not a timeout of the endpoint.
  return {
    check,
    // Capped at the largest timer, which runTimeoutMs may be itself.
    timeoutMs: Math.min(runTimeoutMs + RUN_TIMEOUT_MARGIN_MS, MAX_TIMER_MS),
    ...(options.required !== undefined && { required: options.required }),
  };
}
