import {
  diskSpaceHealthCheck,
  ffmpegHealthCheck,
  ffprobeHealthCheck,
  type HealthCheck,
  redisHealthCheck,
  type RedisPingClient,
  writableDirHealthCheck,
} from '@transcode-flow/observability';
import type { FfmpegBinaries } from './ffmpeg-binaries.js';

/** What the readiness checks look at. */
export interface HealthTargets {
  /** The data folder (storage, uploads, work files). */
  readonly dataDir: string;
  /** The ffmpeg and ffprobe the worker runs. */
  readonly binaries: FfmpegBinaries;
  /** The queue's Redis client, when the queue has one (BullMQ). */
  readonly redis?: (() => Promise<RedisPingClient>) | undefined;
}

/**
 * The readiness checks of `/health/detailed`, all from the library:
 *
 * - `disk` (required): a file can be written and removed in the data folder;
 * - `disk_space` (optional: `degraded` below 1 GiB free, before writes start failing);
 * - `ffmpeg` and `ffprobe` (required): `-version` runs; each binary runs once, then at most
 *   every 5 minutes, never per request;
 * - `redis` (required, with a Redis queue): PING through BullMQ's own connection.
 *
 * The two disk checks may take 10 s, as long as the binary checks: on a machine shared with
 * busy neighbours, or while a flood of requests holds the event loop, a disk can be slow
 * without being broken, and a hung one is still reported within 10 s.
 *
 * @param targets - See {@link HealthTargets}.
 * @returns The checks, keyed by name.
 * @example
 * ```ts
 * app.use(expressObservability(observability, { healthChecks: healthChecks({ dataDir, binaries }) }));
 * ```
 */
export function healthChecks(targets: HealthTargets): Record<string, HealthCheck> {
  const checks: Record<string, HealthCheck> = {
    disk: writableDirHealthCheck({ path: targets.dataDir, timeoutMs: 10_000 }),
    disk_space: diskSpaceHealthCheck({
      path: targets.dataDir,
      minFreeBytes: 1024 ** 3,
      timeoutMs: 10_000,
      required: false,
    }),
    ffmpeg: ffmpegHealthCheck({ path: targets.binaries.ffmpegPath }),
    ffprobe: ffprobeHealthCheck({ path: targets.binaries.ffprobePath }),
  };
  if (targets.redis !== undefined) checks.redis = redisHealthCheck({ client: targets.redis, timeoutMs: 1000 });
  return checks;
}
