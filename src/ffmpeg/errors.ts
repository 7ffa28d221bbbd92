import { type ErrorCode, ObservabilityError } from '../core/errors.js';
import type { FfmpegFailureReason } from './types.js';

const CODES: Record<FfmpegFailureReason, ErrorCode> = {
  exit_code: 'TFO_ERR_FFMPEG_FAILED',
  signal: 'TFO_ERR_FFMPEG_FAILED',
  timeout: 'TFO_ERR_FFMPEG_TIMEOUT',
  cancelled: 'TFO_ERR_FFMPEG_CANCELLED',
  spawn_error: 'TFO_ERR_FFMPEG_SPAWN',
  invalid_input: 'TFO_ERR_FFMPEG_INVALID_INPUT',
  output_error: 'TFO_ERR_FFMPEG_OUTPUT',
};

/** What the SDK knows about a failed run when it builds the error. */
export interface FfmpegFailure {
  /** Why the run stopped. */
  readonly reason: FfmpegFailureReason;
  /** One sentence: what went wrong (e.g. `ffmpeg exited with code 1`). */
  readonly summary: string;
  /** The command line, when ffmpeg was (or would have been) started. */
  readonly command?: string;
  /** ffmpeg's exit code, when it exited. */
  readonly exitCode?: number;
  /** The signal that killed ffmpeg, when one did. */
  readonly signal?: NodeJS.Signals;
  /** ffmpeg's last stderr lines (progress lines excluded). */
  readonly stderrTail?: readonly string[];
  /** The underlying error (spawn error, abort reason). */
  readonly cause?: unknown;
}

/**
 * The error `runFfmpeg` and `instrumentFfmpeg` reject with. Its message says what ran, why
 * it stopped (exit code, signal, timeout, cancellation, spawn error, invalid input or an
 * output it could not write) and
 * ends with the last lines of ffmpeg's stderr; the same facts are fields for code.
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { FfmpegError, runFfmpeg } from '@transcode-flow/observability/ffmpeg';
 *
 * const observability = createObservability({ groups: ['video'] });
 * try {
 *   await runFfmpeg(['-i', 'in.mp4', 'out.mp4'], { observability, timeoutMs: 60_000 });
 * } catch (error) {
 *   if (error instanceof FfmpegError && error.reason === 'invalid_input') {
 *     console.error('bad upload:', error.stderrTail.join('\n'));
 *   }
 * }
 * ```
 */
export class FfmpegError extends ObservabilityError {
  /** Why the run stopped: the `reason` label of `video_transcode_failures_total`. */
  readonly reason: FfmpegFailureReason;
  /** The command line that ran, when ffmpeg was started. */
  readonly command: string | undefined;
  /** ffmpeg's exit code, when it exited by itself. */
  readonly exitCode: number | undefined;
  /** The signal that killed ffmpeg, when one did. */
  readonly signal: NodeJS.Signals | undefined;
  /** ffmpeg's last stderr lines, progress lines excluded. */
  readonly stderrTail: readonly string[];

  /**
   * Built by the SDK from what it knows about the failed run; applications only catch it.
   *
   * @internal
   */
  constructor(failure: FfmpegFailure) {
    super(CODES[failure.reason], formatMessage(failure), undefined, { cause: failure.cause });
    this.name = 'FfmpegError';
    this.reason = failure.reason;
    this.command = failure.command;
    this.exitCode = failure.exitCode;
    this.signal = failure.signal;
    this.stderrTail = failure.stderrTail ?? [];
  }
}

function formatMessage(failure: FfmpegFailure): string {
  let message = failure.summary;
  if (failure.command !== undefined) message += `: ${failure.command}`;
  const tail = failure.stderrTail ?? [];
  if (tail.length > 0) message += `\n\nLast lines of ffmpeg's stderr:\n${tail.join('\n')}`;
  return message;
}

/** Quotes an argument for display when it holds spaces or shell characters. */
function quote(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line as a person would type it. */
export function formatCommand(binary: string, args: readonly string[]): string {
  return [binary, ...args].map(quote).join(' ');
}

/**
 * Lines of ffmpeg's stderr that mean the request itself is bad (arguments refused, source
 * missing or not media), so the failure is `invalid_input` rather than `exit_code`.
 */
const INVALID_INPUT =
  /Unrecognized option|Option not found|Error splitting the argument list|Invalid data found when processing input|moov atom not found|No such file or directory|does not contain any stream|At least one output file must be specified|Unknown encoder|No such filter|Error parsing (?:options|filterchain|a filter)|Invalid argument/;

/** System errors that only storage gives: out of space or quota, a read-only file system. */
const STORAGE_FULL = /No space left on device|Disk quota exceeded|Read-only file system/;

/** System errors of opening a path for writing: the folder is missing, not writable, or the name is a folder. */
const CANNOT_OPEN = /No such file or directory|Permission denied|Is a directory|Not a directory/;

/** ffmpeg's and its muxers' own words for an output file they could not open or write. */
const OUTPUT_NOT_OPENED =
  /Could not open file|Failed to open (?:segment|file)|Error opening output file|Could not write header for output file|Error writing trailer/;

/**
 * Whether a stderr line says that an output could not be written: storage full or read-only,
 * `<output>: <cannot open>` (ffmpeg names the output as it was given), or ffmpeg's "could not
 * open/write output" lines, unless they blame the arguments (`Invalid argument`).
 */
function isOutputFailure(line: string, outputs: readonly string[]): boolean {
  if (STORAGE_FULL.test(line)) return true;
  if (CANNOT_OPEN.test(line) && outputs.some((output) => output !== '' && line.startsWith(`${output}: `))) return true;
  return OUTPUT_NOT_OPENED.test(line) && !/Invalid argument/.test(line);
}

/**
 * Classifies a non-zero exit from its stderr lines and the run's output paths: `output_error`
 * when an output could not be written (folder missing, permission, disk full), `invalid_input`
 * when the request itself is bad, else `exit_code`.
 */
export function exitReason(
  stderrTail: readonly string[],
  outputs: readonly string[] = [],
): 'output_error' | 'invalid_input' | 'exit_code' {
  if (stderrTail.some((line) => isOutputFailure(line, outputs))) return 'output_error';
  return stderrTail.some((line) => INVALID_INPUT.test(line)) ? 'invalid_input' : 'exit_code';
}

/** Keeps the last `size` lines written to stderr, splitting chunks into lines. */
export class LineTail {
  private readonly lines: string[] = [];
  private partial = '';

  constructor(
    private readonly size: number,
    private readonly onLine: (line: string) => boolean,
  ) {}

  /** Feeds a chunk; each complete line goes to `onLine`, and is kept unless `onLine` returns true. */
  push(chunk: string): void {
    const parts = (this.partial + chunk).split(/\r?\n|\r/);
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.line(line);
  }

  /** Feeds one whole line. */
  line(line: string): void {
    if (this.onLine(line) || line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.size) this.lines.shift();
  }

  /** Flushes the unterminated last line and returns the kept lines. */
  end(): string[] {
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
    return [...this.lines];
  }
}
