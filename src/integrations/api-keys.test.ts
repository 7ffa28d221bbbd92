import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { apiKeyPrefix, instrumentApiKeys } from './api-keys.js';

const KEY = 'sk_live_4f9b2c7d1e8a6f3b0c5d9e7a';

describe('apiKeyPrefix', () => {
  it('keeps a short prefix, never more than a quarter of the key', () => {
    expect(apiKeyPrefix(KEY)).toBe('sk_live_');
    expect(apiKeyPrefix('short-key')).toBe('sh');
    expect(apiKeyPrefix(KEY, { prefixLength: 3 })).toBe('sk_');
    expect(apiKeyPrefix('abc')).toBe('invalid');
    expect(apiKeyPrefix('ké y/with"odd\'chars-and-more-length')).toBe('k__y_wit');
  });

  it('refuses a prefix length that could expose a key', () => {
    expect(() => apiKeyPrefix(KEY, { prefixLength: 40 })).toThrow(/TFO_ERR_INVALID_OPTION: option `prefixLength`/);
  });
});

describe('instrumentApiKeys', () => {
  it('counts usage, rate-limit and quota events by prefix, never the full key', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const apiKeys = instrumentApiKeys(observability);
    apiKeys.request(KEY);
    apiKeys.request(KEY);
    apiKeys.rateLimited(KEY);
    apiKeys.quotaExceeded(KEY);
    const { metrics } = observability;
    expect(metrics.apiKeyRequestsTotal.value({ key_prefix: 'sk_live_' })).toBe(2);
    expect(metrics.apiKeyRateLimitExceededTotal.value({ key_prefix: 'sk_live_' })).toBe(1);
    expect(metrics.apiKeyQuotaExceededTotal.value({ key_prefix: 'sk_live_' })).toBe(1);
    expect((await observability.scrape()).body).not.toContain(KEY.slice(0, 12));
    expect(apiKeys.prefix(KEY)).toBe('sk_live_');
  });
});
