import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { instrumentMedia } from './media.js';

describe('instrumentMedia', () => {
  it('times transcriptions and counts their words, sync or async', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const media = instrumentMedia(observability);
    await media.transcription(async () => ({ text: ' hello  brave new\nworld ' }), { model: 'whisper-base' });
    media.transcription(() => 'one two three', { model: 'whisper-base' });
    media.transcription(() => ({ segments: [1, 2] }), { model: 'whisper-base', words: () => 7 });
    const { metrics } = observability;
    expect(metrics.transcriptionDurationSeconds.value({ model: 'whisper-base' }).count).toBe(3);
    expect(metrics.transcriptionWordCount.value({ model: 'whisper-base' })).toEqual({ count: 3, sum: 14 });
  });

  it('times thumbnails and audio extraction, and counts failures without observing their duration', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const media = instrumentMedia(observability);
    expect(media.thumbnail(() => '/tmp/t.jpg')).toBe('/tmp/t.jpg');
    await media.audioExtraction(async () => '/tmp/a.wav', { codec: 'aac' });
    await expect(media.thumbnail(() => Promise.reject(new TypeError('bad frame')))).rejects.toThrow('bad frame');
    expect(() =>
      media.audioExtraction(() => {
        throw Object.assign(new Error('no audio stream'), { code: 'NO_AUDIO' });
      }),
    ).toThrow('no audio stream');
    await expect(media.transcription(() => Promise.reject(new Error('model missing')))).rejects.toThrow();
    const { metrics } = observability;
    expect(metrics.thumbnailGenerationDurationSeconds.value().count).toBe(1);
    expect(metrics.audioExtractionDurationSeconds.value({ codec: 'aac' }).count).toBe(1);
    const failures = (step: string, reason: string) => metrics.mediaProcessingFailuresTotal.value({ step, reason });
    expect(failures('thumbnail', 'TypeError')).toBe(1);
    expect(failures('audio_extraction', 'NO_AUDIO')).toBe(1);
    expect(failures('transcription', 'Error')).toBe(1);
    expect(metrics.transcriptionDurationSeconds.value({ model: 'default' }).count).toBe(0);
  });
});
