import type { Observability } from '../create-observability.js';
import { invalidOption } from '../core/errors.js';

/** Options of {@link apiKeyPrefix} and {@link instrumentApiKeys}. */
export interface ApiKeyPrefixOptions {
  /** Longest prefix kept, in characters (1 to 12). Default: `8` (e.g. `sk_live_`). */
  prefixLength?: number;
}

/**
 * The safe, short prefix of an API key used as the `key_prefix` label and log field: at most
 * `prefixLength` characters and never more than a quarter of the key, so even a short key
 * is never exposed; characters other than letters, digits, `_` and `-` become `_`. Keys of
 * fewer than 4 characters give `invalid`.
 *
 * @param key - The full API key; it is not kept.
 * @param options - See {@link ApiKeyPrefixOptions}.
 * @returns The prefix.
 * @example
 * ```ts
 * import { apiKeyPrefix } from '@transcode-flow/observability/integrations';
 * apiKeyPrefix('sk_live_4f9b2c7d1e8a6f3b0c5d9e7a'); // 'sk_live_'
 * apiKeyPrefix('short-key'); // 'sh' (a quarter of 9 characters)
 * ```
 */
export function apiKeyPrefix(key: string, options: ApiKeyPrefixOptions = {}): string {
  const max = options.prefixLength ?? 8;
  if (!Number.isInteger(max) || max < 1 || max > 12) {
    throw invalidOption('prefixLength', `is ${JSON.stringify(max)}`, 'a whole number from 1 to 12');
  }
  if (typeof key !== 'string' || key.length < 4) return 'invalid';
  return key.slice(0, Math.min(max, Math.floor(key.length / 4))).replace(/[^A-Za-z0-9_-]/g, '_');
}

/** API-key counters; each takes the full key and records only its safe prefix. */
export interface ApiKeyInstrumentation {
  /** Counts a request authenticated by `key`: `api_key_requests_total{key_prefix}`. */
  request(key: string): void;
  /** Counts a request refused for the key's rate limit: `api_key_rate_limit_exceeded_total{key_prefix}`. */
  rateLimited(key: string): void;
  /** Counts a request refused for the key's quota: `api_key_quota_exceeded_total{key_prefix}`. */
  quotaExceeded(key: string): void;
  /** The prefix recorded for `key` (for a log field such as `api_key_prefix`). */
  prefix(key: string): string;
}

/**
 * API-key usage, rate-limit and quota counters, labelled by a safe short prefix of the key
 * ({@link apiKeyPrefix}); a full key never reaches a label.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link ApiKeyPrefixOptions}.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { instrumentApiKeys } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability();
 * const apiKeys = instrumentApiKeys(observability);
 * const key = 'sk_live_4f9b2c7d1e8a6f3b0c5d9e7a';
 * apiKeys.request(key);
 * apiKeys.rateLimited(key); // api_key_rate_limit_exceeded_total{key_prefix="sk_live_"} 1
 * ```
 */
export function instrumentApiKeys(
  observability: Pick<Observability, 'metrics'>,
  options: ApiKeyPrefixOptions = {},
): ApiKeyInstrumentation {
  apiKeyPrefix('validate', options);
  const { metrics } = observability;
  const prefix = (key: string): string => apiKeyPrefix(key, options);
  return {
    request: (key) => metrics.apiKeyRequestsTotal.inc({ key_prefix: prefix(key) }),
    rateLimited: (key) => metrics.apiKeyRateLimitExceededTotal.inc({ key_prefix: prefix(key) }),
    quotaExceeded: (key) => metrics.apiKeyQuotaExceededTotal.inc({ key_prefix: prefix(key) }),
    prefix,
  };
}
