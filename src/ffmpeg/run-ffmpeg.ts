import { spawn } from 'node:child_process';
import { localInput, parseArgs, PROGRESS_ARGS } from './args.js';
import { resolveBinary } from './binary.js';
import { FfmpegError, formatCommand } from './errors.js';
import { FfmpegSession } from './session.js';
import type { ProcessExit } from './session-types.js';
import type { FfmpegInstrumentationOptions, FfmpegResult } from './types.js';
import { callSafely } from '../core/safe-call.js';

/** Options of {@link runFfmpeg}: the shared instrumentation options plus how to start the process. *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import type { RunFfmpegOptions } from '@transcode-flow/observability/ffmpeg';
 * const options: RunFfmpegOptions = {
 *   observability: createObservability({ groups: ['video'] }),
 *   ffmpegPath: '/usr/bin/ffmpeg',
 *   cwd: '/tmp',
 *   onStart: ({ pid, command }) => console.log(pid, command),
 * };
 * ```
 */
export interface RunFfmpegOptions extends FfmpegInstrumentationOptions {
  /** ffmpeg binary. Default: `FFMPEG_PATH`, then `ffmpeg` on `PATH`, then `@ffmpeg-installer/ffmpeg` if installed. */
  readonly ffmpegPath?: string;
  /** Working directory of the process. Default: `process.cwd()`. */
  readonly cwd?: string;
  /** Called once the process is running, e.g. to log its pid. A callback that throws is ignored. Default: none. */
  readonly onStart?: (info: { readonly pid: number; readonly command: string }) => void;
}

function validArgs(args: unknown): args is readonly string[] {
  return Array.isArray(args) && args.length > 0 && args.every((arg) => typeof arg === 'string');
}

/**
 * Runs ffmpeg with `args` and records what it did. The SDK adds `-nostats -progress pipe:2`
 * so progress is read from ffmpeg's machine-readable output; inputs (`-i`) and output files
 * (positional arguments) are read from `args`.
 *
 * While ffmpeg runs, `video_transcodes_in_progress` is one higher and the run's progress
 * gauges (`video_transcode_progress_ratio`, `video_transcode_frames_per_second`,
 * `video_transcode_speed_ratio`, labelled by `transcode_id`) follow it; they are removed and
 * the in-progress gauge goes back when it ends, whatever the outcome. On success the
 * duration metric of its `kind` is recorded (for a transcode: duration by the real output
 * resolution, codec and preset, output bytes, compression ratio, source duration and size),
 * and the promise resolves with an {@link FfmpegResult}. On failure
 * `video_transcode_failures_total{reason}` goes up and the promise rejects with an
 * {@link FfmpegError} saying what ran, why it stopped and ffmpeg's last stderr lines.
 * Recording never throws; only ffmpeg's own failures reject.
 *
 * @param args - ffmpeg's arguments, without the binary (e.g. `['-i', 'in.mp4', 'out.mp4']`).
 * @param options - See {@link RunFfmpegOptions}; only `observability` is required.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { runFfmpeg } from '@transcode-flow/observability/ffmpeg';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const result = await runFfmpeg(
 *   ['-y', '-i', 'upload.mp4', '-vf', 'scale=-2:720', '-c:v', 'libx264', '-preset', 'fast', 'out-720p.mp4'],
 *   {
 *     observability,
 *     timeoutMs: 10 * 60_000,
 *     onProgress: ({ percent, fps, speed }) => console.log(percent, fps, speed),
 *   },
 * );
 * console.log(result.outputs[0]?.resolution, result.outputs[0]?.bytes, result.wallTimeSeconds);
 * ```
 */
export async function runFfmpeg(args: readonly string[], options: RunFfmpegOptions): Promise<FfmpegResult> {
  const session = new FfmpegSession(options);
  if (!validArgs(args)) {
    throw session.failEarly({
      reason: 'invalid_input',
      summary: `ffmpeg was not started: \`args\` must be a non-empty array of strings, got ${JSON.stringify(args)}`,
    });
  }
  const early = session.preflight();
  if (early !== undefined) throw early;
  let binary: string;
  try {
    binary = resolveBinary('ffmpeg', { name: 'ffmpegPath', value: options.ffmpegPath }).path;
  } catch (error) {
    throw session.failEarly(error as FfmpegError);
  }
  const parsed = parseArgs(args);
  if (parsed.outputCount === 0) {
    throw session.failEarly({
      reason: 'invalid_input',
      summary: 'ffmpeg was not started: `args` name no output (the last positional argument is the output)',
      command: formatCommand(binary, args),
    });
  }
  const fullArgs = [...PROGRESS_ARGS, ...args];
  const command = formatCommand(binary, fullArgs);
  const child = spawn(binary, fullArgs, {
    cwd: options.cwd,
    stdio: ['ignore', 'ignore', 'pipe'],
    windowsHide: true,
  });
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => session.stderr(chunk));
  session.start(command, args, parsed, localInput(parsed.inputs), () => child.kill('SIGKILL'));
  if (child.pid !== undefined) {
    callSafely(options.onStart, { pid: child.pid, command }); // a start callback that throws must never break the transcode
  }
  const exit = await exited;
  return session.finish(
    exit,
    parsed.outputFiles.map((path) => ({ path })),
  );
}
