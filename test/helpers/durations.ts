/** A day in milliseconds. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Values every duration option must refuse with TFO_ERR_INVALID_OPTION (a label for the test name,
 * then the value): not a number, not finite, below 1 ms, or past 2^31-1 ms, which a Node timer
 * cannot wait for (it fires after 1 ms instead).
 */
export const REFUSED_DURATIONS: readonly [string, unknown][] = [
  ['0', 0],
  ['-5', -5],
  ['NaN', NaN],
  ['Infinity', Infinity],
  ["'abc'", 'abc'],
  ['2**31', 2 ** 31],
  ['30 days', 30 * DAY_MS],
];
