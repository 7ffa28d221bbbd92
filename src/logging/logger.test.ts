import { hostname } from 'node:os';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { logCapture } from '../../test/helpers/log-lines.js';
import { addContext, withContext } from './context.js';
import { getLogger, setDefaultLogger } from './default-logger.js';
import { createLogger } from './logger.js';
import type { LoggerOptions } from './logger-options.js';

function capturing(options: LoggerOptions = {}) {
  const capture = logCapture();
  const logger = createLogger({ name: 'transcoder.api', destination: capture.destination, ...options });
  return { logger, lines: capture.lines, text: capture.text };
}

/**
 * The keys of each line, sorted: the Contract fixes the fields of a line, not their order (pino
 * writes the message last; see line.ts).
 */
const keysOf = (lines: readonly object[]) => lines.map((line) => Object.keys(line).sort());
/** `keys` sorted like {@link keysOf}. */
const sorted = (keys: readonly (readonly string[])[]) => keys.map((list) => [...list].sort());

describe('createLogger: the report line', () => {
  it('writes timestamp, level, logger, message and pid, with extra fields flat', () => {
    const { logger, lines } = capturing();
    logger.info({ job_id: 'abc123', output: { resolution: '720p' } }, 'Job created successfully');
    const [line] = lines();
    expect(line).toMatchObject({
      level: 'info',
      logger: 'transcoder.api',
      message: 'Job created successfully',
      pid: process.pid,
      job_id: 'abc123',
      output: { resolution: '720p' },
    });
    expect(Math.abs(Date.parse(line!.timestamp) - Date.now())).toBeLessThan(5000);
  });

  it('writes the head fields once, with the context and extra fields flat, through pino’s public options', () => {
    const { logger, lines, text } = capturing();
    logger.info({ job_id: 'abc123', output: '720p' }, 'Job created successfully');
    expect(text()).toMatch(
      /^\{"level":"info","timestamp":"[^"]+","logger":"transcoder\.api","pid":\d+,"job_id":"abc123","output":"720p","message":"Job created successfully"\}\n$/,
    );
    expect(keysOf(lines())).toEqual(sorted([['timestamp', 'level', 'logger', 'message', 'pid', 'job_id', 'output']]));
  });

  it('writes constant fields, child bindings, context (fixed and live), errors and caller once each', () => {
    const { logger, lines } = capturing({ fields: { service: 'api' }, threadId: true, hostname: true, caller: true });
    const child = logger.child({ component: 'ffmpeg' });
    withContext({ request_id: 'r-1' }, () => {
      addContext(
        Object.defineProperty({}, 'route', { get: () => '/jobs/:jobId', enumerable: true }) as Record<string, unknown>,
      );
      child.error({ error: new Error('exit 1'), job_id: 'abc123' }, 'transcode failed');
      child.error(new Error('exit 2'));
    });
    const head = ['timestamp', 'level', 'logger', 'message', 'pid', 'hostname', 'thread_id', 'service', 'component'];
    expect(keysOf(lines())).toEqual(
      sorted([
        [...head, 'request_id', 'route', 'file', 'line', 'function', 'error', 'job_id'],
        [...head, 'request_id', 'route', 'file', 'line', 'function', 'error'],
      ]),
    );
    expect(lines().map((l) => l.message)).toEqual(['transcode failed', 'exit 2']);
  });

  it('writes a `message` field as the message of a call that has none, and never twice', () => {
    const { logger, lines, text } = capturing();
    logger.info({ message: 'from the fields', queue: 'transcode' });
    logger.info({ message: 'kept apart', queue: 'transcode' }, 'from the call');
    logger.info({ message: { nested: true } });
    logger.info(42 as unknown as string);
    expect(lines().map((l) => l.message)).toEqual(['from the fields', 'from the call', '{"nested":true}', '42']);
    expect(keysOf(lines().slice(0, 2))).toEqual(
      sorted([
        ['timestamp', 'level', 'logger', 'message', 'pid', 'queue'],
        ['timestamp', 'level', 'logger', 'message', 'pid', 'field_message', 'queue'],
      ]),
    );
    expect(lines()[1]!.field_message).toBe('kept apart');
    expect(text().match(/"message":/g)).toHaveLength(4);
  });

  it('cuts a long constant field once', () => {
    const { logger, lines } = capturing({ fields: { note: 'x'.repeat(9000) } });
    logger.info('x');
    expect(lines()[0]!.note).toBe(`${'x'.repeat(8192)}…[truncated 808 chars]`);
  });

  it('keeps constant fields named like the head of the line as field_<name>, never over the head', () => {
    const { logger, lines } = capturing({ fields: { logger: 'other', message: 'm', service: 'api' } });
    logger.info('x');
    expect(keysOf(lines())).toEqual(
      sorted([['timestamp', 'level', 'logger', 'message', 'pid', 'field_logger', 'field_message', 'service']]),
    );
    expect(lines()[0]).toMatchObject({
      logger: 'transcoder.api',
      message: 'x',
      field_logger: 'other',
      field_message: 'm',
    });
  });

  it('escapes the message and the logger name', () => {
    const capture = logCapture();
    const logger = createLogger({ name: 'a"b\\c', destination: capture.destination });
    const message = 'quote " backslash \\ newline \n tab \t lone \ud800 emoji 🎬 ' + 'long '.repeat(30);
    logger.info(message);
    logger.info('%s and %d', 'formatted', 42);
    expect(capture.lines().map((l) => [l.logger, l.message])).toEqual([
      ['a"b\\c', message],
      ['a"b\\c', 'formatted and 42'],
    ]);
  });

  it('has debug, info, warning, error and critical, with warn and fatal as aliases', () => {
    const { logger, lines } = capturing({ level: 'trace' });
    logger.trace('t');
    logger.debug('d');
    logger.info('i');
    logger.warning('w1');
    logger.warn('w2');
    logger.error('e');
    logger.critical('c1');
    logger.fatal('c2');
    expect(lines().map((l) => [l.level, l.message])).toEqual([
      ['trace', 't'],
      ['debug', 'd'],
      ['info', 'i'],
      ['warning', 'w1'],
      ['warning', 'w2'],
      ['error', 'e'],
      ['critical', 'c1'],
      ['critical', 'c2'],
    ]);
  });

  it('filters by level, accepting the report names for the option and at runtime', () => {
    const { logger, lines } = capturing({ level: 'warning' });
    logger.info('dropped');
    logger.warning('kept');
    expect(logger.isLevelEnabled('warning')).toBe(true);
    logger.level = 'critical';
    logger.error('dropped too');
    logger.critical('kept too');
    expect(lines().map((l) => l.message)).toEqual(['kept', 'kept too']);
  });

  it('keeps warning and critical on child loggers, with their bindings', () => {
    const { logger, lines } = capturing();
    logger.child({ component: 'ffmpeg' }).warning('slow encode');
    expect(lines()[0]).toMatchObject({ level: 'warning', component: 'ffmpeg', message: 'slow encode' });
    expect(keysOf(lines())).toEqual(sorted([['timestamp', 'level', 'logger', 'message', 'pid', 'component']]));
  });

  it('writes a message on every line, empty when only fields are given', () => {
    const { logger, lines } = capturing();
    logger.info({ queue: 'transcode' });
    (logger.info as (...args: unknown[]) => void)();
    expect(lines().map((l) => l.message)).toEqual(['', '']);
  });

  it('takes the message of an error logged alone, and writes the error under `error`', () => {
    const { logger, lines } = capturing();
    logger.error(new RangeError('bitrate out of range'));
    expect(lines()[0]).toMatchObject({
      level: 'error',
      message: 'bitrate out of range',
      error: { type: 'RangeError', message: 'bitrate out of range' },
    });
  });

  it('adds the context fields, the call fields winning over them', () => {
    const { logger, lines } = capturing();
    withContext({ request_id: 'r-1', route: '/jobs' }, () => logger.info({ route: '/jobs/:jobId', job_id: 'j' }, 'x'));
    expect(lines()[0]).toMatchObject({ request_id: 'r-1', route: '/jobs/:jobId' });
    expect(keysOf(lines())).toEqual(
      sorted([['timestamp', 'level', 'logger', 'message', 'pid', 'request_id', 'route', 'job_id']]),
    );
  });

  it('leaves the context out with context: false', () => {
    const { logger, lines } = capturing({ context: false });
    withContext({ request_id: 'r-1' }, () => logger.info('x'));
    expect(lines()[0]).not.toHaveProperty('request_id');
  });

  it('adds constant fields, thread id and hostname on request', () => {
    const { logger, lines } = capturing({ fields: { service: 'api' }, threadId: true, hostname: true });
    logger.info('x');
    expect(lines()[0]).toMatchObject({ service: 'api', thread_id: 0, hostname: hostname() });
  });

  it('adds the caller file, line and function on request', () => {
    const { logger, lines } = capturing({ caller: true });
    function submitJob() {
      logger.info('submitted');
      logger.critical('via alias');
    }
    submitJob();
    const [first, second] = lines();
    expect(first).toMatchObject({ file: import.meta.filename, function: 'submitJob' });
    expect(second!.line).toBe((first!.line as number) + 1);
    expect(second!.file).toBe(import.meta.filename);
  });

  it('writes a field that cannot be read as a note, not a throw', () => {
    const { logger, lines } = capturing();
    const hostile = {
      get error(): never {
        throw new Error('hostile getter');
      },
    };
    expect(() => logger.info(hostile)).not.toThrow();
    expect(lines()[0]).toMatchObject({ level: 'info', error: '[Getter threw: hostile getter]' });
  });

  it('writes a line instead of throwing when the arguments themselves cannot be read', () => {
    const { logger, lines } = capturing();
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error('hostile proxy');
        },
      },
    );
    expect(() => logger.info(hostile, 'lost')).not.toThrow();
    expect(lines()[0]).toMatchObject({
      level: 'info',
      log_error: { type: 'Error', message: 'hostile proxy' },
      message: 'a log line could not be written as given; its fields were dropped',
    });
  });
});

