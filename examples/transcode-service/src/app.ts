import express, { type Express, type NextFunction, type Request, type Response } from 'express';
import { getLogger, type HealthCheck, type Observability } from '@transcode-flow/observability';
import { expressObservability } from '@transcode-flow/observability/express';
import type { ApiKeyAuth } from './api-keys.js';
import { sendError } from './http-errors.js';
import type { JobStore } from './job-store.js';
import type { JobQueue } from './queue/job-queue.js';
import { downloadRoutes } from './routes/downloads.js';
import { jobRoutes } from './routes/jobs.js';
import type { LocalStorage } from './storage.js';

/** What the HTTP app needs. */
export interface AppDeps {
  readonly observability: Observability;
  readonly auth: ApiKeyAuth;
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly storage: LocalStorage;
  readonly sourceDirs: readonly string[];
  /** Folders no job source may name: the service's storage and scratch folders. */
  readonly deniedDirs: readonly string[];
  readonly maxUploadBytes: number;
  readonly healthChecks: Record<string, HealthCheck>;
  readonly metricsToken: string | undefined;
}

/** Maps body-parser and unexpected errors to JSON errors; nothing leaks a stack trace. */
function errorHandler(error: unknown, req: Request, res: Response, _next: NextFunction): void {
  const type = (error as { type?: unknown } | undefined)?.type;
  if (type === 'entity.parse.failed') return sendError(res, 400, 'invalid_json', 'the request body is not valid JSON');
  if (type === 'entity.too.large')
    return sendError(res, 413, 'payload_too_large', 'the JSON body is larger than 64 KB');
  const status = (error as { status?: unknown } | undefined)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return sendError(res, status, 'invalid_request', error instanceof Error ? error.message : 'bad request');
  }
  getLogger('transcode-service.api').error({ err: error, method: req.method }, 'request failed');
  sendError(res, 500, 'internal_error', 'the request failed; see the service log');
}

/**
 * The Express app: `expressObservability` first (request metrics, `/metrics`, `/health`,
 * `/health/detailed`, request-scoped logs), then the job and download routes (each behind the
 * API-key check), a JSON 404 for any other path and a JSON error handler.
 *
 * @param deps - See {@link AppDeps}.
 * @returns The app, ready for `listen`.
 * @example
 * ```ts
 * const app = createApp(deps);
 * app.listen(3000, '127.0.0.1');
 * ```
 */
export function createApp(deps: AppDeps): Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(
    expressObservability(deps.observability, {
      healthChecks: deps.healthChecks,
      ...(deps.metricsToken !== undefined && { metricsToken: deps.metricsToken }),
    }),
  );
  // The API-key check runs inside each route, so a 401 is still labelled with the route template.
  app.use(
    '/jobs',
    jobRoutes({
      auth: deps.auth.middleware,
      store: deps.store,
      queue: deps.queue,
      storage: deps.storage,
      sourceDirs: deps.sourceDirs,
      deniedDirs: deps.deniedDirs,
      maxUploadBytes: deps.maxUploadBytes,
    }),
  );
  app.use('/downloads', downloadRoutes(deps.auth.middleware, deps.store, deps.storage));
  app.use((req, res) => sendError(res, 404, 'not_found', `no route ${req.method} ${req.path}`));
  app.use(errorHandler);
  return app;
}
