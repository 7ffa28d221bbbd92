import { createHash, timingSafeEqual } from 'node:crypto';
import { invalidOption } from '../errors.js';
import { resolveToken } from '../metrics-endpoint.js';

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * The token `/health/detailed` requires: `healthToken` when it is a string, none when it is
 * `false`, else `metricsToken` (so a service that protects its metrics protects its
 * dependency report too). Throws `TFO_ERR_INVALID_OPTION` naming the bad option.
 */
export function resolveHealthToken(healthToken: unknown, metricsToken: unknown): string | undefined {
  const metrics = resolveToken('metricsToken', metricsToken);
  if (healthToken === undefined) return metrics;
  if (healthToken === false) return undefined;
  if (typeof healthToken !== 'string' || healthToken === '' || /\s/.test(healthToken)) {
    throw invalidOption(
      'healthToken',
      'is not a usable bearer token',
      'a non-empty string without whitespace, false to leave /health/detailed open, or nothing to use metricsToken',
    );
  }
  return healthToken;
}

/**
 * A check of `Authorization: Bearer <token>` against `token`, in constant time (SHA-256
 * digests of equal length). Returns `undefined` when no token is required.
 */
export function bearerCheck(token: string | undefined): ((authorization: string | undefined) => boolean) | undefined {
  if (token === undefined) return undefined;
  const expected = digest(token);
  return (authorization) => {
    const given = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1] ?? '';
    return timingSafeEqual(digest(given), expected);
  };
}