describe('child loggers: bindings are written like the fields of a call', () => {
  /** A circular object, as a request or a socket often is. */
  function circular() {
    const job: Record<string, unknown> = { id: 'abc123' };
    job.self = job;
    return job;
  }

  it('redacts secret keys of the bindings, at the top and nested, and leaves no secret in the text', () => {
    const { logger, lines, text } = capturing();
    logger
      .child({
        password: 'p4ss',
        db: { host: 'db', db_password: 'dbpw' },
        headers: { Authorization: 'Bearer abcdef', accept: '*/*' },
        list: [{ token: 'tkn' }],
      })
      .info('bound');
    expect(lines()[0]).toMatchObject({
      message: 'bound',
      password: '[Redacted]',
      db: { host: 'db', db_password: '[Redacted]' },
      headers: { Authorization: '[Redacted]', accept: '*/*' },
      list: [{ token: '[Redacted]' }],
    });
    expect(text()).not.toMatch(/p4ss|dbpw|abcdef|tkn/);
  });

  it('follows the redact option and the serialize limits', () => {
    const { logger, lines } = capturing({
      redact: { keys: ['ssn'], censor: '***' },
      serialize: { maxStringLength: 4 },
    });
    logger.child({ ssn: '123', client_secret: 's', note: 'abcdefgh' }).info('x');
    expect(lines()[0]).toMatchObject({ ssn: '***', client_secret: '***', note: 'abcd…[truncated 4 chars]' });
  });

  it('writes BigInt as a string, circular objects, Errors, Buffers and throwing getters safely', () => {
    const { logger, lines } = capturing();
    const hostile = Object.defineProperty({}, 'size', {
      enumerable: true,
      get(): never {
        throw new Error('hostile getter');
      },
    });
    const failure = new Error('connect postgres://app:hunter2@db:5432/jobs failed', { cause: new Error('refused') });
    logger
      .child({
        big: 1n,
        nested: { big: 2n },
        job: circular(),
        error: failure,
        err: new TypeError('bad input'),
        buffer: Buffer.from('hi'),
        hostile,
      })
      .info('bound');
    const [line] = lines();
    expect(line).toMatchObject({
      big: '1',
      nested: { big: '2' },
      job: { id: 'abc123', self: '[Circular]' },
      error: {
        type: 'Error',
        message: 'connect postgres://app:[Redacted]@db:5432/jobs failed',
        cause: { type: 'Error', message: 'refused' },
      },
      err: { type: 'TypeError', message: 'bad input' },
      buffer: { type: 'Buffer', size: 2, preview: '6869' },
      hostile: { size: '[Getter threw: hostile getter]' },
    });
    expect((line!.error as { stack: unknown }).stack).toEqual(expect.stringContaining('connect postgres://app:'));
    expect(JSON.stringify(line)).not.toContain('hunter2');
  });

  it('makes the bindings of grandchildren safe too, with the context after them', () => {
    const { logger, lines, text } = capturing();
    const grandchild = logger
      .child({ component: 'ffmpeg', password: 'p1' })
      .child({ token: 't2', big: 3n })
      .child({ job: { secret: 's3', size: 4n } }, { level: 'debug' });
    grandchild.debug('deep');
    withContext({ request_id: 'r-1', apiKey: 'k4', big: 5n, job: circular() }, () =>
      grandchild.info({ output: '720p' }, 'in context'),
    );
    expect(lines()[0]).toMatchObject({
      message: 'deep',
      component: 'ffmpeg',
      password: '[Redacted]',
      token: '[Redacted]',
      big: '3',
      job: { secret: '[Redacted]', size: '4' },
    });
    const head = ['timestamp', 'level', 'logger', 'message', 'pid', 'component', 'password', 'token', 'big', 'job'];
    expect(keysOf(lines())).toEqual(sorted([head, [...head, 'request_id', 'apiKey', 'output']]));
    // The context's own `big` and `job` come after the child's: the last one written wins in JSON.parse.
    expect(text().split('\n')[1]).toContain(
      '"request_id":"r-1","apiKey":"[Redacted]","big":"5","job":{"id":"abc123","self":"[Circular]"}',
    );
    expect(text()).not.toMatch(/p1|t2|s3|k4/);
  });

  it('makes the context fields safe, as the bindings of the child carrying them', () => {
    const { logger, lines } = capturing();
    withContext({ request_id: 'r-1', session: { cookie: 'c' }, user: { password: 'p', id: 7n } }, () =>
      logger.info('x'),
    );
    expect(lines()[0]).toMatchObject({
      request_id: 'r-1',
      session: { cookie: '[Redacted]' },
      user: { password: '[Redacted]', id: '7' },
    });
  });

  it('makes the bindings given to setBindings safe', () => {
    const { logger, lines } = capturing();
    const child = logger.child({ component: 'uploads' });
    child.setBindings({ x_api_key: 'k', big: 6n });
    child.info('x');
    expect(lines()[0]).toMatchObject({ component: 'uploads', x_api_key: '[Redacted]', big: '6' });
  });

  it('writes bindings as given with redact: false, still JSON-safe', () => {
    const { logger, lines } = capturing({ redact: false });
    logger.child({ password: 'p', big: 7n }).info('x');
    expect(lines()[0]).toMatchObject({ password: 'p', big: '7' });
  });

  it('makes the bindings of children of the default logger and of named loggers safe', () => {
    const { logger, lines } = capturing();
    setDefaultLogger(logger);
    getLogger().child({ password: 'p', big: 1n }).info('default');
    getLogger('jobs').child({ token: 't' }).child({ job: circular() }).info('named');
    expect(lines()).toMatchObject([
      { logger: 'transcoder.api', message: 'default', password: '[Redacted]', big: '1' },
      { logger: 'jobs', message: 'named', token: '[Redacted]', job: { id: 'abc123', self: '[Circular]' } },
    ]);
  });
});

