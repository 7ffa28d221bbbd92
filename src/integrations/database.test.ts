import { describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { timeQuery } from './database.js';

describe('timeQuery', () => {
  it('records sync and async queries by operation and outcome, and rethrows failures', async () => {
    const observability = createObservability({ defaultMetrics: false });
    expect(timeQuery(observability, 'select', () => [1, 2])).toEqual([1, 2]);
    await expect(timeQuery(observability, 'select', async () => 'row')).resolves.toBe('row');
    await expect(
      timeQuery(observability, 'insert', () => Promise.reject(new Error('unique violation'))),
    ).rejects.toThrow('unique violation');
    expect(() =>
      timeQuery(observability, 'update', () => {
        throw new Error('syntax');
      }),
    ).toThrow('syntax');
    const h = observability.metrics.dbQueryDurationSeconds;
    expect(h.value({ operation: 'select', outcome: 'success' }).count).toBe(2);
    expect(h.value({ operation: 'insert', outcome: 'error' }).count).toBe(1);
    expect(h.value({ operation: 'update', outcome: 'error' }).count).toBe(1);
  });
});
