import express, { type Request, type RequestHandler, type Response, type Router } from 'express';
import { ownerOf } from '../api-keys.js';
import { sendError } from '../http-errors.js';
import { type JobStore, VIDEO_FORMATS, type VideoFormat } from '../job-store.js';
import type { LocalStorage } from '../storage.js';

/**
 * The download route (mount at `/downloads`; `auth` runs first):
 * `GET /job/:jobId/video/:format` streams a rendition (`360p` or `720p`) from storage; an
 * unknown job, another API key's job, or a rendition that does not exist (yet) answers 404
 * with a JSON error.
 *
 * @param auth - The API-key check.
 * @param store - The job store.
 * @param storage - Where the renditions are.
 * @returns An Express router.
 * @example
 * ```ts
 * app.use('/downloads', downloadRoutes(auth.middleware, store, storage));
 * ```
 */
export function downloadRoutes(auth: RequestHandler, store: JobStore, storage: LocalStorage): Router {
  const router = express.Router();
  router.get(
    '/job/:jobId/video/:format',
    auth,
    async (req: Request<{ jobId: string; format: string }>, res: Response) => {
      const { jobId, format } = req.params;
      const job = store.get(jobId);
      // Another key's job is answered exactly as a job that does not exist.
      if (job === undefined || job.owner !== ownerOf(res)) {
        return sendError(res, 404, 'job_not_found', `no job ${JSON.stringify(jobId)}`);
      }
      if (!(VIDEO_FORMATS as readonly string[]).includes(format)) {
        return sendError(
          res,
          404,
          'rendition_not_found',
          `no format ${JSON.stringify(format)}; formats: ${VIDEO_FORMATS.join(', ')}`,
        );
      }
      const rendition = job.outputs.video[format as VideoFormat];
      const size = rendition === undefined ? undefined : await storage.size(rendition.key);
      if (rendition === undefined || size === undefined) {
        return sendError(
          res,
          404,
          'rendition_not_found',
          `job ${jobId} has no ${format} rendition (status: ${job.status})`,
        );
      }
      res.status(200).set({ 'Content-Type': 'video/mp4', 'Content-Length': String(size) });
      await storage.streamTo(rendition.key, res);
    },
  );
  return router;
}
