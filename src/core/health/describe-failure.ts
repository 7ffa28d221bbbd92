import { createRedactor } from '../../logging/redaction.js';

/** Longest error text a check result carries; longer texts are cut and end in `…`. */
const MAX_ERROR_LENGTH = 500;
/** Only this much of a message is scrubbed (the scrubber's patterns are linear per match, not per text). */
const SCRUB_WINDOW = 8192;
/** What a check that threw something unreadable reports. */
const UNREADABLE = 'check failed with a value that cannot be read';

const scrubber = createRedactor(undefined);

function text(thrown: unknown): string {
  if (typeof thrown === 'string') return thrown;
  if (typeof thrown === 'symbol') return thrown.toString();
  if (typeof thrown === 'object' && thrown !== null) {
    // Reading a property may run a getter or a Proxy trap that throws: the caller catches it.
    const message = (thrown as { message?: unknown }).message;
    if (typeof message === 'string' && message !== '') return message;
    if (thrown instanceof Error) {
      const name = thrown.name;
      return typeof name === 'string' && name !== '' ? name : 'Error';
    }
  }
  return String(thrown);
}

/**
 * The error text of a failed check: the message of whatever it threw or rejected with, with
 * credentials replaced as in the logs (`postgres://app:[Redacted]@db`, `Bearer [Redacted]`,
 * `password=[Redacted]`) and cut to {@link MAX_ERROR_LENGTH} characters. Never throws, whatever
 * the value: getters, `toString` and Proxy traps that throw give a fixed text instead.
 */
export function describeFailure(thrown: unknown): string {
  let raw: string;
  try {
    raw = text(thrown);
  } catch {
    return UNREADABLE;
  }
  if (typeof raw !== 'string' || raw === '') return 'check failed';
  const scrubbed = scrubber.scrubText(raw.length > SCRUB_WINDOW ? raw.slice(0, SCRUB_WINDOW) : raw);
  return scrubbed.length > MAX_ERROR_LENGTH ? `${scrubbed.slice(0, MAX_ERROR_LENGTH - 1)}…` : scrubbed;
}