describe('getLogger', () => {
  it('returns the default logger, and named loggers with the same settings', () => {
    const { logger, lines } = capturing({ level: 'debug' });
    setDefaultLogger(logger);
    expect(getLogger()).toBe(logger);
    expect(getLogger('jobs')).toBe(getLogger('jobs'));
    withContext({ job_id: 'j-1' }, () => getLogger('jobs').debug('picked up'));
    getLogger().info('default');
    expect(lines()[0]).toMatchObject({ logger: 'jobs', job_id: 'j-1', level: 'debug', message: 'picked up' });
    expect(keysOf(lines())).toEqual(
      sorted([
        ['timestamp', 'level', 'logger', 'message', 'pid', 'job_id'],
        ['timestamp', 'level', 'logger', 'message', 'pid'],
      ]),
    );
  });
});

describe('createLogger options', () => {
  it.each<[string, unknown]>([
    ['level', 'loud'],
    ['name', ''],
    ['caller', 'yes'],
    ['destination', { nope: true }],
    ['redact', 'password'],
    ['fields', 'x'],
    ['pretty', 3],
    ['colour', true],
  ])('rejects a bad %s with a coded error naming it', (option, value) => {
    expect(() => createLogger({ [option]: value } as LoggerOptions)).toThrow(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option }),
    );
  });

  it('says what was wrong, what was expected and what to do', () => {
    expect(() => createLogger({ level: 'loud' as 'info' })).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`level\` is "loud"; expected one of trace, debug, info, warning, warn, error, critical, fatal, silent.]`,
    );
  });

  it('writes readable lines through pino-pretty with pretty: true', () => {
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(String(chunk));
        callback();
      },
    });
    const logger = createLogger({ name: 'dev', pretty: { colorize: false, sync: true, destination } });
    logger.warning({ job_id: 'abc123' }, 'slow transcode');
    const text = chunks.join('');
    expect(text).toMatch(/WARNING.*slow transcode/);
    expect(text).toContain('job_id: "abc123"');
  });
});
