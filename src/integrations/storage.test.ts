import { describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../test/helpers/exposition.js';
import { createObservability } from '../create-observability.js';
import { instrumentStorage } from './storage.js';

describe('instrumentStorage', () => {
  it('times sync and async operations, counts outcomes and bytes moved', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false });
    const storage = instrumentStorage(observability, { backend: 'local' });
    expect(storage.time('write', () => 'written', { bytes: 1024 })).toBe('written');
    const data = await storage.time('read', async () => Buffer.alloc(300), { bytes: (buffer) => buffer.length });
    expect(data.length).toBe(300);
    await expect(storage.time('read', () => Promise.reject(new Error('ENOENT')), { bytes: 999 })).rejects.toThrow(
      'ENOENT',
    );
    expect(() =>
      storage.time('delete', () => {
        throw new Error('EACCES');
      }),
    ).toThrow('EACCES');

    const s = parseExposition((await observability.scrape()).body);
    const b = { backend: 'local' };
    expect(sampleValue(s, 'storage_operations_total', { ...b, operation: 'write', outcome: 'success' })).toBe(1);
    expect(sampleValue(s, 'storage_operations_total', { ...b, operation: 'read', outcome: 'success' })).toBe(1);
    expect(sampleValue(s, 'storage_operations_total', { ...b, operation: 'read', outcome: 'error' })).toBe(1);
    expect(sampleValue(s, 'storage_operations_total', { ...b, operation: 'delete', outcome: 'error' })).toBe(1);
    expect(sampleValue(s, 'storage_transferred_bytes_total', { ...b, operation: 'write' })).toBe(1024);
    expect(sampleValue(s, 'storage_transferred_bytes_total', { ...b, operation: 'read' })).toBe(300);
    expect(sampleValue(s, 'storage_operation_duration_seconds_count', { ...b, operation: 'read' })).toBe(2);
  });

  it('sets the used and quota gauges, directly or at scrape time, keeping the last values on failure', async () => {
    const observability = createObservability({ groups: 'all', defaultMetrics: false, collectTimeoutMs: 100 });
    const storage = instrumentStorage(observability, { backend: 's3' });
    storage.setUsage({ usedBytes: 10, quotaBytes: 100 });
    let usage: { usedBytes: number; quotaBytes: number } | Error = { usedBytes: 40, quotaBytes: 100 };
    let reads = 0;
    storage.collectUsage(async () => {
      reads++;
      if (usage instanceof Error) throw usage;
      return usage;
    });
    let s = parseExposition((await observability.scrape()).body);
    expect(sampleValue(s, 'storage_used_bytes', { backend: 's3' })).toBe(40);
    expect(sampleValue(s, 'storage_quota_bytes', { backend: 's3' })).toBe(100);
    expect(reads).toBe(1);

    usage = new Error('bucket unreachable');
    await observability.scrape();
    s = parseExposition((await observability.scrape()).body);
    expect(sampleValue(s, 'storage_used_bytes', { backend: 's3' })).toBe(40);
    expect(sampleValue(s, 'observability_collect_errors_total', { metric: 'storage_used_bytes' })).toBeGreaterThan(0);
  });
});
