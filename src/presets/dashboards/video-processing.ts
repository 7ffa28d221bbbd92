import { aggregate } from '../promql.js';
import type { HistogramName } from '../metric-names.js';
import type { DashboardSpec, PanelContext } from './panel.js';
import { quantile, rate } from './panel.js';

/** The Python reference stack’s video processing dashboard, plus failures and transcodes running. */
export function videoProcessing(c: PanelContext): DashboardSpec {
  const mean = (metric: HistogramName, by: string) =>
    `${rate(c, `${metric}_sum`, by)} / ${rate(c, `${metric}_count`, by)}`;
  return {
    uid: 'tfo-video-processing',
    file: 'video-processing',
    title: 'Transcode Flow / Video processing',
    summary: 'Transcodes, sources, audio, transcription and thumbnails.',
    panels: [
      {
        title: 'Transcode duration by resolution',
        type: 'timeseries',
        unit: 's',
        description: 'p50 and p95 of transcode wall time, by output resolution.',
        queries: [
          { expr: quantile(c, 0.5, 'video_transcode_duration_seconds', 'resolution'), legend: '{{resolution}} p50' },
          { expr: quantile(c, 0.95, 'video_transcode_duration_seconds', 'resolution'), legend: '{{resolution}} p95' },
        ],
      },
      {
        title: 'Video output size rate by resolution',
        type: 'timeseries',
        unit: 'Bps',
        description: 'Bytes of transcoded output written per second, by resolution.',
        queries: [{ expr: rate(c, 'video_transcoded_bytes_sum', 'resolution'), legend: '{{resolution}}' }],
      },
      {
        title: 'Compression ratio by resolution',
        type: 'timeseries',
        unit: 'short',
        description: 'Mean source size over output size, by resolution.',
        queries: [{ expr: mean('video_compression_ratio', 'resolution'), legend: '{{resolution}}' }],
      },
      {
        title: 'Source video duration',
        type: 'timeseries',
        unit: 's',
        description: 'p50 and p95 of the playback length of sources (ffprobe).',
        queries: [
          { expr: quantile(c, 0.5, 'video_source_duration_seconds'), legend: 'p50' },
          { expr: quantile(c, 0.95, 'video_source_duration_seconds'), legend: 'p95' },
        ],
      },
      {
        title: 'Source video size',
        type: 'timeseries',
        unit: 'bytes',
        description: 'p50 and p95 of source file sizes.',
        queries: [
          { expr: quantile(c, 0.5, 'video_source_size_bytes'), legend: 'p50' },
          { expr: quantile(c, 0.95, 'video_source_size_bytes'), legend: 'p95' },
        ],
      },
      {
        title: 'Audio extraction duration',
        type: 'timeseries',
        unit: 's',
        description: 'p95 of audio extraction time, by codec.',
        queries: [{ expr: quantile(c, 0.95, 'audio_extraction_duration_seconds', 'codec'), legend: '{{codec}} p95' }],
      },
      {
        title: 'Transcription duration percentiles',
        type: 'timeseries',
        unit: 's',
        description: 'p50, p95 and p99 of transcription time, by model.',
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(c, q, 'transcription_duration_seconds', 'model'),
          legend: `{{model}} p${q * 100}`,
        })),
      },
      {
        title: 'Transcription word count',
        type: 'timeseries',
        unit: 'short',
        description: 'Mean words per transcript, by model.',
        queries: [{ expr: mean('transcription_word_count', 'model'), legend: '{{model}}' }],
      },
      {
        title: 'Thumbnail generation duration',
        type: 'timeseries',
        unit: 's',
        description: 'p95 of thumbnail generation time.',
        queries: [{ expr: quantile(c, 0.95, 'thumbnail_generation_duration_seconds'), legend: 'p95' }],
      },
      {
        title: 'Transcode failures by reason',
        type: 'timeseries',
        unit: 'short',
        description:
          'Failed transcodes per second, by reason (exit code, signal, timeout, spawn error, invalid input).',
        queries: [{ expr: rate(c, 'video_transcode_failures_total', 'reason'), legend: '{{reason}}' }],
      },
      {
        title: 'Transcodes running',
        type: 'timeseries',
        unit: 'short',
        description: 'Transcodes in progress, by resolution.',
        queries: [
          {
            expr: aggregate(
              'video_transcodes_in_progress',
              'resolution',
              `${c.metric('video_transcodes_in_progress')}${c.sdk()}`,
            ),
            legend: '{{resolution}}',
          },
        ],
      },
    ],
  };
}
