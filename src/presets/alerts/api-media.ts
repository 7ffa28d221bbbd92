import { bucketsOf } from './helpers.js';
import { quantileAlert } from './api-helpers.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';

const TRANSCODE = bucketsOf('videoTranscodeDurationSeconds');
const TRANSCRIPTION = bucketsOf('transcriptionDurationSeconds');

/** Media step alerts: slow transcodes and slow transcriptions. */
export const API_MEDIA_ALERTS = defineAlerts([
  quantileAlert({
    name: 'VideoTranscodingTooLong',
    component: 'jobs',
    threshold: THRESHOLDS.VideoTranscodingTooLong,
    buckets: TRANSCODE,
    metric: 'video_transcode_duration_seconds',
    for: ALERT_TIMING.VideoTranscodingTooLong.for,
    window: ALERT_TIMING.VideoTranscodingTooLong.window,
    by: 'job, resolution',
    labels: { resolution: '720p', codec: 'h264', preset: 'medium' },
    what: 'transcode time',
    meaning: 'Transcodes of one resolution take long.',
    impact: 'Jobs finish late; workers stay busy and the queue grows.',
    mitigation: [
      'Compare with the source durations (longer videos take longer); check worker CPU; use a faster preset.',
    ],
  }),
  quantileAlert({
    name: 'TranscriptionServiceSlow',
    component: 'jobs',
    threshold: THRESHOLDS.TranscriptionServiceSlow,
    buckets: TRANSCRIPTION,
    metric: 'transcription_duration_seconds',
    for: ALERT_TIMING.TranscriptionServiceSlow.for,
    window: ALERT_TIMING.TranscriptionServiceSlow.window,
    by: 'job, model',
    labels: { model: 'whisper-base' },
    what: 'transcription time',
    meaning: 'Speech-to-text transcriptions take long.',
    impact: 'Jobs with transcripts finish late.',
    mitigation: ['Check the transcription service or GPU; use a smaller model for long sources.'],
  }),
]);
