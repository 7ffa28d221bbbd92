/**
 * The fields that open every line (the Contract's head): `timestamp`, `level`, `logger`,
 * `message` and `pid`. They are written by the logger itself, once. A field of the same name
 * given by the application (in a call, child bindings, a context or the `fields` option) is
 * never allowed to overwrite them (with two copies of a key, `JSON.parse` keeps the last, so
 * `{ level: 'critical', logger: 'auth' }` could forge a line): it is kept, renamed
 * `field_<name>` (`field_level`, `field_logger`, …). Nested fields of these names are left as
 * they are. A `message` field of a call that has no message of its own is that call's message.
 */
/** The name a top-level field of the application is written under: `field_<name>` for a head field. */
export function fieldName(key: string): string {
  return isHeadField(key) ? `field_${key}` : key;
}

/** Whether `key` is one of the head fields (a switch: no dictionary lookup on the hot path). */
export function isHeadField(key: string): boolean {
  switch (key) {
    case 'timestamp':
    case 'level':
    case 'logger':
    case 'message':
    case 'pid':
      return true;
    default:
      return false;
  }
}
