import { localInput, parseArgs, PROGRESS_ARGS } from './args.js';
import type { FfmpegError } from './errors.js';
import { FfmpegSession } from './session.js';
import type { OutputTarget, ProcessExit } from './session-types.js';
import type { FfmpegInstrumentationOptions, FfmpegProgress, FfmpegResult } from './types.js';

/**
 * The part of a fluent-ffmpeg `FfmpegCommand` the instrumentation uses. The SDK never
 * imports fluent-ffmpeg: it works on the command object you pass.
 *
 * @example
 * ```ts
 * import ffmpeg from 'fluent-ffmpeg';
 * import type { FluentFfmpegCommandLike } from '@transcode-flow/observability/ffmpeg';
 * const command: FluentFfmpegCommandLike = ffmpeg('in.mp4').output('out.mp4');
 * ```
 */
export interface FluentFfmpegCommandLike {
  /** Adds a listener for ffmpeg's start (with its command line). */
  on(event: 'start', listener: (commandLine: string) => void): unknown;
  /** Adds a listener for each stderr line. */
  on(event: 'stderr', listener: (line: string) => void): unknown;
  /** Adds a listener for the end of a successful run. */
  on(event: 'end', listener: () => void): unknown;
  /** Adds a listener for a failure. */
  on(event: 'error', listener: (error: Error) => void): unknown;
  /** Emits an event (used for fluent-ffmpeg's own `progress` event). */
  emit(event: string, ...args: unknown[]): boolean;
  /** Number of listeners of an event. */
  listenerCount(event: string): number;
  /** Adds output options. */
  outputOptions(options: string[]): unknown;
  /** Kills the running ffmpeg. */
  kill(signal: string): unknown;
  /** The listeners of an event. */
  listeners(event: string): unknown[];
  /** Removes a listener. */
  removeListener(event: string, listener: (...args: unknown[]) => void): unknown;
}

/** Options of {@link instrumentFfmpeg}: the shared instrumentation options. *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import type { InstrumentFfmpegOptions } from '@transcode-flow/observability/ffmpeg';
 * const options: InstrumentFfmpegOptions = { observability: createObservability({ groups: ['video'] }), labels: { preset: 'fast' } };
 * ```
 */
export type InstrumentFfmpegOptions = FfmpegInstrumentationOptions;

/** What fluent-ffmpeg 2.1 keeps on a command (a frozen layout: the package is no longer maintained). */
/** The ffmpeg child process fluent-ffmpeg keeps on the command while it runs. */
interface FluentProcess {
  pid?: number;
  stdout?: {
    on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
    on(event: 'close', listener: () => void): unknown;
  } | null;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(event: 'error'): unknown;
}

/** What fluent-ffmpeg 2.1 keeps on a command (a frozen layout: the package is no longer maintained). */
interface FluentInternals {
  ffmpegProc?: FluentProcess;
  _inputs?: { source?: unknown }[];
  _outputs?: { target?: unknown }[];
}

/** How a started fluent-ffmpeg process is followed: its exit, and the bytes of its stdout (the stream output). */
interface Watched {
  readonly exited: Promise<ProcessExit>;
  readonly stdoutClosed: Promise<void>;
  readonly stdoutBytes: () => number;
}

function watchProcess(command: FluentFfmpegCommandLike, proc: FluentProcess | undefined): Watched {
  if (proc === undefined) {
    return {
      exited: Promise.resolve({ code: null, signal: null }),
      stdoutClosed: Promise.resolve(),
      stdoutBytes: () => 0,
    };
  }
  if (proc.pid === undefined) {
    // The spawn failed (e.g. ENOENT). fluent-ffmpeg 2.1 then throws a TypeError from its own
    // 'error' handler, which would crash the process; report the error on the command instead.
    proc.removeAllListeners('error');
    const exited = new Promise<ProcessExit>((resolve) =>
      proc.once('error', (error) => {
        resolve({ code: null, signal: null, error });
        command.emit('error', error, '', '');
      }),
    );
    return { exited, stdoutClosed: Promise.resolve(), stdoutBytes: () => 0 };
  }
  const exited = new Promise<ProcessExit>((resolve) => proc.once('exit', (code, signal) => resolve({ code, signal })));
  let bytes = 0;
  const stdout = proc.stdout;
  if (!stdout) return { exited, stdoutClosed: Promise.resolve(), stdoutBytes: () => 0 };
  stdout.on('data', (chunk) => {
    bytes += chunk.length;
  });
  const stdoutClosed = new Promise<void>((resolve) => stdout.on('close', () => resolve()));
  return { exited, stdoutClosed, stdoutBytes: () => bytes };
}

