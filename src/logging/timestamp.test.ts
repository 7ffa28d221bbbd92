import { describe, expect, it } from 'vitest';
import { isoMicroseconds, timestampField } from './timestamp.js';

describe('timestamps', () => {
  it('are ISO 8601 UTC with microseconds, within 20 ms of the wall clock', () => {
    const before = Date.now();
    const stamp = isoMicroseconds();
    const after = Date.now();
    expect(stamp).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
    const ms = Date.parse(stamp);
    expect(ms).toBeGreaterThanOrEqual(before - 20);
    expect(ms).toBeLessThanOrEqual(after + 20);
  });

  it('never go backwards within a run of lines', () => {
    const stamps = Array.from({ length: 20_000 }, () => isoMicroseconds());
    expect([...stamps].sort()).toEqual(stamps);
  });

  it('give pino the timestamp fragment it writes after the level', () => {
    expect(timestampField()).toMatch(/^,"timestamp":"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z"$/);
  });
});
