/**
 * ISO 8601 UTC timestamps with microseconds (`2025-01-19T10:30:45.123456Z`): the Contract's
 * `timestamp` field, precise enough to order the lines of one request.
 *
 * One clock read per line: the monotonic clock (`performance.now()`), anchored to the wall
 * clock, so timestamps never go backwards while the wall clock is steady. The millisecond prefix
 * is formatted once per millisecond, and that is also when the anchor is checked against
 * `Date.now()`: when the two are more than {@link MAX_DRIFT_MS} apart (the wall clock was set,
 * or the machine slept), the anchor follows the wall clock. The tolerance is wider than the
 * jitter between two clock reads on a busy machine, which must not move the anchor.
 */
let origin = performance.timeOrigin;
let cachedMs = -1;
let cachedPrefix = '';
let cachedField = '';

/**
 * `000Z` … `999Z`: the microsecond digits and the end of the timestamp. Built by the first
 * clock read, not at import: a service that logs nothing does not pay for 1,000 strings at
 * cold start.
 */
let MICROS: readonly string[] = [];

/** How far the monotonic time may stray from `Date.now()` before the anchor is reset. */
const MAX_DRIFT_MS = 20;

function anchor(monotonic: number): number {
  const wall = Date.now();
  const now = origin + monotonic;
  if (now < wall - MAX_DRIFT_MS || now > wall + MAX_DRIFT_MS) {
    origin = wall - monotonic;
    return wall;
  }
  return now;
}

/** Reads the clock, refreshes the cached prefix when the millisecond changed, returns `000Z`…`999Z`. */
function tick(): string {
  const monotonic = performance.now();
  let now = origin + monotonic;
  let ms = Math.floor(now);
  if (ms !== cachedMs) {
    if (MICROS.length === 0) MICROS = Array.from({ length: 1000 }, (_, i) => `${String(i).padStart(3, '0')}Z`);
    now = anchor(monotonic);
    ms = Math.floor(now);
    cachedMs = ms;
    cachedPrefix = new Date(ms).toISOString().slice(0, -1);
    cachedField = `,"timestamp":"${cachedPrefix}`;
  }
  return MICROS[Math.floor((now - ms) * 1000)]!;
}

/** The current time as an ISO 8601 UTC string with six fractional digits. */
export function isoMicroseconds(): string {
  const micros = tick();
  return cachedPrefix + micros;
}

/** The `,"timestamp":"…"` fragment pino writes after the level (its public `timestamp` option). */
export function timestampField(): string {
  const micros = tick();
  return cachedField + micros + '"';
}
