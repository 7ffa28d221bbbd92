import { exitReason, type FfmpegFailure } from './errors.js';
import type { ProcessExit, SourceInfo } from './session-types.js';

/** What the session knows when ffmpeg has exited. */
interface ExitContext {
  readonly exit: ProcessExit;
  readonly command: string;
  readonly stderrTail: string[];
  /** The output paths as given on the command line (`pipe:1` for a stream). */
  readonly outputs: readonly string[];
  readonly source: SourceInfo | undefined;
  /** Set when the SDK killed ffmpeg itself. */
  readonly stopped: 'timeout' | 'cancelled' | undefined;
  readonly timeoutMs: number | undefined;
  readonly signal: AbortSignal | undefined;
}

/** A readable description of an abort reason. */
export function describeReason(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  return reason === undefined ? 'no reason given' : String(reason);
}

/**
 * Decides whether a run failed and why, in this order: killed by the SDK (timeout, then
 * cancelled), not started (spawn error), killed by a signal, non-zero exit (output error when
 * stderr says an output could not be written, invalid input when the source could not be
 * probed or stderr says the input or an option was refused, else exit code), then a failure
 * reported by the runner, then an output that stderr says could not be written even though
 * ffmpeg exited with 0. `undefined` means success.
 */
export function classifyExit(context: ExitContext): FfmpegFailure | undefined {
  const { exit, stderrTail } = context;
  const common = {
    command: context.command,
    stderrTail,
    exitCode: exit.code ?? undefined,
    signal: exit.signal ?? undefined,
  };
  if (context.stopped === 'timeout') {
    return {
      ...common,
      reason: 'timeout',
      summary: `ffmpeg timed out after ${context.timeoutMs} ms and was killed with SIGKILL`,
    };
  }
  if (context.stopped === 'cancelled') {
    const reason: unknown = context.signal?.reason;
    return {
      ...common,
      reason: 'cancelled',
      summary: `ffmpeg was cancelled by its AbortSignal (${describeReason(reason)}) and killed with SIGKILL`,
      cause: reason,
    };
  }
  if (exit.error !== undefined && exit.code === null && exit.signal === null) {
    const spawn = (exit.error as NodeJS.ErrnoException).syscall?.startsWith('spawn') === true;
    return spawn
      ? {
          ...common,
          reason: 'spawn_error',
          summary: `ffmpeg could not be started (${exit.error.message})`,
          cause: exit.error,
        }
      : { ...common, reason: 'exit_code', summary: `ffmpeg failed (${exit.error.message})`, cause: exit.error };
  }
  if (exit.signal !== null) return { ...common, reason: 'signal', summary: `ffmpeg was killed by ${exit.signal}` };
  if (exit.code !== 0) {
    const byStderr = exitReason(stderrTail, context.outputs);
    if (byStderr === 'output_error') {
      return {
        ...common,
        reason: 'output_error',
        summary: `ffmpeg could not write its output and exited with code ${exit.code}`,
      };
    }
    const probeError = context.source?.probeError;
    if (probeError !== undefined || byStderr === 'invalid_input') {
      const why = probeError !== undefined ? `; ${probeError.message}` : '';
      return {
        ...common,
        reason: 'invalid_input',
        summary: `ffmpeg refused its input and exited with code ${exit.code}${why}`,
      };
    }
    return { ...common, reason: 'exit_code', summary: `ffmpeg exited with code ${exit.code}` };
  }
  if (exit.error !== undefined) {
    return { ...common, reason: 'exit_code', summary: `ffmpeg failed (${exit.error.message})`, cause: exit.error };
  }
  // ffmpeg exits with 0 when only the trailer could not be written (disk full at the end) or
  // when the HLS muxer could not open a segment: the output is incomplete, so the run failed.
  if (exitReason(stderrTail, context.outputs) === 'output_error') {
    return {
      ...common,
      reason: 'output_error',
      summary: 'ffmpeg could not write its output (it said so on stderr, then exited with code 0)',
    };
  }
  return undefined;
}
