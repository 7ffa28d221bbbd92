import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../examples/transcode-service/src/config.js';

/* Every duration variable of the example works from its minimum to 2^31-1 ms or is refused at start, naming the variable. */

const DURATIONS: readonly [string, number][] = [
  ['JOB_TIMEOUT_MS', 1],
  ['SHUTDOWN_TIMEOUT_MS', 0],
  ['WEBHOOK_TIMEOUT_MS', 1],
  ['WEBHOOK_BASE_DELAY_MS', 0],
];

describe('the example refuses durations a timer cannot wait for', () => {
  for (const [name, min] of DURATIONS) {
    it.each(['-5', 'NaN', 'Infinity', 'abc', '1.5', String(2 ** 31), String(30 * 24 * 3600 * 1000), String(min - 1)])(
      `${name}=%s is refused, naming ${name}`,
      (value) => {
        expect(() => loadConfig({ [name]: value }, [])).toThrow(
          new RegExp(`^${name} is "${value.replace('.', '\\.')}"`),
        );
      },
    );
    it.each([String(min), String(2 ** 31 - 1)])(`${name}=%s is accepted`, (value) => {
      expect(() => loadConfig({ [name]: value }, [])).not.toThrow();
    });
  }
});
