import type { MetricHandles } from '../core/handles.js';
import type { FfmpegKind, FfmpegProgress, FfmpegResult } from './types.js';

/** Labels decided when the run started. */
export interface RunLabels {
  /** The `resolution` label of the in-progress gauge. */
  readonly inProgress: string;
  /** The `preset` label of the duration metric. */
  readonly preset: string;
  /** The `codec` label, when the caller set it (else each output's probed codec). */
  readonly codec: string | undefined;
}

/**
 * The gauges of one running ffmpeg: `video_transcodes_in_progress` goes up by one when it
 * starts, and `end()` takes it back down and removes the run's progress series, once, on
 * every path.
 */
export class RunGauges {
  private ended = false;

  constructor(
    private readonly metrics: MetricHandles,
    private readonly id: string,
    private readonly resolution: string,
  ) {
    metrics.videoTranscodesInProgress.inc({ resolution });
    metrics.videoTranscodeProgressRatio.set({ transcode_id: id }, 0);
  }

  /** Publishes one progress report on the run's gauges. */
  progress(progress: FfmpegProgress): void {
    if (this.ended) return;
    const labels = { transcode_id: this.id };
    if (progress.percent !== undefined) this.metrics.videoTranscodeProgressRatio.set(labels, progress.percent / 100);
    if (progress.fps !== undefined) this.metrics.videoTranscodeFramesPerSecond.set(labels, progress.fps);
    if (progress.speed !== undefined) this.metrics.videoTranscodeSpeedRatio.set(labels, progress.speed);
  }

  /** Restores the in-progress gauge and removes the progress series; later calls do nothing. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    const labels = { transcode_id: this.id };
    this.metrics.videoTranscodesInProgress.dec({ resolution: this.resolution });
    this.metrics.videoTranscodeProgressRatio.remove(labels);
    this.metrics.videoTranscodeFramesPerSecond.remove(labels);
    this.metrics.videoTranscodeSpeedRatio.remove(labels);
  }
}

/**
 * Records a successful run: for a transcode, the duration, bytes and compression ratio of
 * each output and the source's duration and size; for an audio extraction or a thumbnail,
 * its duration.
 */
export function recordSuccess(metrics: MetricHandles, labels: RunLabels, result: FfmpegResult): void {
  const kind: FfmpegKind = result.kind;
  const seconds = result.wallTimeSeconds;
  const first = result.outputs[0];
  if (kind === 'audio') {
    metrics.audioExtractionDurationSeconds.observe({ codec: labels.codec ?? first?.codec ?? 'unknown' }, seconds);
    return;
  }
  if (kind === 'thumbnail') {
    metrics.thumbnailGenerationDurationSeconds.observe(seconds);
    return;
  }
  const sourceBytes = result.source?.sizeBytes;
  for (const output of result.outputs) {
    const codec = labels.codec ?? output.codec;
    metrics.videoTranscodeDurationSeconds.observe(
      { resolution: output.resolution, codec, preset: labels.preset },
      seconds,
    );
    metrics.videoTranscodedBytes.observe({ resolution: output.resolution, codec }, output.bytes);
    if (sourceBytes !== undefined && output.bytes > 0) {
      metrics.videoCompressionRatio.observe({ resolution: output.resolution, codec }, sourceBytes / output.bytes);
    }
  }
  if (result.source?.durationSeconds !== undefined) {
    metrics.videoSourceDurationSeconds.observe(result.source.durationSeconds);
  }
  if (sourceBytes !== undefined) metrics.videoSourceSizeBytes.observe(sourceBytes);
}
