import { invalidOption } from '../core/errors.js';

/**
 * The key names redacted by default, at any depth: a key matches when, lower-cased and with
 * `-` and `_` removed, it equals or ends with one of these (so `Authorization`,
 * `proxy-authorization`, `x-api-key`, `api_key`, `apiKey`, `client_secret`, `accessToken`,
 * `db_password`, `Set-Cookie` all match, while `tokenCount` does not).
 *
 * @example
 * ```ts
 * import { createLogger, DEFAULT_REDACTED_KEYS } from '@transcode-flow/observability';
 *
 * createLogger({ redact: { keys: [...DEFAULT_REDACTED_KEYS, 'ssn'], defaults: false } });
 * ```
 */
export const DEFAULT_REDACTED_KEYS: readonly string[] = Object.freeze([
  'authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
  'password',
  'secret',
  'token',
  'apiKey',
]);

/** The value written in place of a redacted one, unless {@link RedactOptions.censor} says otherwise. */
const DEFAULT_CENSOR = '[Redacted]';

/**
 * Redaction settings of the `redact` option of `createLogger`. Passing an array is short for
 * `{ keys: array }` (added to the defaults).
 *
 * @example
 * ```ts
 * import { createLogger, type RedactOptions } from '@transcode-flow/observability';
 *
 * const redact: RedactOptions = { keys: ['ssn', 'iban'], censor: '***' };
 * createLogger({ redact });
 * ```
 */
export interface RedactOptions {
  /** Key names to redact, matched as described in {@link DEFAULT_REDACTED_KEYS}. Default: `[]`. */
  keys?: readonly string[];
  /** Keep {@link DEFAULT_REDACTED_KEYS} and add `keys` to them (`true`), or use `keys` alone (`false`). Default: `true`. */
  defaults?: boolean;
  /** The value written instead of a secret. Default: `'[Redacted]'`. */
  censor?: string;
}

/** Decides, per key name, whether a value is a secret. */
export interface Redactor {
  readonly censor: string;
  isSecret(key: string): boolean;
  /** Replaces credentials inside free text (error messages and stacks). */
  scrubText(text: string): string;
}

const CACHE_LIMIT = 2048;
/** Credentials inside free text: the first group is kept, the rest replaced by the censor. */
const CREDENTIALS_IN_TEXT: readonly RegExp[] = [
  // Authorization: Bearer <token> / Basic <credentials>
  /\b((?:bearer|basic)\s+)[A-Za-z0-9._~+/=-]{4,}/gi,
  // password=..., token=..., api_key=... in query strings and messages
  /\b((?:password|passwd|pwd|secret|token|access_token|api[_-]?key)=)[^&\s"']+/gi,
];

/**
 * `scheme://user:` and the rest of the URL's authority (up to a `/` or a space): the password is
 * what lies between that colon and the last `@` of the authority. The user name may be empty
 * (`redis://:pw@cache`) and the password may hold `@`, `?` or `#`. Found without backtracking
 * (one greedy run, then `lastIndexOf`), so a hostile text costs linear time.
 */
const URL_AUTHORITY = /(\/\/[^/\s:@]*:)([^\s/]*)/g;

function scrubUrlPasswords(text: string, censor: string): string {
  return text.replace(URL_AUTHORITY, (match, kept: string, rest: string) => {
    const at = rest.lastIndexOf('@');
    return at <= 0 ? match : kept + censor + rest.slice(at);
  });
}

function normalize(key: string): string {
  return key.toLowerCase().replace(/[-_]/g, '');
}

function resolveKeys(value: RedactOptions | readonly string[] | undefined): { keys: string[]; censor: string } {
  if (value === undefined) return { keys: [...DEFAULT_REDACTED_KEYS], censor: DEFAULT_CENSOR };
  const options: RedactOptions = Array.isArray(value) ? { keys: value as readonly string[] } : (value as RedactOptions);
  if (typeof options !== 'object' || options === null) {
    throw invalidOption(
      'redact',
      `is ${JSON.stringify(value)}`,
      'an array of key names or { keys?, defaults?, censor? }',
    );
  }
  const keys = options.keys ?? [];
  if (!Array.isArray(keys) || keys.some((key) => typeof key !== 'string' || normalize(key) === '')) {
    throw invalidOption('redact.keys', `is ${JSON.stringify(keys)}`, 'an array of non-empty key names such as ["ssn"]');
  }
  if (options.defaults !== undefined && typeof options.defaults !== 'boolean') {
    throw invalidOption('redact.defaults', `is ${JSON.stringify(options.defaults)}`, 'true or false');
  }
  if (options.censor !== undefined && typeof options.censor !== 'string') {
    throw invalidOption('redact.censor', `is ${JSON.stringify(options.censor)}`, 'a string such as "[Redacted]"');
  }
  const base = options.defaults === false ? [] : DEFAULT_REDACTED_KEYS;
  return { keys: [...base, ...keys], censor: options.censor ?? DEFAULT_CENSOR };
}

/**
 * Builds the redactor of a logger. `false` turns redaction off entirely.
 *
 * @throws ObservabilityError `TFO_ERR_INVALID_OPTION` when the option is malformed.
 */
export function createRedactor(option: RedactOptions | readonly string[] | false | undefined): Redactor {
  if (option === false) {
    return { censor: DEFAULT_CENSOR, isSecret: () => false, scrubText: (text) => text };
  }
  const { keys, censor } = resolveKeys(option);
  const suffixes = [...new Set(keys.map(normalize))];
  // A null-prototype dictionary: the fastest lookup for the few key names an application uses.
  let cache: Record<string, boolean> = Object.create(null) as Record<string, boolean>;
  let cached = 0;
  return {
    censor,
    isSecret(key) {
      let secret = cache[key];
      if (secret === undefined) {
        const normalized = normalize(key);
        secret = suffixes.some((suffix) => normalized.endsWith(suffix));
        if (++cached > CACHE_LIMIT) {
          cache = Object.create(null) as Record<string, boolean>;
          cached = 1;
        }
        cache[key] = secret;
      }
      return secret;
    },
    scrubText(text) {
      let scrubbed = text.includes('//') ? scrubUrlPasswords(text, censor) : text;
      for (const pattern of CREDENTIALS_IN_TEXT) {
        scrubbed = scrubbed.replace(pattern, (_match, kept: string) => kept + censor);
      }
      return scrubbed;
    },
  };
}
