/**
 * `@transcode-flow/observability/ffmpeg`: ffmpeg instrumentation for fluent-ffmpeg and plain ffmpeg processes.
 * `runFfmpeg` runs ffmpeg itself; `instrumentFfmpeg` wraps a fluent-ffmpeg command (an optional
 * peer dependency this entry never imports). Both record the video metrics of the catalogue.
 *
 * @packageDocumentation
 */
export { runFfmpeg, type RunFfmpegOptions } from '../ffmpeg/run-ffmpeg.js';
export {
  instrumentFfmpeg,
  type InstrumentFfmpegOptions,
  type FluentFfmpegCommandLike,
} from '../ffmpeg/instrument-ffmpeg.js';
export { FfmpegError } from '../ffmpeg/errors.js';
export { resolutionName } from '../ffmpeg/resolution.js';
export type {
  FfmpegFailureReason,
  FfmpegInstrumentationOptions,
  FfmpegKind,
  FfmpegLabels,
  FfmpegOutput,
  FfmpegProgress,
  FfmpegResult,
  FfmpegSource,
} from '../ffmpeg/types.js';
