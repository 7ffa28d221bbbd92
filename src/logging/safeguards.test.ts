import { describe, expect, it } from 'vitest';
import { logCapture, parseLogLine, HEAD_KEYS } from '../../test/helpers/log-lines.js';
import { addContext, withContext } from './context.js';
import { createLogger, type Logger } from './logger.js';
import type { LoggerOptions } from './logger-options.js';

function capturing(options: LoggerOptions = {}) {
  const capture = logCapture();
  const logger = createLogger({ name: 'svc', destination: capture.destination, ...options });
  return { logger, ...capture };
}

const SECRET = 'S3cr3t-Value-42';

/** Calls a level method with any arguments (pino's types only allow what its printf expects). */
function log(logger: Logger, level: 'info' | 'error', ...args: unknown[]): void {
  (logger[level] as unknown as (...a: unknown[]) => void).apply(logger, args);
}

describe('printf-style arguments go through the same redaction and limits as fields', () => {
  const cases: [string, (log: Logger) => void][] = [
    ['%s and %o', (l) => log(l, 'info', '%s and %o', 'x', { password: SECRET })],
    ['%j', (l) => log(l, 'info', '%j', { token: SECRET })],
    ['%O', (l) => log(l, 'info', '%O', { nested: { apiKey: SECRET } })],
    ['%o in an array', (l) => log(l, 'info', '%o', [{ authorization: `Bearer ${SECRET}` }])],
    ['fields, then %j', (l) => log(l, 'info', { job: 'j-1' }, 'sent %j', { secret: SECRET })],
    ['an extra argument with no placeholder', (l) => log(l, 'info', 'sent', { password: SECRET })],
    ['%s of an object', (l) => log(l, 'info', '%s', { password: SECRET })],
    ['%s of an error with credentials', (l) => log(l, 'info', '%s', new Error(`redis://:${SECRET}@cache:6379 down`))],
    ['%j of a Map', (l) => log(l, 'info', '%j', new Map([['token', SECRET]]))],
    ['an error first, then %j', (l) => log(l, 'error', new Error('boom'), 'failed %j', { cookie: SECRET })],
  ];

  it.each(cases)('%s: no secret in the line', (_name, call) => {
    const { logger, text, lines } = capturing();
    call(logger);
    expect(lines()).toHaveLength(1);
    expect(text()).not.toContain(SECRET);
    expect(text()).toContain('[Redacted]');
  });

  it('formats like pino: %s, %d, %i, %f, %j, %o, %O and %%', () => {
    const { logger, lines } = capturing();
    log(logger, 'info', '%s|%d|%i|%f|%j|%o|%O|100%%|%x', 'a', '7', 7.9, '1.5', { a: 1 }, [1], { b: 'c' });
    log(logger, 'info', '%s and %s', 'only one');
    log(logger, 'info', 'no placeholders', 'extra', 2);
    log(logger, 'info', { k: 1 }, 'n=%d', 3n);
    expect(lines().map((line) => line.message)).toEqual([
      'a|7|7|1.5|{"a":1}|[1]|{"b":"c"}|100%|%x',
      'only one and %s',
      'no placeholders extra 2',
      'n=3',
    ]);
  });

  it('keeps circular and BigInt arguments safe', () => {
    const { logger, lines } = capturing();
    const loop: Record<string, unknown> = { id: 1n };
    loop.self = loop;
    log(logger, 'info', '%j', loop);
    expect(lines()[0]!.message).toBe('{"id":"1","self":"[Circular]"}');
  });
});

