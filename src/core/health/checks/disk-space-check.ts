import { invalidOption } from '../../errors.js';
import { optionalString } from '../../option-checks.js';
import type { HealthCheck } from '../health-checks.js';
import { nodeBuiltin } from '../../module-require.js';

/** Options of {@link diskSpaceHealthCheck}. */
export interface DiskSpaceHealthCheckOptions {
  /** A path on the file system to watch (usually the storage or work directory). Required. */
  readonly path: string;
  /** Fail when fewer bytes than this are free for the service. Default: `1073741824` (1 GiB) when `minFreeRatio` is not given. */
  readonly minFreeBytes?: number;
  /** Fail when less than this share of the file system (0 to 1) is free for the service. Default: none. */
  readonly minFreeRatio?: number;
  /** Longest the check may take, in ms. Default: `healthTimeoutMs` of the adapter (2000). */
  readonly timeoutMs?: number;
  /** Whether a failure makes `/health/detailed` answer 503 (see `HealthCheck.required`). Default: `true`. */
  readonly required?: boolean;
}

const GIB = 1024 ** 3;

function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A `/health/detailed` check that the file system holding `path` has enough free space (the
 * space an unprivileged process may use, `statfs` `bavail`): it fails below `minFreeBytes`
 * or below `minFreeRatio`, whichever is given (both may be). One `statfs` call per check;
 * nothing is written.
 *
 * Options: `path` (required), `minFreeBytes` (default 1 GiB when `minFreeRatio` is not
 * given), `minFreeRatio` (0 to 1, default none), `timeoutMs` (default the adapter's `healthTimeoutMs`), `required` (default `true`).
 *
 * @param options - See {@link DiskSpaceHealthCheckOptions}.
 * @returns A check for the `healthChecks` option.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when an option is malformed.
 * @example
 * ```ts
 * import { createObservability, diskSpaceHealthCheck } from '@transcode-flow/observability';
 * import { expressObservability } from '@transcode-flow/observability/express';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const middleware = expressObservability(observability, {
 *   healthChecks: { disk_space: diskSpaceHealthCheck({ path: '/var/lib/transcoder', minFreeBytes: 5 * 1024 ** 3 }) },
 * });
 * ```
 */
export function diskSpaceHealthCheck(options: DiskSpaceHealthCheckOptions): HealthCheck {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('diskSpaceHealthCheck', 'has no options', '{ path, minFreeBytes?, minFreeRatio? }');
  }
  const path = optionalString('diskSpaceHealthCheck.path', options.path, '');
  if (path === '') throw invalidOption('diskSpaceHealthCheck.path', 'is missing', 'a path on the file system to watch');
  const { minFreeRatio } = options;
  if (
    minFreeRatio !== undefined &&
    (typeof minFreeRatio !== 'number' || !Number.isFinite(minFreeRatio) || minFreeRatio < 0 || minFreeRatio > 1)
  ) {
    throw invalidOption('diskSpaceHealthCheck.minFreeRatio', `is ${String(minFreeRatio)}`, 'a number from 0 to 1');
  }
  const minFreeBytes = options.minFreeBytes ?? (minFreeRatio === undefined ? GIB : 0);
  if (typeof minFreeBytes !== 'number' || !Number.isFinite(minFreeBytes) || minFreeBytes < 0) {
    throw invalidOption(
      'diskSpaceHealthCheck.minFreeBytes',
      `is ${String(minFreeBytes)}`,
      'a number of bytes of 0 or more',
    );
  }

  const check = async (): Promise<void> => {
    // Loaded on the first check, not at import: the main entry's cold start does not pay for it.
    const { statfs } = nodeBuiltin('node:fs/promises');
    const stats = await statfs(path);
    const free = stats.bavail * stats.bsize;
    const total = stats.blocks * stats.bsize;
    if (free < minFreeBytes) {
      throw new Error(`${formatBytes(free)} free on ${path}, below the minimum of ${formatBytes(minFreeBytes)}`);
    }
    if (minFreeRatio !== undefined && total > 0 && free / total < minFreeRatio) {
      const percent = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`;
      throw new Error(`${percent(free / total)} free on ${path}, below the minimum of ${percent(minFreeRatio)}`);
    }
  };
  return {
    check,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.required !== undefined && { required: options.required }),
  };
}
