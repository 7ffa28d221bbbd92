import { stat } from 'node:fs/promises';
import type { ParsedArgs } from './args.js';
import { resolveBinary } from './binary.js';
import { classifyExit, describeReason } from './classify.js';
import { FfmpegError, type FfmpegFailure, LineTail } from './errors.js';
import { probeMedia } from './ffprobe.js';
import { resolveFfmpegOptions, type ResolvedFfmpegOptions } from './options.js';
import { type ProgressBlock, ProgressParser, progressPercent } from './progress-parser.js';
import { recordSuccess, RunGauges, type RunLabels } from './record.js';
import { targetResolution } from './resolution.js';
import { buildResult, describeOutput } from './result.js';
import type { OutputTarget, ProcessExit, SourceInfo } from './session-types.js';
import { OutputLogParser } from './stderr-outputs.js';
import type { FfmpegInstrumentationOptions, FfmpegProgress, FfmpegResult } from './types.js';
import { callSafely } from '../core/safe-call.js';

/**
 * One instrumented ffmpeg run, shared by `runFfmpeg` and `instrumentFfmpeg`: it routes
 * stderr (progress lines to the parser, the rest to the tail), publishes progress, enforces
 * the timeout and the AbortSignal, and on exit builds the result or the error and records
 * the metrics. The runner only starts the process and reports its exit.
 */
export class FfmpegSession {
  readonly options: ResolvedFfmpegOptions;
  private readonly tail: LineTail;
  private readonly parser: ProgressParser;
  private readonly outputLog = new OutputLogParser();
  private ffprobe: string | undefined;
  private gauges: RunGauges | undefined;
  private labels: RunLabels | undefined;
  private startedAt = 0n;
  private stopped: 'timeout' | 'cancelled' | undefined;
  private timer: NodeJS.Timeout | undefined;
  private abortListener: (() => void) | undefined;
  private source: Promise<SourceInfo | undefined> = Promise.resolve(undefined);
  private expectedSeconds: number | undefined;
  private argsSeconds: number | undefined;
  private lastBlock: ProgressBlock | undefined;
  private commandLine = '';

  constructor(
    options: FfmpegInstrumentationOptions,
    private readonly onReport?: (progress: FfmpegProgress) => void,
  ) {
    this.options = resolveFfmpegOptions(options);
    this.tail = new LineTail(this.options.stderrLines, (line) => this.routeLine(line));
    this.parser = new ProgressParser((block) => this.block(block));
  }

  private get metrics() {
    return this.options.observability.metrics;
  }

  /** Records a failure that happened before ffmpeg started and returns its error. */
  failEarly(failure: FfmpegFailure | FfmpegError): FfmpegError {
    this.metrics.videoTranscodeFailuresTotal.inc({ reason: failure.reason });
    return failure instanceof FfmpegError ? failure : new FfmpegError(failure);
  }

  /** Checks what must hold before starting: not aborted yet, ffprobe found when probing. Returns an error to reject with. */
  preflight(): FfmpegError | undefined {
    const signal = this.options.signal;
    if (signal?.aborted) {
      return this.failEarly({
        reason: 'cancelled',
        summary: `ffmpeg was not started: its AbortSignal was already aborted (${describeReason(signal.reason)})`,
        cause: signal.reason,
      });
    }
    if (!this.options.probe) return undefined;
    try {
      this.ffprobe = resolveBinary('ffprobe', { name: 'ffprobePath', value: this.options.ffprobePath }).path;
    } catch (error) {
      // ffprobe is only a fallback for a silenced log, so it may be missing, unless it was set explicitly.
      if (this.options.ffprobePath !== undefined) return this.failEarly(error as FfmpegError);
    }
    return undefined;
  }

  /** Called once ffmpeg runs: raises the gauges, probes the source, arms the timeout and the AbortSignal. */
  start(
    commandLine: string,
    args: readonly string[],
    parsed: ParsedArgs,
    inputPath: string | undefined,
    kill: () => void,
  ): void {
    this.startedAt = process.hrtime.bigint();
    this.commandLine = commandLine;
    const { kind, labels = {} } = this.options;
    const inferred = kind === 'transcode' ? targetResolution(args) : kind;
    this.labels = {
      inProgress: labels.resolution ?? inferred ?? 'unknown',
      preset: labels.preset ?? parsed.preset ?? 'default',
      codec: labels.codec,
    };
    this.gauges = new RunGauges(this.metrics, this.options.id, this.labels.inProgress);
    this.argsSeconds = parsed.durationSeconds;
    this.expectedSeconds = this.options.durationSeconds ?? this.argsSeconds;
    // ffmpeg logs the source duration itself; ffprobe runs only when the log is turned down.
    if (inputPath !== undefined) this.source = this.probeSource(inputPath, quietLog(args));
    const stop = (why: 'timeout' | 'cancelled'): void => {
      if (this.stopped !== undefined) return;
      this.stopped = why;
      kill();
    };
    if (this.options.timeoutMs !== undefined) {
      this.timer = setTimeout(() => stop('timeout'), this.options.timeoutMs);
    }
    const signal = this.options.signal;
    if (signal !== undefined) {
      this.abortListener = () => stop('cancelled');
      signal.addEventListener('abort', this.abortListener, { once: true });
      if (signal.aborted) stop('cancelled');
    }
  }

