/**
 * The `method` label value of requests whose method is outside {@link KNOWN_METHODS}, so that
 * no client can create series by sending made-up methods.
 */
const OTHER_METHOD = 'OTHER';

/** Methods recorded under their own name; every other method is recorded as {@link OTHER_METHOD}. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'PATCH',
  'DELETE',
  'OPTIONS',
  'TRACE',
  'CONNECT',
]);

/** The bounded `method` label of a request method (upper-cased by Node's parser). */
export function methodLabel(method: string | undefined): string {
  return method !== undefined && KNOWN_METHODS.has(method) ? method : OTHER_METHOD;
}
