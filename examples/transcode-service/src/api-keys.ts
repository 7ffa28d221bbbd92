import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { addContext, type Observability } from '@transcode-flow/observability';
import { instrumentApiKeys } from '@transcode-flow/observability/integrations';
import { sendError } from './http-errors.js';

/** The API-key check of the service. */
export interface ApiKeyAuth {
  /** Express middleware: 401 JSON error unless the request carries a known key. */
  readonly middleware: RequestHandler;
  /** The key generated at start when `API_KEYS` was empty (print it for the user), else `undefined`. */
  readonly generatedKey: string | undefined;
}

const sha256 = (value: string): Buffer => createHash('sha256').update(value).digest();

/** Where the middleware leaves the fingerprint of the request's key. */
const OWNER = 'apiKeyOwner';

/**
 * The fingerprint of the API key of an authenticated request: a SHA-256 of the key (domain
 * separated from the hash the key check compares), so jobs can be scoped to the key that
 * created them without keeping the key. Only valid after the API-key middleware ran.
 *
 * @param res - The response of a request that passed the API-key check.
 * @returns A hex fingerprint of the key.
 * @example
 * ```ts
 * const job = store.create(id, source, undefined, ownerOf(res));
 * if (job.owner !== ownerOf(res)) sendError(res, 404, 'job_not_found', 'no such job');
 * ```
 */
export function ownerOf(res: Response): string {
  const owner = res.locals[OWNER] as unknown;
  if (typeof owner !== 'string') throw new Error('ownerOf() called on a request the API-key check did not accept');
  return owner;
}

/** The key of a request: `X-API-Key`, else `Authorization: Bearer <key>`. */
function presentedKey(req: Request): string | undefined {
  const header = req.get('x-api-key');
  if (header !== undefined && header !== '') return header.trim();
  const match = /^Bearer\s+(\S+)\s*$/i.exec(req.get('authorization') ?? '');
  return match?.[1];
}

/**
 * Creates the API-key check. Keys are kept only as SHA-256 hashes and compared in constant
 * time against every stored hash; each accepted request counts in
 * `api_key_requests_total{key_prefix}` and adds `api_key_prefix` to the request's log context.
 * With no keys given, one random key is generated (and returned, so it can be printed).
 *
 * @param observability - The object from `createObservability()`.
 * @param keys - The accepted keys (from `API_KEYS`).
 * @returns The middleware and the generated key, if any.
 * @example
 * ```ts
 * const auth = createApiKeyAuth(observability, ['sk_live_4f9b2c7d1e8a6f3b']);
 * app.post('/jobs', auth.middleware, handler);
 * ```
 */
export function createApiKeyAuth(observability: Observability, keys: readonly string[]): ApiKeyAuth {
  const generatedKey = keys.length === 0 ? `tfo_${randomBytes(24).toString('base64url')}` : undefined;
  const hashes = (generatedKey === undefined ? keys : [generatedKey]).map(sha256);
  const usage = instrumentApiKeys(observability);

  const known = (key: string): boolean => {
    const candidate = sha256(key);
    let found = false;
    for (const hash of hashes) found = timingSafeEqual(hash, candidate) || found;
    return found;
  };

  const middleware = (req: Request, res: Response, next: NextFunction): void => {
    const key = presentedKey(req);
    if (key === undefined) {
      return sendError(res, 401, 'unauthorized', 'missing API key: send it as X-API-Key or Authorization: Bearer');
    }
    if (!known(key)) return sendError(res, 401, 'unauthorized', 'invalid API key');
    usage.request(key);
    res.locals[OWNER] = createHash('sha256').update(`job-owner:${key}`).digest('hex');
    addContext({ api_key_prefix: usage.prefix(key) });
    next();
  };
  return { middleware, generatedKey };
}