  private async probeSource(path: string, useFfprobe: boolean): Promise<SourceInfo | undefined> {
    const size = await stat(path).then(
      (stats) => (stats.isFile() ? stats.size : undefined),
      () => undefined,
    );
    if (size === undefined) return undefined;
    if (this.ffprobe === undefined || !useFfprobe) {
      return { path, sizeBytes: size, probed: undefined, probeError: undefined };
    }
    try {
      const probed = await probeMedia(this.ffprobe, path);
      if (this.options.durationSeconds === undefined && probed.durationSeconds !== undefined) {
        this.expectedSeconds = Math.min(probed.durationSeconds, this.argsSeconds ?? Infinity);
      }
      return { path, sizeBytes: size, probed, probeError: undefined };
    } catch (error) {
      return { path, sizeBytes: size, probed: undefined, probeError: error as Error };
    }
  }

  /** Feeds a chunk of ffmpeg's stderr. */
  stderr(chunk: string): void {
    this.tail.push(chunk);
  }

  /** Feeds one whole line of ffmpeg's stderr (fluent-ffmpeg hands out lines). */
  stderrLine(line: string): void {
    this.tail.line(line);
  }

  private routeLine(line: string): boolean {
    if (this.parser.line(line)) return true;
    const known = this.outputLog.inputDurationSeconds;
    this.outputLog.line(line);
    const logged = this.outputLog.inputDurationSeconds;
    if (known === undefined && logged !== undefined && this.options.durationSeconds === undefined) {
      this.expectedSeconds = Math.min(logged, this.argsSeconds ?? Infinity);
    }
    return false;
  }

  private block(block: ProgressBlock): void {
    this.lastBlock = block;
    // The last block waits for the exit code: on success it is published as 100 %.
    if (!block.done) this.publish(block, progressPercent(block.outTimeSeconds, this.expectedSeconds));
  }

  private publish(block: ProgressBlock, percent: number | undefined): void {
    const progress: FfmpegProgress = { ...block, id: this.options.id, percent };
    this.gauges?.progress(progress);
    // A progress callback that throws must never break the transcode.
    for (const listener of [this.onReport, this.options.onProgress]) callSafely(listener, progress);
  }

  /**
   * Ends the run: on success publishes 100 %, describes the outputs, records the metrics and
   * returns the result; on failure records the reason and throws the error. The gauges go
   * back on both paths.
   */
  async finish(exit: ProcessExit, outputs: readonly OutputTarget[]): Promise<FfmpegResult> {
    const wallTimeSeconds = Number(process.hrtime.bigint() - this.startedAt) / 1e9;
    const stderrTail = this.tail.end();
    this.disarm();
    try {
      const source = await this.source;
      const failure = classifyExit({
        exit,
        command: this.commandLine,
        stderrTail,
        outputs: outputs.flatMap((output) => ('path' in output ? [output.path] : [])),
        source,
        stopped: this.stopped,
        timeoutMs: this.options.timeoutMs,
        signal: this.options.signal,
      });
      if (failure !== undefined) {
        this.metrics.videoTranscodeFailuresTotal.inc({ reason: failure.reason });
        throw new FfmpegError(failure);
      }
      const last = this.lastBlock ?? {
        frame: undefined,
        fps: undefined,
        speed: undefined,
        totalSizeBytes: undefined,
        outTimeSeconds: 0,
        done: true,
      };
      this.publish({ ...last, done: true }, 100);
      const described = await Promise.all(
        outputs.map((output, index) =>
          describeOutput(output, this.outputLog.outputs.get(index), this.ffprobe, last.outTimeSeconds || undefined),
        ),
      );
      const { id, kind } = this.options;
      const sourceDuration = source?.probed?.durationSeconds ?? this.outputLog.inputDurationSeconds;
      const result = buildResult({
        id,
        kind,
        wallTimeSeconds,
        outputs: described,
        source,
        sourceDuration,
        command: this.commandLine,
      });
      recordSuccess(this.metrics, this.labels!, result);
      return result;
    } finally {
      this.gauges?.end();
    }
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    if (this.abortListener !== undefined) this.options.signal?.removeEventListener('abort', this.abortListener);
  }
}

/** True when the arguments turn ffmpeg's log below `info`, so it prints no durations or stream sizes. */
function quietLog(args: readonly string[]): boolean {
  const index = Math.max(args.lastIndexOf('-loglevel'), args.lastIndexOf('-v'));
  const level = index === -1 ? undefined : args[index + 1]?.replace(/^\+?(?:repeat\+|level\+)*/, '');
  return level !== undefined && /^(?:quiet|panic|fatal|error|warning|-8|0|8|16|24)\b/.test(level);
}
