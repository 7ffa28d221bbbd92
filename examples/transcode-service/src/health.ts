import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { HealthCheck } from '@transcode-flow/observability';

/**
 * The readiness checks of `/health/detailed`: `disk` (a file can be written and removed in the
 * data folder), `ffmpeg` (`ffmpeg -version` runs) and, when the queue has a backend, `redis`
 * (PING). All are required: the service cannot do its work without any of them.
 *
 * @param dataDir - The data folder.
 * @param ffmpegPath - The ffmpeg binary.
 * @param queueCheck - The queue backend's check, if any.
 * @returns The checks, keyed by name.
 * @example
 * ```ts
 * app.use(expressObservability(observability, { healthChecks: healthChecks(dataDir, ffmpegPath, undefined) }));
 * ```
 */
export function healthChecks(
  dataDir: string,
  ffmpegPath: string,
  queueCheck: ((signal: AbortSignal) => Promise<boolean>) | undefined,
): Record<string, HealthCheck> {
  const checks: Record<string, HealthCheck> = {
    disk: {
      check: async () => {
        const probe = join(dataDir, `.health-${randomUUID()}`);
        await writeFile(probe, 'ok');
        await rm(probe);
      },
      timeoutMs: 2000,
    },
    ffmpeg: {
      check: (signal) =>
        new Promise<void>((resolve, reject) =>
          execFile(ffmpegPath, ['-hide_banner', '-version'], { signal }, (error) =>
            error ? reject(error) : resolve(),
          ),
        ),
      timeoutMs: 3000,
    },
  };
  if (queueCheck !== undefined) checks.redis = { check: queueCheck, timeoutMs: 1000 };
  return checks;
}
