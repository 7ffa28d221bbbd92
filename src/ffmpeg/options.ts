import { invalidOption } from '../core/errors.js';
import { durationMs } from '../core/option-checks.js';
import type { FfmpegInstrumentationOptions, FfmpegKind } from './types.js';

const KINDS: readonly FfmpegKind[] = ['transcode', 'audio', 'thumbnail'];

let sequence = 0;

/** Options after validation, with the defaults filled in. */
export interface ResolvedFfmpegOptions extends FfmpegInstrumentationOptions {
  readonly kind: FfmpegKind;
  readonly id: string;
  readonly probe: boolean;
  readonly stderrLines: number;
}

/** Checks the options shared by `runFfmpeg` and `instrumentFfmpeg`; throws `TFO_ERR_INVALID_OPTION` naming the bad one. */
export function resolveFfmpegOptions(options: FfmpegInstrumentationOptions): ResolvedFfmpegOptions {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('options', 'is missing', 'an options object with at least `observability`');
  }
  const metrics = (options.observability as { metrics?: unknown } | undefined)?.metrics;
  if (typeof metrics !== 'object' || metrics === null) {
    throw invalidOption('observability', 'is not an observability object', 'the object createObservability() returns');
  }
  const kind = options.kind ?? 'transcode';
  if (!KINDS.includes(kind)) throw invalidOption('kind', `is ${JSON.stringify(kind)}`, KINDS.join(', '));
  // A timer fires at once for anything above 2^31-1 ms, so such a timeout is refused, not kept.
  if (options.timeoutMs !== undefined) durationMs('timeoutMs', options.timeoutMs, options.timeoutMs);
  if (options.signal !== undefined && !(options.signal instanceof AbortSignal)) {
    throw invalidOption('signal', 'is not an AbortSignal', 'an AbortSignal, e.g. AbortSignal.timeout(60_000)');
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
    throw invalidOption('onProgress', 'is not a function', 'a function called with each progress report');
  }
  if (
    options.durationSeconds !== undefined &&
    !(Number.isFinite(options.durationSeconds) && options.durationSeconds > 0)
  ) {
    throw invalidOption(
      'durationSeconds',
      `is ${JSON.stringify(options.durationSeconds)}`,
      'a number of seconds above 0',
    );
  }
  const stderrLines = options.stderrLines ?? 20;
  if (!Number.isInteger(stderrLines) || stderrLines < 0) {
    throw invalidOption('stderrLines', `is ${JSON.stringify(stderrLines)}`, 'a whole number of 0 or more');
  }
  if (options.id !== undefined && (typeof options.id !== 'string' || options.id === '')) {
    throw invalidOption('id', `is ${JSON.stringify(options.id)}`, 'a non-empty string');
  }
  return {
    ...options,
    kind,
    id: options.id ?? `ffmpeg-${process.pid}-${++sequence}`,
    probe: options.probe ?? true,
    stderrLines,
  };
}
