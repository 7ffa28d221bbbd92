import type { Response } from 'express';

/** The machine-readable codes of the service's JSON errors. */
export type ErrorCode =
  | 'unauthorized'
  | 'invalid_json'
  | 'invalid_request'
  | 'source_not_found'
  | 'source_not_allowed'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'job_not_found'
  | 'rendition_not_found'
  | 'not_found'
  | 'shutting_down'
  | 'internal_error';

/**
 * Sends a JSON error: `{ "error": { "code", "message" } }` with the given status.
 *
 * @param res - The Express response.
 * @param status - The HTTP status (4xx or 5xx).
 * @param code - A stable code clients can switch on.
 * @param message - What was wrong and what to do.
 * @example
 * ```ts
 * sendError(res, 404, 'job_not_found', 'no job abc123');
 * ```
 */
export function sendError(res: Response, status: number, code: ErrorCode, message: string): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  res.status(status).json({ error: { code, message } });
}