function clock(seconds: number): string {
  const whole = Math.floor(seconds);
  const pad = (value: number): string => String(value).padStart(2, '0');
  const fraction = (seconds - whole).toFixed(2).slice(1);
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}${fraction}`;
}

/**
 * Takes over fluent-ffmpeg's `progress` listeners when ffmpeg starts: fluent's own parser
 * reads the stats line the SDK turns off, and would misread the `-progress` lines on stderr.
 * Returns the function that feeds them (and any listener added later) from `-progress`.
 */
function takeOverProgress(command: FluentFfmpegCommandLike): (progress: FfmpegProgress) => void {
  const taken = command.listeners('progress').filter((listener) => typeof listener === 'function');
  for (const listener of taken) command.removeListener('progress', listener as () => void);
  return (progress) => {
    const payload = fluentPayload(progress);
    for (const listener of taken) Reflect.apply(listener as (payload: unknown) => void, command, [payload]);
    if (command.listenerCount('progress') > 0) command.emit('progress', payload);
  };
}

/** fluent-ffmpeg's `progress` event payload. */
function fluentPayload(progress: FfmpegProgress): Record<string, unknown> {
  return {
    frames: progress.frame,
    currentFps: progress.fps,
    currentKbps: undefined,
    targetSize: progress.totalSizeBytes === undefined ? undefined : progress.totalSizeBytes / 1024,
    timemark: clock(progress.outTimeSeconds),
    percent: progress.percent,
  };
}

/** The command's outputs in order: file paths, and the stream output with the bytes that went through it. */
function outputTargets(internals: FluentInternals, streamBytes: number): OutputTarget[] {
  return (internals._outputs ?? [])
    .filter((output) => output.target !== undefined)
    .map((output) =>
      typeof output.target === 'string'
        ? { path: output.target.replace(/^file:/, '') }
        : { stream: true, bytes: streamBytes },
    );
}

function prepareErrorReason(error: Error): 'spawn_error' | 'invalid_input' {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EACCES' || /Cannot find ffmpeg|spawn/i.test(error.message)
    ? 'spawn_error'
    : 'invalid_input';
}

/**
 * Instruments a fluent-ffmpeg command, however you run it (`run()`, `save(path)`,
 * `pipe(stream)` / `output(stream)`), and records the same metrics as {@link runFfmpeg}.
 * Call it before running the command. It adds `-nostats -progress pipe:2` to the command,
 * reads progress from ffmpeg's stderr (fluent-ffmpeg's own `progress` event keeps firing,
 * fed from that output), and counts the bytes of a stream output as they pass.
 *
 * Returns a promise that resolves with the {@link FfmpegResult} when the command ends, or
 * rejects with an {@link FfmpegError} when it fails; your own `end` and `error` listeners
 * still fire as before. The promise is marked as handled, so not awaiting it never crashes
 * the process. fluent-ffmpeg chooses the ffmpeg binary (`ffmpeg.setFfmpegPath()`,
 * `FFMPEG_PATH`, `PATH`); `ffprobePath` picks the ffprobe the SDK probes with.
 *
 * @param command - A fluent-ffmpeg command that has not run yet.
 * @param options - See {@link FfmpegInstrumentationOptions}; only `observability` is required.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when an option is invalid.
 * @example
 * ```ts
 * import ffmpeg from 'fluent-ffmpeg';
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentFfmpeg } from '@transcode-flow/observability/ffmpeg';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const command = ffmpeg('upload.mp4').videoCodec('libx264').size('1280x720').outputOptions(['-preset', 'fast']);
 * const done = instrumentFfmpeg(command, { observability, labels: { preset: 'fast' }, timeoutMs: 600_000 });
 * command.save('out-720p.mp4');
 * const result = await done;
 * console.log(result.outputs[0]?.resolution, result.compressionRatio);
 * ```
 */
export function instrumentFfmpeg<C extends FluentFfmpegCommandLike>(
  command: C,
  options: InstrumentFfmpegOptions,
): Promise<FfmpegResult> {
  let fluentProgress: ((progress: FfmpegProgress) => void) | undefined;
  const session = new FfmpegSession(options, (progress) => fluentProgress?.(progress));
  const internals = command as unknown as FluentInternals;
  const early = session.preflight();
  const done =
    early !== undefined
      ? Promise.reject(early)
      : observe(command, internals, session, () => (fluentProgress = takeOverProgress(command)));
  done.catch(() => {});
  return done;
}

function observe(
  command: FluentFfmpegCommandLike,
  internals: FluentInternals,
  session: FfmpegSession,
  onStart: () => void,
): Promise<FfmpegResult> {
  command.outputOptions([...PROGRESS_ARGS]);
  return new Promise((resolve, reject) => {
    let watched: Watched | undefined;
    let settled = false;
    const settle = (error: Error | undefined): void => {
      if (settled) return;
      settled = true;
      if (watched === undefined) {
        // fluent-ffmpeg failed while preparing: ffmpeg never ran.
        const failure = error ?? new Error('fluent-ffmpeg ended without starting ffmpeg');
        const reason = prepareErrorReason(failure);
        reject(session.failEarly({ reason, summary: `ffmpeg was not started: ${failure.message}`, cause: failure }));
        return;
      }
      const { exited, stdoutClosed, stdoutBytes } = watched;
      void Promise.all([exited, stdoutClosed])
        .then(([exit]) => {
          const outputs = outputTargets(internals, stdoutBytes());
          return session.finish(error === undefined || exit.error ? exit : { ...exit, error }, outputs);
        })
        .then(resolve, (failure: FfmpegError) => reject(failure));
    };
    command.on('start', (commandLine: string) => {
      onStart();
      watched = watchProcess(command, internals.ffmpegProc);
      const args = commandLine.split(' ').slice(1);
      const source = internals._inputs?.[0]?.source;
      const input = typeof source === 'string' ? localInput([source]) : undefined;
      session.start(commandLine, args, parseArgs(args), input, () => command.kill('SIGKILL'));
    });
    command.on('stderr', (line: string) => session.stderrLine(line));
    command.on('end', () => settle(undefined));
    command.on('error', (error: Error) => settle(error));
  });
}
