import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** Video processing metrics, recorded by the ffmpeg instrumentation and media helpers. */
export const videoMetrics = {
  /** `video_transcode_duration_seconds`: Wall time of a transcode, by output resolution (360p, 720p, …), codec and encoder preset. */
  videoTranscodeDurationSeconds: defineMetric({
    name: 'video_transcode_duration_seconds',
    type: 'histogram',
    help: 'Wall time of a transcode, by output resolution (360p, 720p, …), codec and encoder preset.',
    labelNames: ['resolution', 'codec', 'preset'],
    unit: 'seconds',
    buckets: BUCKETS.transcode,
    group: 'video',
  }),
  /** `video_transcoded_bytes`: Size of each transcoded output file, by output resolution and codec; its _sum is the output volume. */
  videoTranscodedBytes: defineMetric({
    name: 'video_transcoded_bytes',
    type: 'histogram',
    help: 'Size of each transcoded output file, by output resolution and codec; its _sum is the output volume.',
    labelNames: ['resolution', 'codec'],
    unit: 'bytes',
    buckets: BUCKETS.bytes,
    group: 'video',
  }),
  /** `video_compression_ratio`: Source size divided by output size for each transcode, by output resolution and codec. */
  videoCompressionRatio: defineMetric({
    name: 'video_compression_ratio',
    type: 'histogram',
    help: 'Source size divided by output size for each transcode, by output resolution and codec.',
    labelNames: ['resolution', 'codec'],
    unit: 'ratio',
    buckets: BUCKETS.ratio,
    group: 'video',
  }),
  /** `video_source_duration_seconds`: Playback duration of source videos, as probed by ffprobe. */
  videoSourceDurationSeconds: defineMetric({
    name: 'video_source_duration_seconds',
    type: 'histogram',
    help: 'Playback duration of source videos, as probed by ffprobe.',
    labelNames: [],
    unit: 'seconds',
    buckets: BUCKETS.mediaDuration,
    group: 'video',
  }),
  /** `video_source_size_bytes`: File size of source videos. */
  videoSourceSizeBytes: defineMetric({
    name: 'video_source_size_bytes',
    type: 'histogram',
    help: 'File size of source videos.',
    labelNames: [],
    unit: 'bytes',
    buckets: BUCKETS.bytes,
    group: 'video',
  }),
  /** `video_transcodes_in_progress`: Transcodes running right now, by output resolution. */
  videoTranscodesInProgress: defineMetric({
    name: 'video_transcodes_in_progress',
    type: 'gauge',
    help: 'Transcodes running right now, by output resolution.',
    labelNames: ['resolution'],
    unit: 'jobs',
    group: 'video',
  }),
  /** `video_transcode_progress_ratio`: Progress of each running transcode (0 to 1, from the probed source duration), by transcode id; the series is removed when the transcode ends. */
  videoTranscodeProgressRatio: defineMetric({
    name: 'video_transcode_progress_ratio',
    type: 'gauge',
    help: 'Progress of each running transcode (0 to 1, from the probed source duration), by transcode id; the series is removed when the transcode ends.',
    labelNames: ['transcode_id'],
    unit: 'ratio',
    group: 'video',
  }),
  /** `video_transcode_frames_per_second`: Frames encoded per second by each running transcode, as ffmpeg reports it, by transcode id; the series is removed when the transcode ends. */
  videoTranscodeFramesPerSecond: defineMetric({
    name: 'video_transcode_frames_per_second',
    type: 'gauge',
    help: 'Frames encoded per second by each running transcode, as ffmpeg reports it, by transcode id; the series is removed when the transcode ends.',
    labelNames: ['transcode_id'],
    unit: 'frames_per_second',
    group: 'video',
  }),
  /** `video_transcode_speed_ratio`: Speed of each running transcode as a multiple of real time (2 = two seconds of media per second), by transcode id; the series is removed when the transcode ends. */
  videoTranscodeSpeedRatio: defineMetric({
    name: 'video_transcode_speed_ratio',
    type: 'gauge',
    help: 'Speed of each running transcode as a multiple of real time (2 = two seconds of media per second), by transcode id; the series is removed when the transcode ends.',
    labelNames: ['transcode_id'],
    unit: 'ratio',
    group: 'video',
  }),
  /** `video_transcode_failures_total`: Transcodes that failed, by reason (exit_code, signal, timeout, cancelled, spawn_error, invalid_input, output_error). */
  videoTranscodeFailuresTotal: defineMetric({
    name: 'video_transcode_failures_total',
    type: 'counter',
    help: 'Transcodes that failed, by reason (exit_code, signal, timeout, cancelled, spawn_error, invalid_input, output_error).',
    labelNames: ['reason'],
    unit: 'jobs',
    group: 'video',
  }),
  /** `audio_extraction_duration_seconds`: Wall time of an audio extraction, by output codec. */
  audioExtractionDurationSeconds: defineMetric({
    name: 'audio_extraction_duration_seconds',
    type: 'histogram',
    help: 'Wall time of an audio extraction, by output codec.',
    labelNames: ['codec'],
    unit: 'seconds',
    buckets: BUCKETS.transcode,
    group: 'video',
  }),
  /** `transcription_duration_seconds`: Wall time of a speech-to-text transcription, by model. */
  transcriptionDurationSeconds: defineMetric({
    name: 'transcription_duration_seconds',
    type: 'histogram',
    help: 'Wall time of a speech-to-text transcription, by model.',
    labelNames: ['model'],
    unit: 'seconds',
    buckets: BUCKETS.transcode,
    group: 'video',
  }),
  /** `transcription_word_count`: Words in each transcript, by model. */
  transcriptionWordCount: defineMetric({
    name: 'transcription_word_count',
    type: 'histogram',
    help: 'Words in each transcript, by model.',
    labelNames: ['model'],
    unit: 'words',
    buckets: BUCKETS.words,
    group: 'video',
  }),
  /** `media_processing_failures_total`: Media steps that failed, by step (transcription, thumbnail, audio_extraction) and a bounded reason (error class or code); their durations are not observed. */
  mediaProcessingFailuresTotal: defineMetric({
    name: 'media_processing_failures_total',
    type: 'counter',
    help: 'Media steps that failed, by step (transcription, thumbnail, audio_extraction) and a bounded reason (error class or code); their durations are not observed.',
    labelNames: ['step', 'reason'],
    unit: 'jobs',
    group: 'video',
  }),
  /** `thumbnail_generation_duration_seconds`: Wall time of a thumbnail generation. */
  thumbnailGenerationDurationSeconds: defineMetric({
    name: 'thumbnail_generation_duration_seconds',
    type: 'histogram',
    help: 'Wall time of a thumbnail generation.',
    labelNames: [],
    unit: 'seconds',
    buckets: BUCKETS.operation,
    group: 'video',
  }),
};
