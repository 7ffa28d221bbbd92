import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { instrumentCache } from './cache.js';

describe('instrumentCache', () => {
  it('counts hits, misses, sets, deletes and errors for sync and async calls', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const store = new Map<string, string>([['a', '1']]);
    const cache = instrumentCache(observability, { cache: 'memory' });
    expect(cache.get(() => store.get('a'))).toBe('1');
    expect(await cache.get(async () => store.get('missing'))).toBeUndefined();
    cache.set(() => store.set('b', '2'));
    await cache.delete(async () => store.delete('b'));
    await expect(cache.get(() => Promise.reject(new Error('ECONNRESET')))).rejects.toThrow('ECONNRESET');
    cache.hit();
    const count = (operation: string) =>
      observability.metrics.cacheOperationsTotal.value({ cache: 'memory', operation });
    expect([count('hit'), count('miss'), count('set'), count('delete'), count('error')]).toEqual([2, 1, 1, 1, 1]);
    const duration = observability.metrics.cacheOperationDurationSeconds;
    expect(duration.value({ cache: 'memory', operation: 'get' }).count).toBe(3);
  });

  it('takes a custom hit test', () => {
    const observability = createObservability({ defaultMetrics: false });
    const cache = instrumentCache(observability, { isHit: (value) => value !== false });
    cache.get(() => false);
    expect(observability.metrics.cacheOperationsTotal.value({ cache: 'default', operation: 'miss' })).toBe(1);
  });
});
