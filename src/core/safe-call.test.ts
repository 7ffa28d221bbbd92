import { describe, expect, it } from 'vitest';
import { callSafely } from './safe-call.js';

describe('callSafely', () => {
  it('passes the arguments and returns after the callback ran', () => {
    const seen: unknown[] = [];
    callSafely((a: number, b: string) => void seen.push(a, b), 1, 'x');
    expect(seen).toEqual([1, 'x']);
  });

  it.each([
    [
      'throws an Error',
      () => {
        throw new Error('boom');
      },
    ],
    [
      'throws a non-Error',
      () => {
        throw 'text';
      },
    ],
    ['returns a rejected promise', () => Promise.reject(new Error('later'))],
    [
      'is an async function that throws',
      async () => {
        throw new Error('async');
      },
    ],
  ])('keeps a callback that %s away from the caller', async (_name, fn) => {
    const unhandled: unknown[] = [];
    const record = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', record);
    try {
      expect(() => callSafely(fn)).not.toThrow();
      await new Promise((resolve) => setImmediate(resolve));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', record);
    }
  });

  it('skips a missing callback', () => {
    expect(() => callSafely(undefined)).not.toThrow();
  });
});
