/**
 * `@transcode-flow/observability/ffmpeg`: ffmpeg instrumentation for fluent-ffmpeg and plain ffmpeg processes.
 * `runFfmpeg` runs ffmpeg itself; `instrumentFfmpeg` wraps a fluent-ffmpeg command (an optional
 * peer dependency this entry never imports). Both record the video metrics of the catalogue.
 *
 * @packageDocumentation
 */
export { runFfmpeg, type RunFfmpegOptions } from './run-ffmpeg.js';
export { instrumentFfmpeg, type InstrumentFfmpegOptions, type FluentFfmpegCommandLike } from './instrument-ffmpeg.js';
export { FfmpegError } from './errors.js';
export { resolutionName } from './resolution.js';
export type {
  FfmpegFailureReason,
  FfmpegInstrumentationOptions,
  FfmpegKind,
  FfmpegLabels,
  FfmpegOutput,
  FfmpegProgress,
  FfmpegResult,
  FfmpegSource,
} from './types.js';
