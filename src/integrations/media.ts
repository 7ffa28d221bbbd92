import type { Observability } from '../core/observability.js';
import { errorReason, timeOperation } from './time-operation.js';

/** Options of {@link MediaInstrumentation.transcription}. */
export interface TranscriptionOptions<T> {
  /** The `model` label (`whisper-base`, …). Default: `'default'`. */
  model?: string;
  /**
   * Words in the transcript, from the result. Default: the words of the result when it is a
   * string or has a string `text` field, else the length of a `words` or `segments` array; no
   * observation when none of these applies.
   */
  words?: (result: T) => number | undefined;
}

/** Timers for the media steps around a transcode. */
export interface MediaInstrumentation {
  /** Times a speech-to-text run: `transcription_duration_seconds{model}` and `transcription_word_count{model}`. */
  transcription<R>(fn: () => R, options?: TranscriptionOptions<Awaited<R>>): R;
  /** Times a thumbnail generation: `thumbnail_generation_duration_seconds`. */
  thumbnail<R>(fn: () => R): R;
  /** Times an audio extraction: `audio_extraction_duration_seconds{codec}`. `codec` defaults to `'default'`. */
  audioExtraction<R>(fn: () => R, options?: { codec?: string }): R;
}

function countWords(text: string): number {
  const trimmed = text.trim();
  return trimmed === '' ? 0 : trimmed.split(/\s+/u).length;
}

function defaultWords(result: unknown): number | undefined {
  if (typeof result === 'string') return countWords(result);
  if (typeof result !== 'object' || result === null) return undefined;
  const { text, words, segments } = result as { text?: unknown; words?: unknown; segments?: unknown };
  if (typeof text === 'string') return countWords(text);
  if (Array.isArray(words)) return words.length;
  if (Array.isArray(segments)) return segments.length;
  return undefined;
}

/**
 * Timers for transcription, thumbnails and audio extraction. Each wraps a sync or async
 * call and returns what it returns. A successful step observes its duration; a failed one
 * is counted in `media_processing_failures_total{step,reason}` instead, so that fast
 * failures do not pull the duration percentiles down; the error is rethrown.
 *
 * @param observability - The object from `createObservability()`.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentMedia } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['video'] });
 * const media = instrumentMedia(observability);
 * const transcribe = async (path: string) => ({ text: `hello from ${path}`, language: 'en' });
 *
 * const transcript = await media.transcription(() => transcribe('/tmp/audio.wav'), { model: 'whisper-base' });
 * await media.thumbnail(async () => '/tmp/thumb.jpg');
 * await media.audioExtraction(async () => '/tmp/audio.wav', { codec: 'pcm_s16le' });
 * ```
 */
export function instrumentMedia(observability: Pick<Observability, 'metrics'>): MediaInstrumentation {
  const { metrics } = observability;
  const failed = (step: string, error: unknown): void =>
    metrics.mediaProcessingFailuresTotal.inc({ step, reason: errorReason(error) });
  return {
    transcription(fn, options = {}) {
      const model = options.model ?? 'default';
      return timeOperation(fn, (outcome) => {
        if (!outcome.ok) return failed('transcription', outcome.error);
        metrics.transcriptionDurationSeconds.observe({ model }, outcome.seconds);
        const words = (options.words ?? defaultWords)(outcome.value);
        if (words !== undefined) metrics.transcriptionWordCount.observe({ model }, words);
      });
    },
    thumbnail(fn) {
      return timeOperation(fn, (outcome) =>
        outcome.ok
          ? metrics.thumbnailGenerationDurationSeconds.observe(outcome.seconds)
          : failed('thumbnail', outcome.error),
      );
    },
    audioExtraction(fn, options = {}) {
      const codec = options.codec ?? 'default';
      return timeOperation(fn, (outcome) =>
        outcome.ok
          ? metrics.audioExtractionDurationSeconds.observe({ codec }, outcome.seconds)
          : failed('audio_extraction', outcome.error),
      );
    },
  };
}
