import { randomUUID } from 'node:crypto';
import { PassThrough, Transform, type TransformCallback } from 'node:stream';
import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { getLogger, withContext } from '@transcode-flow/observability';
import { ownerOf } from '../api-keys.js';
import { sendError } from '../http-errors.js';
import { type JobRecord, type JobStore, VIDEO_FORMATS } from '../job-store.js';
import { type JobQueue, QueueClosedError } from '../queue/job-queue.js';
import { sourceChecker } from '../source-paths.js';
import type { LocalStorage } from '../storage.js';

/** What the job routes need. */
export interface JobRoutesDeps {
  /** The API-key check, run first in each route. */
  readonly auth: RequestHandler;
  readonly store: JobStore;
  readonly queue: JobQueue;
  readonly storage: LocalStorage;
  /** Folders a JSON job's `source` may name. */
  readonly sourceDirs: readonly string[];
  /** Folders under them no source may name: the service's storage and scratch folders. */
  readonly deniedDirs: readonly string[];
  /** Largest raw upload in bytes. */
  readonly maxUploadBytes: number;
}

class UploadTooLargeError extends Error {}

/** Fails the stream once more than `max` bytes went through. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback: TransformCallback) {
      seen += chunk.length;
      if (seen > max) return callback(new UploadTooLargeError(`the upload is larger than ${max} bytes`));
      callback(null, chunk);
    },
  });
}

const isVideoUpload = (req: Request): boolean => req.is(['video/*', 'application/octet-stream']) !== false;

function validWebhookUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The public view of a job, with the download links of its renditions. */
function view(job: JobRecord): Record<string, unknown> {
  const downloads = Object.fromEntries(
    VIDEO_FORMATS.filter((format) => job.outputs.video[format] !== undefined).map((format) => [
      format,
      `/downloads/job/${job.id}/video/${format}`,
    ]),
  );
  const { source: _source, owner: _owner, ...rest } = job;
  return { ...rest, downloads };
}

/**
 * The job routes (mount at `/jobs`; each runs `deps.auth` first): `POST /` takes
 * `{ "source": "<local path>", "webhookUrl"?: "<url>" }` as JSON, or a raw upload with a
 * `video/*` or `application/octet-stream` body (the webhook URL then in `?webhookUrl=`), and
 * answers 202 with the job; `GET /:jobId` answers the job or 404. A job belongs to the API key
 * that created it (kept as a fingerprint, never the key): any other key gets the 404 of a job
 * that does not exist. A JSON `source` is checked against the allow-list before the file
 * system is touched (see `sourceChecker`).
 *
 * @param deps - See {@link JobRoutesDeps}.
 * @returns An Express router.
 * @example
 * ```ts
 * app.use('/jobs', jobRoutes({ ...deps, auth: auth.middleware }));
 * ```
 */
export function jobRoutes(deps: JobRoutesDeps): Router {
  const router = express.Router();
  const log = getLogger('transcode-service.api');
  const checkSource = sourceChecker(deps.sourceDirs, deps.deniedDirs);

  const accept = async (res: Response, jobId: string, source: string, webhookUrl: string | undefined) => {
    const owner = ownerOf(res);
    const job = deps.store.create(jobId, source, webhookUrl, owner);
    try {
      await deps.queue.add({ jobId, source, owner, ...(webhookUrl !== undefined && { webhookUrl }) });
    } catch (error) {
      deps.store.update(jobId, { status: 'cancelled', error: { code: 'shutting_down', message: String(error) } });
      if (error instanceof QueueClosedError) return sendError(res, 503, 'shutting_down', error.message);
      throw error;
    }
    withContext({ job_id: jobId }, () => log.info({ webhook: webhookUrl !== undefined }, 'job accepted'));
    res.status(202).location(`/jobs/${jobId}`).json(view(job));
  };

  const fromJson = async (req: Request, res: Response): Promise<void> => {
    const body = req.body as { source?: unknown; webhookUrl?: unknown } | undefined;
    if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof body.source !== 'string') {
      return sendError(
        res,
        400,
        'invalid_request',
        'expected a JSON object with a string "source" (a local file path)',
      );
    }
    if (body.webhookUrl !== undefined && !validWebhookUrl(body.webhookUrl)) {
      return sendError(res, 400, 'invalid_request', '"webhookUrl" must be an http:// or https:// URL');
    }
    const checked = await checkSource(body.source);
    if (!checked.ok) return sendError(res, checked.status, checked.code, checked.message);
    await accept(res, randomUUID(), checked.path, body.webhookUrl);
  };

  const fromUpload = async (req: Request, res: Response): Promise<void> => {
    const webhookUrl = req.query.webhookUrl;
    if (webhookUrl !== undefined && !validWebhookUrl(webhookUrl)) {
      return sendError(res, 400, 'invalid_request', '?webhookUrl= must be an http:// or https:// URL');
    }
    const tooLarge = `uploads are limited to ${deps.maxUploadBytes} bytes (MAX_UPLOAD_BYTES)`;
    if (Number(req.get('content-length') ?? 0) > deps.maxUploadBytes) {
      await drain(req, DRAIN_FACTOR * deps.maxUploadBytes);
      res.set('Connection', 'close');
      return sendError(res, 413, 'payload_too_large', tooLarge);
    }
    const jobId = randomUUID();
    // A PassThrough between the request and the pipeline, so a failed upload does not destroy
    // the request's socket before the 413 is sent.
    const body = new PassThrough();
    req.pipe(body);
    try {
      await deps.storage.putStream(`uploads/${jobId}`, body, byteLimit(deps.maxUploadBytes));
    } catch (error) {
      req.unpipe(body);
      if (!(error instanceof UploadTooLargeError)) {
        req.resume();
        throw error;
      }
      await drain(req, DRAIN_FACTOR * deps.maxUploadBytes);
      res.set('Connection', 'close');
      return sendError(res, 413, 'payload_too_large', tooLarge);
    }
    await accept(res, jobId, deps.storage.pathOf(`uploads/${jobId}`), webhookUrl);
  };

  router.post('/', deps.auth, express.json({ limit: '64kb' }), async (req, res) => {
    if (req.is('application/json')) return fromJson(req, res);
    if (isVideoUpload(req)) return fromUpload(req, res);
    sendError(res, 415, 'unsupported_media_type', 'send application/json ({"source": ...}) or a video/* body');
  });

  router.get('/:jobId', deps.auth, (req: Request<{ jobId: string }>, res: Response) => {
    // Another key's job is answered exactly as a job that does not exist.
    const job = deps.store.get(req.params.jobId);
    if (job === undefined || job.owner !== ownerOf(res)) {
      return sendError(res, 404, 'job_not_found', `no job ${JSON.stringify(req.params.jobId)}`);
    }
    res.json(view(job));
  });
  return router;
}

/** How much of a refused upload is read and dropped, in multiples of MAX_UPLOAD_BYTES. */
const DRAIN_FACTOR = 64;

/**
 * Reads and drops the rest of a refused request body (at most `cap` bytes) before the answer: a
 * connection closed with unread data is reset, and a client still sending could see the reset
 * instead of the 413 (it did on a loaded machine). A body past `cap` is answered at once.
 */
function drain(req: Request, cap: number): Promise<void> {
  return new Promise((resolve) => {
    let seen = 0;
    const done = (): void => {
      req.off('data', onData);
      resolve();
    };
    const onData = (chunk: Buffer): void => {
      seen += chunk.length;
      if (seen > cap) done();
    };
    if (req.readableEnded) return resolve();
    req.on('data', onData);
    req.once('end', done);
    req.once('close', done);
    req.once('error', done);
    req.resume();
  });
}
