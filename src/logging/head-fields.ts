/**
 * The fields that open every line (the Contract's head): `timestamp`, `level`, `logger`,
 * `message` and `pid`. They are written by the logger itself, once. A field of the same name
 * given by the application (in a call, child bindings, a context or the `fields` option) is
 * never allowed to overwrite them (with two copies of a key, `JSON.parse` keeps the last, so
 * `{ level: 'critical', logger: 'auth' }` could forge a line): it is kept, renamed
 * `field_<name>` (`field_level`, `field_logger`, …). Nested fields of these names are left as
 * they are. A `message` field of a call that has no message of its own is that call's message.
 */
const HEAD: Readonly<Record<string, string>> = Object.freeze(
  Object.assign(Object.create(null) as Record<string, string>, {
    timestamp: 'field_timestamp',
    level: 'field_level',
    logger: 'field_logger',
    message: 'field_message',
    pid: 'field_pid',
  }),
);

/** The name a top-level field of the application is written under: `field_<name>` for a head field. */
export function fieldName(key: string): string {
  return HEAD[key] ?? key;
}

/** Whether `key` is one of the head fields. */
export function isHeadField(key: string): boolean {
  return HEAD[key] !== undefined;
}
