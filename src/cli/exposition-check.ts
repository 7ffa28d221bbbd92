/*
 * Tells a metrics exposition from anything else a URL may answer with 200 (a web page, a
 * JSON document, an empty body, binary data), so `verify` says "this is not a metrics
 * exposition" instead of reporting every SDK metric as missing.
 */

/** Media types a Prometheus server scrapes. */
const EXPOSITION_TYPES = new Set(['text/plain', 'application/openmetrics-text']);

/** What a few other media types are, for the message. */
const KNOWN_TYPES: Readonly<Record<string, string>> = {
  'text/html': 'a web page',
  'application/xhtml+xml': 'a web page',
  'application/json': 'a JSON document',
  'application/problem+json': 'a JSON document',
  'application/octet-stream': 'binary data',
};

/**
 * A sample value as Prometheus reads it (Go's `strconv.ParseFloat`): decimal or hexadecimal
 * floats, and `Inf`, `Infinity` and `NaN` in any letter case, signed or not. prom-client, for
 * one, writes `Nan`.
 */
const NUMBER = String.raw`[+-]?(?:\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?|0[xX](?:[\da-fA-F]+(?:\.[\da-fA-F]*)?|\.[\da-fA-F]+)[pP][+-]?\d+|[iI][nN][fF](?:[iI][nN][iI][tT][yY])?|[nN][aA][nN])`;
/** One sample line: name, optional labels, a value, an optional timestamp, an optional OpenMetrics exemplar. */
// The `s` flag: a label value may hold any character but an unescaped line feed, U+2028, U+2029
// and \r included, which a plain `.` does not match.
const SAMPLE_LINE = new RegExp(
  String.raw`^[a-zA-Z_:][a-zA-Z0-9_:]*(?:\{.*\})?[ \t]+(?:${NUMBER})(?:[ \t]+[+-]?\d+(?:\.\d+)?)?(?:[ \t]+#.*)?[ \t]*$`,
  's',
);

/**
 * Why a response is not a Prometheus or OpenMetrics text exposition, or `undefined` when it is
 * one: a media type other than `text/plain` or `application/openmetrics-text`, an empty body,
 * or a line that is neither a comment nor a sample.
 */
export function notAnExposition(contentType: string | null, text: string): string | undefined {
  const mediaType = contentType?.split(';')[0]?.trim().toLowerCase();
  if (mediaType !== undefined && mediaType !== '' && !EXPOSITION_TYPES.has(mediaType)) {
    const what = KNOWN_TYPES[mediaType];
    return `the server answered Content-Type ${mediaType}${what === undefined ? '' : ` (${what})`}, expected text/plain or application/openmetrics-text`;
  }
  if (text.trim() === '') return 'the response is empty';
  const lines = text.split('\n');
  for (const [index, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (SAMPLE_LINE.test(line)) continue;
    const shown = JSON.stringify(line.length > 60 ? `${line.slice(0, 60)}…` : line);
    return `line ${index + 1} is neither a comment nor a sample: ${shown}`;
  }
  return undefined;
}

/** A readable reason for a failed `fetch` (the cause's system error where there is one). */
export function describeFetchError(error: unknown): string {
  const name = (error as { name?: unknown } | undefined)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return 'no answer within 10 s';
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  const code = typeof cause?.code === 'string' ? cause.code : undefined;
  const known: Record<string, string> = {
    ECONNREFUSED: 'connection refused (is the service running, on this host and port?)',
    ENOTFOUND: 'host not found',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'host unreachable',
    ETIMEDOUT: 'the connection timed out',
  };
  if (code !== undefined && known[code] !== undefined) return known[code];
  if (typeof cause?.message === 'string') return `${(error as Error).message} (${cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
