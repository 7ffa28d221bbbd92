import type { Observability } from '../core/observability.js';

/**
 * Why an ffmpeg run failed; the `reason` label of `video_transcode_failures_total`.
 *
 * - `exit_code`: ffmpeg exited with a non-zero code while working (encoder error, …).
 * - `signal`: ffmpeg was killed by a signal the SDK did not send (OOM killer, `kill -9`, …).
 * - `timeout`: the run took longer than `timeoutMs` and the SDK killed it.
 * - `cancelled`: the `signal` option was aborted and the SDK killed it.
 * - `spawn_error`: ffmpeg could not be started (no binary found, not executable, …).
 * - `invalid_input`: the request cannot work, so a retry will not help: the arguments were
 *   refused (by the SDK or by ffmpeg's option parser) or the source is missing or corrupt.
 * - `output_error`: ffmpeg could not write an output: its folder is missing, not writable or
 *   read-only, or the disk or quota is full. A storage problem on the server, not bad input.
 *
 * @example
 * ```ts
 * import type { FfmpegFailureReason } from '@transcode-flow/observability/ffmpeg';
 * const retryable = (reason: FfmpegFailureReason): boolean => reason !== 'invalid_input' && reason !== 'cancelled';
 * ```
 */
export type FfmpegFailureReason =
  'exit_code' | 'signal' | 'timeout' | 'cancelled' | 'spawn_error' | 'invalid_input' | 'output_error';

/**
 * What an ffmpeg run produces, which decides the duration metric it records:
 * `transcode` → `video_transcode_duration_seconds` (plus bytes, compression ratio and source
 * metrics), `audio` → `audio_extraction_duration_seconds`, `thumbnail` →
 * `thumbnail_generation_duration_seconds`.
 *
 * @example
 * ```ts
 * import type { FfmpegKind } from '@transcode-flow/observability/ffmpeg';
 * const kind: FfmpegKind = 'thumbnail';
 * ```
 */
export type FfmpegKind = 'transcode' | 'audio' | 'thumbnail';

/** One report of a running ffmpeg, parsed from its `-progress` output (about twice a second). *
 * @example
 * ```ts
 * import type { FfmpegProgress } from '@transcode-flow/observability/ffmpeg';
 * const log = ({ id, percent, fps, speed }: FfmpegProgress): void => console.log(id, percent, fps, speed);
 * ```
 */
export interface FfmpegProgress {
  /** The transcode id: the `transcode_id` label of the progress gauges. */
  readonly id: string;
  /** 0 to 100, from the media time written and the expected duration; `undefined` while that duration is unknown. Exactly 100 in the last report of a run that succeeded. */
  readonly percent: number | undefined;
  /** Frames encoded per second, as ffmpeg reports it; `undefined` for audio-only outputs. */
  readonly fps: number | undefined;
  /** Media seconds written per wall-clock second (2 = twice real time); `undefined` while ffmpeg reports N/A. */
  readonly speed: number | undefined;
  /** Frames written so far. */
  readonly frame: number | undefined;
  /** Media time written so far, in seconds. */
  readonly outTimeSeconds: number;
  /** Bytes written so far (all outputs), as ffmpeg reports it. */
  readonly totalSizeBytes: number | undefined;
  /** `true` in the last report (ffmpeg's `progress=end`). */
  readonly done: boolean;
}

/** One output of a finished run. *
 * @example
 * ```ts
 * import type { FfmpegOutput } from '@transcode-flow/observability/ffmpeg';
 * const describe = (output: FfmpegOutput): string => `${output.resolution} ${output.codec} ${output.bytes} B`;
 * ```
 */
export interface FfmpegOutput {
  /** The file path, or `pipe:1` for a stream output. */
  readonly path: string;
  /** Size in bytes: the file's size, or the bytes that went through the stream. */
  readonly bytes: number;
  /** Standard name of the video size (`360p`, `720p`, `1080p`, …), `audio` for audio-only outputs, `unknown` when it could not be read. */
  readonly resolution: string;
  /** Width in pixels of the first video stream, when there is one. */
  readonly width: number | undefined;
  /** Height in pixels of the first video stream, when there is one. */
  readonly height: number | undefined;
  /** Codec of the first video stream, else of the first audio stream (`h264`, `aac`, `mjpeg`, …); `unknown` when it could not be read. */
  readonly codec: string;
  /** Media seconds written, from ffmpeg's last progress report (ffprobe's duration when the log was silenced). */
  readonly durationSeconds: number | undefined;
}

/** The source of a run, as probed by ffprobe. *
 * @example
 * ```ts
 * import type { FfmpegSource } from '@transcode-flow/observability/ffmpeg';
 * const minutes = (source: FfmpegSource): number | undefined =>
 *   source.durationSeconds === undefined ? undefined : source.durationSeconds / 60;
 * ```
 */
