import { createHash, timingSafeEqual } from 'node:crypto';
import type { Observability } from './observability.js';
import { invalidOption } from './errors.js';
import { OPENMETRICS_CONTENT_TYPE, renderOpenMetrics } from './openmetrics.js';

/** A framework-agnostic answer that an adapter writes to its framework's response. */
export interface EndpointResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The request headers the metrics endpoint reads. */
export interface EndpointRequestHeaders {
  readonly accept?: string | undefined;
  readonly authorization?: string | undefined;
}

/** Answers a scrape: Prometheus text or OpenMetrics by `Accept`, behind an optional bearer token. */
type MetricsEndpoint = (headers: EndpointRequestHeaders) => Promise<EndpointResponse>;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/** The `q` of the first `Accept` entry whose media type starts with `type` (0 when absent). */
function quality(accept: string, type: string): number {
  for (const entry of accept.split(',')) {
    const [media, ...params] = entry.split(';');
    if (media?.trim().toLowerCase() !== type) continue;
    const q = params.map((param) => param.trim()).find((param) => param.startsWith('q='));
    const value = q === undefined ? 1 : Number(q.slice(2));
    return Number.isFinite(value) ? value : 0;
  }
  return 0;
}

/** True when the scraper prefers OpenMetrics to the Prometheus text format. */
export function prefersOpenMetrics(accept: string | undefined): boolean {
  if (accept === undefined || !accept.includes('openmetrics')) return false;
  const openMetrics = quality(accept, 'application/openmetrics-text');
  return openMetrics > 0 && openMetrics >= quality(accept, 'text/plain');
}

/** Validates a bearer token option (a non-empty string without whitespace). */
export function resolveToken(option: string, token: unknown): string | undefined {
  if (token === undefined) return undefined;
  if (typeof token !== 'string' || token === '' || /\s/.test(token)) {
    throw invalidOption(
      option,
      'is not a usable bearer token',
      'a non-empty string without whitespace, or nothing to serve /metrics openly',
    );
  }
  return token;
}

/**
 * Builds the metrics endpoint of an observability object. With a `token`, a scrape must send
 * `Authorization: Bearer <token>`; the token is compared in constant time (SHA-256 digests of
 * equal length) and a missing or wrong one gets 401 with `WWW-Authenticate: Bearer`.
 */
export function createMetricsEndpoint(
  observability: Pick<Observability, 'registry' | 'scrape'>,
  token?: string,
): MetricsEndpoint {
  const expected = token === undefined ? undefined : digest(token);
  return async (headers): Promise<EndpointResponse> => {
    if (expected !== undefined) {
      const header = headers.authorization ?? '';
      const given = /^Bearer\s+(\S+)\s*$/i.exec(header)?.[1] ?? '';
      if (!timingSafeEqual(digest(given), expected)) {
        return {
          status: 401,
          headers: { 'content-type': 'text/plain; charset=utf-8', 'www-authenticate': 'Bearer realm="metrics"' },
          body: 'Unauthorized: send Authorization: Bearer <token>\n',
        };
      }
    }
    if (prefersOpenMetrics(headers.accept)) {
      return {
        status: 200,
        headers: { 'content-type': OPENMETRICS_CONTENT_TYPE },
        body: await renderOpenMetrics(observability.registry),
      };
    }
    const { contentType, body } = await observability.scrape();
    return { status: 200, headers: { 'content-type': contentType }, body };
  };
}