describe('fields named like the head of the line never overwrite it', () => {
  const head = { timestamp: 'forged', level: 'critical', logger: 'auth', pid: -1, message: 'forged' };
  const where: [string, (log: Logger) => void][] = [
    ['call fields', (l) => log(l, 'info', { ...head }, 'real')],
    ['child bindings', (log) => log.child({ ...head }).info('real')],
    [
      'grandchild bindings',
      (log) =>
        log
          .child({ a: 1 })
          .child({ ...head })
          .info('real'),
    ],
    [
      'setBindings',
      (log) => {
        const child = log.child({});
        child.setBindings({ ...head });
        child.info('real');
      },
    ],
    ['withContext', (log) => withContext({ ...head }, () => log.info('real'))],
    [
      'live context fields',
      (log) =>
        withContext({ request_id: 'r' }, () => {
          const live: Record<string, unknown> = {};
          for (const key of Object.keys(head))
            Object.defineProperty(live, key, { enumerable: true, get: () => head[key as keyof typeof head] });
          addContext(live);
          log.info('real');
        }),
    ],
  ];

  it.each(where)('in %s: the head is the logger’s, the fields are kept as field_<name>', (_name, call) => {
    const { logger, text } = capturing();
    call(logger);
    const line = parseLogLine(text().trim()); // throws when a head key is written twice
    expect(line).toMatchObject({ level: 'info', logger: 'svc', pid: process.pid, message: 'real' });
    expect(line.timestamp).not.toBe('forged');
    expect(line).toMatchObject({
      field_timestamp: 'forged',
      field_level: 'critical',
      field_logger: 'auth',
      field_pid: -1,
      field_message: 'forged',
    });
  });

  it('in the constant fields option', () => {
    const { logger, text } = capturing({ fields: { ...head, service: 'api' } });
    logger.info('real');
    const line = parseLogLine(text().trim());
    expect(line).toMatchObject({
      level: 'info',
      logger: 'svc',
      message: 'real',
      service: 'api',
      field_level: 'critical',
    });
  });

  it('a `message` field is the message of a call that has none, and is written once', () => {
    const { logger, lines } = capturing();
    logger.info({ message: 'from the fields', level: 'critical' });
    expect(lines()[0]).toMatchObject({ message: 'from the fields', level: 'info', field_level: 'critical' });
    expect(lines()[0]).not.toHaveProperty('field_message');
  });

  it('nested fields of those names stay as they are', () => {
    const { logger, lines } = capturing();
    logger.info({ job: { level: 'high', message: 'm', logger: 'l' } }, 'x');
    expect(lines()[0]!.job).toEqual({ level: 'high', message: 'm', logger: 'l' });
  });

  it('every head key is written exactly once whatever the fields (fuzz)', () => {
    const { logger, text } = capturing();
    const names = [...HEAD_KEYS, 'a', 'b'];
    for (let i = 0; i < 200; i++) {
      const pick = () =>
        Object.fromEntries(names.filter((_, n) => (i >> n) % 2 === 1 || n === i % 7).map((k) => [k, i]));
      const child = logger.child(pick());
      withContext(pick(), () => (i % 2 === 0 ? child.info(pick(), 'm') : child.warning(pick())));
    }
    const written = text().trim().split('\n');
    expect(written).toHaveLength(200);
    for (const raw of written) expect(parseLogLine(raw).logger).toBe('svc');
  });
});

describe('the message is cut like any string', () => {
  it('cuts a 100 kB message to the maxStringLength limit', () => {
    const { logger, lines, text } = capturing();
    logger.info('m'.repeat(100_000));
    expect(lines()[0]!.message).toBe(`${'m'.repeat(8192)}…[truncated ${100_000 - 8192} chars]`);
    expect(text().length).toBeLessThan(9000);
  });

  it.each<[string, (log: Logger) => void]>([
    ['a formatted message', (l) => log(l, 'info', '%s', 'f'.repeat(50_000))],
    ['a message field', (l) => log(l, 'info', { message: 'g'.repeat(50_000) })],
    ['an error message', (l) => log(l, 'error', new Error('h'.repeat(50_000)))],
    ['a message after fields', (l) => log(l, 'info', { a: 1 }, 'i'.repeat(50_000))],
  ])('cuts %s', (_name, call) => {
    const { logger, lines } = capturing({ serialize: { maxStringLength: 100 } });
    call(logger);
    const { message } = lines()[0]!;
    expect(message).toMatch(/^(.)\1{99}…\[truncated 49900 chars\]$/);
  });
});
