import { invalidOption } from '../../errors.js';
import { optionalString } from '../../option-checks.js';
import type { HealthCheck } from '../health-checks.js';
import { nodeBuiltin } from '../../module-require.js';

/** Options of {@link writableDirHealthCheck}. */
export interface WritableDirHealthCheckOptions {
  /** The directory the service writes to (storage, uploads, work files). Required. */
  readonly path: string;
  /** Longest the check may take, in ms. Default: `healthTimeoutMs` of the adapter (2000). */
  readonly timeoutMs?: number;
  /** Whether a failure makes `/health/detailed` answer 503 (see `HealthCheck.required`). Default: `true`. */
  readonly required?: boolean;
}

/**
 * A `/health/detailed` check that the service can write in a directory: it creates a small
 * file with a unique name (`.tfo-health-<uuid>`, never an existing one), writes to it, closes
 * it and removes it. It fails with the system's reason (`EROFS`, `EACCES`, `ENOSPC`,
 * `ENOENT`, ...) and the path.
 *
 * Options: `path` (required), `timeoutMs` (default the adapter's `healthTimeoutMs`), `required` (default `true`).
 *
 * @param options - See {@link WritableDirHealthCheckOptions}.
 * @returns A check for the `healthChecks` option.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when `path` is missing.
 * @example
 * ```ts
 * import { createObservability, writableDirHealthCheck } from '@transcode-flow/observability';
 * import { expressObservability } from '@transcode-flow/observability/express';
 *
 * const observability = createObservability({ serviceName: 'transcoder' });
 * const middleware = expressObservability(observability, {
 *   healthChecks: { storage: writableDirHealthCheck({ path: '/var/lib/transcoder/storage' }) },
 * });
 * ```
 */
export function writableDirHealthCheck(options: WritableDirHealthCheckOptions): HealthCheck {
  if (typeof options !== 'object' || options === null) {
    throw invalidOption('writableDirHealthCheck', 'has no options', '{ path }');
  }
  const dir = optionalString('writableDirHealthCheck.path', options.path, '');
  if (dir === '') throw invalidOption('writableDirHealthCheck.path', 'is missing', 'the directory to write in');

  const check = async (): Promise<void> => {
    // Loaded on the first check, not at import: the main entry's cold start does not pay for it.
    const { open, rm } = nodeBuiltin('node:fs/promises');
    const probe = nodeBuiltin('node:path').join(dir, `.tfo-health-${crypto.randomUUID()}`);
    let created = false;
    try {
      const file = await open(probe, 'wx');
      created = true;
      try {
        // No fsync: it proves nothing more about permissions or space, and on a disk shared
        // with busy neighbours it can stall for seconds and make readiness flap.
        await file.writeFile('ok');
      } finally {
        await file.close();
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'error';
      throw new Error(`cannot write in ${dir} (${code})`, { cause: error });
    } finally {
      if (created) await rm(probe, { force: true });
    }
  };
  return {
    check,
    ...(options.timeoutMs !== undefined && { timeoutMs: options.timeoutMs }),
    ...(options.required !== undefined && { required: options.required }),
  };
}