export interface FfmpegSource {
  /** The input file path. */
  readonly path: string;
  /** File size in bytes. */
  readonly sizeBytes: number | undefined;
  /** Playback duration in seconds (10 ms precision from ffmpeg's log); `undefined` when it could not be read. */
  readonly durationSeconds: number | undefined;
}

/** What a successful run did. *
 * @example
 * ```ts
 * import type { FfmpegResult } from '@transcode-flow/observability/ffmpeg';
 * const summary = (result: FfmpegResult): string =>
 *   `${result.kind} in ${result.wallTimeSeconds.toFixed(1)} s, ratio ${result.compressionRatio?.toFixed(2)}`;
 * ```
 */
export interface FfmpegResult {
  /** The transcode id (the `transcode_id` label of the progress gauges while it ran). */
  readonly id: string;
  /** What the run produced. */
  readonly kind: FfmpegKind;
  /** Wall time of the ffmpeg process, from start to exit, in seconds. */
  readonly wallTimeSeconds: number;
  /** Each output file (or stream), in command-line order. */
  readonly outputs: readonly FfmpegOutput[];
  /** The source, when the first input is a local file. */
  readonly source: FfmpegSource | undefined;
  /** Source bytes divided by the bytes of all outputs; `undefined` when either is unknown or zero. */
  readonly compressionRatio: number | undefined;
  /** The full command line that ran, progress options included. */
  readonly command: string;
}

/** Metric labels that the caller knows better than the SDK. *
 * @example
 * ```ts
 * import type { FfmpegLabels } from '@transcode-flow/observability/ffmpeg';
 * const labels: FfmpegLabels = { codec: 'h264', preset: 'fast', resolution: '720p' };
 * ```
 */
export interface FfmpegLabels {
  /** `codec` label of the duration, bytes and ratio metrics. Default: the probed codec of each output. */
  readonly codec?: string;
  /** `preset` label of the duration metric. Default: the value of `-preset` in the arguments, else `default`. */
  readonly preset?: string;
  /**
   * `resolution` label of `video_transcodes_in_progress` while the run is going (the output's
   * real size is only known at the end). Default: read from `-s WxH` or a `scale=W:H` filter in
   * the arguments, else `unknown`; `audio` and `thumbnail` for those kinds. The duration metric
   * always uses the real output size.
   */
  readonly resolution?: string;
}

/** Options shared by {@link runFfmpeg} and {@link instrumentFfmpeg}. *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import type { FfmpegInstrumentationOptions } from '@transcode-flow/observability/ffmpeg';
 * const options: FfmpegInstrumentationOptions = {
 *   observability: createObservability({ groups: ['video'] }),
 *   kind: 'transcode',
 *   id: 'job-42',
 *   timeoutMs: 600_000,
 *   onProgress: ({ percent }) => console.log(percent),
 * };
 * ```
 */
export interface FfmpegInstrumentationOptions {
  /** The object from `createObservability()` whose metrics are recorded. Required. */
  readonly observability: Observability;
  /** What the run produces, which decides the duration metric. Default: `'transcode'`. */
  readonly kind?: FfmpegKind;
  /** Labels the SDK cannot infer. Default: `{}` (see {@link FfmpegLabels} for each default). */
  readonly labels?: FfmpegLabels;
  /** `transcode_id` label of the progress gauges and `id` of the result, e.g. your job id. Default: `ffmpeg-<pid>-<n>`. */
  readonly id?: string;
  /** Kill ffmpeg (SIGKILL) and fail with reason `timeout` after this many milliseconds, from 1 to 2^31-1 (about 24.8 days, the longest a Node timer waits); any other value throws `TFO_ERR_INVALID_OPTION`. Default: no timeout. */
  readonly timeoutMs?: number;
  /** Kill ffmpeg (SIGKILL) and fail with reason `cancelled` when this signal aborts. Default: none. */
  readonly signal?: AbortSignal;
  /** Called with each progress report; a callback that throws is ignored, never fatal. Default: none. */
  readonly onProgress?: (progress: FfmpegProgress) => void;
  /** Expected media duration in seconds, for the percentage. Default: the shorter of `-t` and the source duration. */
  readonly durationSeconds?: number;
  /** Use ffprobe when ffmpeg's log is turned down (`-loglevel error` and lower): for the source duration (run alongside ffmpeg) and for output files the log did not describe. Default: `true`. */
  readonly probe?: boolean;
  /** ffprobe binary. Default: `FFPROBE_PATH`, then `ffprobe` on `PATH`, then `@ffprobe-installer/ffprobe` if installed. */
  readonly ffprobePath?: string;
  /** How many of ffmpeg's last stderr lines an error carries. Default: `20`. */
  readonly stderrLines?: number;
}
