import type { Observability } from '../core/observability.js';
import { apiKeyPrefix, type ApiKeyPrefixOptions } from '../core/api-key-prefix.js';

// The prefix rule is shared with the HTTP request logging, so it lives in core (a leaf module).
export { apiKeyPrefix, type ApiKeyPrefixOptions } from '../core/api-key-prefix.js';

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
 * const observability = createObservability({ groups: ['api_keys'] });
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
