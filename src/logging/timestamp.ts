/**
 * ISO 8601 UTC timestamps with microseconds (`2025-01-19T10:30:45.123456Z`), as in the report.
 *
 * The sub-millisecond part comes from the monotonic clock, anchored to the wall clock; when the
 * two drift apart by more than a millisecond (NTP step, suspend) the anchor is reset, so a line
 * is never more than 1 ms away from `Date.now()`. The millisecond prefix is cached, so most
 * lines cost one `performance.now()`, one `Date.now()` and a string concatenation.
 */
let origin = performance.timeOrigin;
let cachedMs = -1;
let cachedPrefix = '';

/** The current time as an ISO 8601 UTC string with six fractional digits. */
export function isoMicroseconds(): string {
  const monotonic = performance.now();
  const wall = Date.now();
  let now = origin + monotonic;
  if (now < wall - 1 || now > wall + 1) {
    origin = wall - monotonic;
    now = wall;
  }
  const ms = Math.floor(now);
  if (ms !== cachedMs) {
    cachedMs = ms;
    cachedPrefix = new Date(ms).toISOString().slice(0, -1);
  }
  const micros = Math.floor((now - ms) * 1000);
  return cachedPrefix + (micros < 10 ? '00' : micros < 100 ? '0' : '') + micros + 'Z';
}
