import { invalidOption } from './errors.js';

/** Options of {@link apiKeyPrefix} (and of `instrumentApiKeys`). */
export interface ApiKeyPrefixOptions {
  /** Longest prefix kept, in characters (1 to 12). Default: `8` (e.g. `sk_live_`). */
  prefixLength?: number;
}

/**
 * The safe, short prefix of an API key used as the `key_prefix` label and the
 * `api_key_prefix` log field: at most `prefixLength` characters and never more than a quarter
 * of the key, so even a short key is never exposed; characters other than letters, digits, `_`
 * and `-` become `_`. Keys of fewer than 4 characters give `invalid`. A pure function with no
 * imports but the errors, so that both the HTTP request logging and the API-key counters use
 * the one rule.
 *
 * @param key - The full API key; it is not kept.
 * @param options - See {@link ApiKeyPrefixOptions}.
 * @returns The prefix.
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when `prefixLength` is not a whole number from 1 to 12.
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
