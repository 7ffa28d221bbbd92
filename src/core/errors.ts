/**
 * Every error the SDK throws carries one of these codes. The table is the
 * single place where codes are declared; `docs/errors.md` documents each one.
 *
 * @example
 * ```ts
 * import { createObservability, ObservabilityError } from '@transcode-flow/observability';
 *
 * try {
 *   createObservability({ prefix: 'bad-prefix' });
 * } catch (error) {
 *   if (error instanceof ObservabilityError && error.code === 'TFO_ERR_INVALID_OPTION') {
 *     console.error(error.option, error.message);
 *   }
 * }
 * ```
 */
export const ERROR_CODES = {
  /** An option passed to a factory has the wrong type or value. */
  TFO_ERR_INVALID_OPTION: 'an option has an invalid value',
  /** An option names a metric that is not in the catalogue. */
  TFO_ERR_UNKNOWN_METRIC: 'an option names a metric that is not in the catalogue',
  /** An option names a label that the metric does not declare. */
  TFO_ERR_UNKNOWN_LABEL: 'an option names a label that the metric does not declare',
  /** A metric with the same name is already registered in the registry. */
  TFO_ERR_DUPLICATE_METRIC: 'a metric with this name is already registered',
  /** ffmpeg exited with a non-zero code, or was killed by a signal the SDK did not send. */
  TFO_ERR_FFMPEG_FAILED: 'ffmpeg failed',
  /** ffmpeg ran longer than its `timeoutMs` and was killed. */
  TFO_ERR_FFMPEG_TIMEOUT: 'ffmpeg timed out',
  /** ffmpeg was killed because its AbortSignal aborted. */
  TFO_ERR_FFMPEG_CANCELLED: 'ffmpeg was cancelled',
  /** ffmpeg or ffprobe could not be started: no binary found, or the binary cannot run. */
  TFO_ERR_FFMPEG_SPAWN: 'ffmpeg could not be started',
  /** The ffmpeg arguments were refused, or the source is missing or not readable media. */
  TFO_ERR_FFMPEG_INVALID_INPUT: 'ffmpeg refused its input',
  /** ffmpeg could not write an output: its folder is missing or not writable, or the disk is full. */
  TFO_ERR_FFMPEG_OUTPUT: 'ffmpeg could not write its output',
  /** A job run by the job wrapper did not finish within its `timeoutMs`. */
  TFO_ERR_JOB_TIMEOUT: 'a job did not finish within its timeout',
  /** A queued-job handle was asked to run while it was not queued (running, or already finished). */
  TFO_ERR_JOB_STATE: 'a job handle was used in a state that does not allow it',
  /** A webhook could not be delivered: every attempt failed, or the failure was not retryable. */
  TFO_ERR_WEBHOOK_DELIVERY_FAILED: 'a webhook could not be delivered',
  /** The Fastify plugin was registered twice, or in an encapsulated scope where its hooks cannot reach the whole app. */
  TFO_ERR_FASTIFY_REGISTRATION: 'the Fastify plugin was registered twice or in an encapsulated scope',
  /** A config file (`render-presets --config`) cannot be read, is empty, or is not valid JSON or YAML. */
  TFO_ERR_CONFIG_FILE: 'a config file cannot be read or parsed',
  /** A monitoring preset config (for `renderPresets` or `render-presets --config`) has a bad field. */
  TFO_ERR_INVALID_PRESET_CONFIG: 'a preset config field has an invalid value',
} as const;

/**
 * One of the codes in {@link ERROR_CODES}.
 *
 * @example
 * ```ts
 * import type { ErrorCode } from '@transcode-flow/observability';
 * const code: ErrorCode = 'TFO_ERR_INVALID_OPTION';
 * ```
 */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * The error class of the SDK. `code` is stable and documented; `option`
 * names the option at fault when the error comes from validating options.
 *
 * @example
 * ```ts
 * import { ObservabilityError } from '@transcode-flow/observability';
 * const error = new ObservabilityError('TFO_ERR_INVALID_OPTION', 'prefix must be a string', 'prefix');
 * console.log(error.code, error.option);
 * ```
 */
export class ObservabilityError extends Error {
  /** Stable, documented code: one of {@link ERROR_CODES}. */
  readonly code: ErrorCode;
  /** The option at fault, as a path such as `metrics.api_requests_total.buckets`. */
  readonly option: string | undefined;

  constructor(code: ErrorCode, message: string, option?: string, options?: ErrorOptions) {
    super(`${code}: ${message}`, options);
    this.name = 'ObservabilityError';
    this.code = code;
    this.option = option;
  }
}

/** Shorthand for an invalid-option error whose message starts with the option path. */
export function invalidOption(option: string, problem: string, expected: string): ObservabilityError {
  return new ObservabilityError(
    'TFO_ERR_INVALID_OPTION',
    `option \`${option}\` ${problem}; expected ${expected}.`,
    option,
  );
}
