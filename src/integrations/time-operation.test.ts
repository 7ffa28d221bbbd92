import { describe, expect, it } from 'vitest';
import { errorReason, type OperationOutcome, timeOperation } from './time-operation.js';

describe('timeOperation', () => {
  it('keeps a sync function sync and records its value', () => {
    const outcomes: OperationOutcome<number>[] = [];
    const result = timeOperation(
      () => 42,
      (outcome) => outcomes.push(outcome),
    );
    expect(result).toBe(42);
    expect(outcomes).toEqual([{ ok: true, value: 42, seconds: expect.any(Number) }]);
  });

  it('records and rethrows what a sync function throws', () => {
    const outcomes: OperationOutcome<never>[] = [];
    const error = new Error('boom');
    expect(() =>
      timeOperation(
        () => {
          throw error;
        },
        (outcome) => outcomes.push(outcome),
      ),
    ).toThrow(error);
    expect(outcomes).toEqual([{ ok: false, error, seconds: expect.any(Number) }]);
  });

  it('records an async function once it settles, either way', async () => {
    const outcomes: OperationOutcome<string>[] = [];
    const record = (outcome: OperationOutcome<string>) => outcomes.push(outcome);
    await expect(
      timeOperation(() => new Promise<string>((resolve) => setTimeout(() => resolve('ok'), 20)), record),
    ).resolves.toBe('ok');
    await expect(timeOperation(() => Promise.reject(new Error('no')), record)).rejects.toThrow('no');
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(outcomes[0]!.seconds).toBeGreaterThanOrEqual(0.015);
  });

  it('never lets a recorder that throws change the result', async () => {
    const broken = () => {
      throw new Error('recorder bug');
    };
    expect(timeOperation(() => 1, broken)).toBe(1);
    await expect(timeOperation(async () => 2, broken)).resolves.toBe(2);
  });
});

describe('errorReason', () => {
  it('gives a short code or class name, never the message', () => {
    expect(errorReason(Object.assign(new Error('at /secret/path'), { code: 'ENOENT' }))).toBe('ENOENT');
    expect(errorReason(new RangeError('x'))).toBe('RangeError');
    expect(errorReason(Object.assign(new Error('x'), { code: 'a code with spaces' }))).toBe('Error');
    expect(errorReason('a string')).toBe('error');
    expect(errorReason(null)).toBe('error');
  });
});
