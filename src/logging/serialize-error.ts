/** What {@link serializeError} needs from the serializer that calls it. */
interface ErrorWalker {
  walk(value: unknown): unknown;
  assignFields(target: Record<string, unknown>, source: object): void;
  /** Truncates and scrubs credentials from free text. */
  text(value: string): string;
}

const HANDLED = new Set(['name', 'message', 'stack', 'cause', 'errors']);

function read(error: Error, key: string): unknown {
  try {
    return (error as unknown as Record<string, unknown>)[key];
  } catch (thrown) {
    return `[Getter threw: ${thrown instanceof Error ? thrown.message : String(thrown)}]`;
  }
}

function typeOf(error: Error): string {
  const name = read(error, 'name');
  if (typeof name === 'string' && name !== '' && name !== 'Error') return name;
  const ctor = (error as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof ctor === 'string' && ctor !== '' ? ctor : 'Error';
}

/**
 * An error as a line writes it: `type`, `message`, `stack`, then its own fields (`code`,
 * `statusCode`, …, redacted), its `cause` (recursively) and an AggregateError's `errors`.
 * Credentials in the message and stack text are scrubbed.
 */
export function serializeError(error: Error, walker: ErrorWalker): Record<string, unknown> {
  const message = read(error, 'message');
  const stack = read(error, 'stack');
  const out: Record<string, unknown> = {
    type: typeOf(error),
    message: typeof message === 'string' ? walker.text(message) : walker.walk(message),
  };
  if (typeof stack === 'string') out.stack = walker.text(stack);
  const extra: Record<string, unknown> = {};
  walker.assignFields(extra, error);
  for (const key of Object.keys(extra)) if (!HANDLED.has(key)) out[key] = extra[key];
  if (Object.prototype.hasOwnProperty.call(error, 'cause')) {
    const cause = walker.walk(read(error, 'cause'));
    if (cause !== undefined) out.cause = cause;
  }
  const errors = read(error, 'errors');
  if (Array.isArray(errors)) out.errors = walker.walk(errors);
  return out;
}
