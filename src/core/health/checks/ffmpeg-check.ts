import type { HealthCheck } from '../health-checks.js';
import { type BinaryHealthCheckOptions, runnableBinaryCheck } from './runnable-binary.js';

/**
 * A `/health/detailed` check that ffmpeg is present and runs: `ffmpeg -hide_banner -version`
 * must exit 0 and print `ffmpeg version`. The binary runs on the first check and then at most
 * once per `recheckMs`; the checks in between answer the kept result, so requests never start
 * ffmpeg processes. A failure says why: not found, not executable, killed, or its exit code.
 *
 * Options (all optional): `path` (default: the binary `runFfmpeg` would run: `FFMPEG_PATH`, then
 * `ffmpeg` on `PATH`, then `@ffmpeg-installer/ffmpeg` when installed), `recheckMs`
 * (default 300000), `runTimeoutMs` (default 10000; the check waits 1 s longer), `required` (default `true`).
 *
 * @param options - See {@link BinaryHealthCheckOptions}.
 * @returns A check for the `healthChecks` option.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when an option is malformed.
 * @example
 * ```ts
 * import { createObservability, ffmpegHealthCheck } from '@transcode-flow/observability';
 * import { expressObservability } from '@transcode-flow/observability/express';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const middleware = expressObservability(observability, {
 *   healthChecks: { ffmpeg: ffmpegHealthCheck({ recheckMs: 60_000 }) },
 * });
 * ```
 */
export function ffmpegHealthCheck(options: BinaryHealthCheckOptions = {}): HealthCheck {
  return runnableBinaryCheck('ffmpeg', options);
}
