import { describe, expect, it } from 'vitest';
import { logCapture } from '../../test/helpers/log-lines.js';
import { createLogger } from './logger.js';
import type { LoggerOptions } from './logger-options.js';
import { createRedactor } from './redaction.js';

function written(fields: object, redact?: LoggerOptions['redact']) {
  const capture = logCapture();
  createLogger({ name: 'redaction', destination: capture.destination, redact }).info(fields, 'line');
  return capture.lines()[0]!;
}

describe('redaction', () => {
  it('redacts the default keys at any depth, whatever their case and separators', () => {
    const line = written({
      headers: { Authorization: 'Bearer a', Cookie: 'c', 'Set-Cookie': ['s'], 'X-API-Key': 'k' },
      body: { user: { password: 'p', profile: { client_secret: 's', accessToken: 't', api_key: 'k' } } },
      list: [{ token: 't' }],
      tokenCount: 12,
    });
    expect(line).toMatchObject({
      headers: {
        Authorization: '[Redacted]',
        Cookie: '[Redacted]',
        'Set-Cookie': '[Redacted]',
        'X-API-Key': '[Redacted]',
      },
      body: {
        user: {
          password: '[Redacted]',
          profile: { client_secret: '[Redacted]', accessToken: '[Redacted]', api_key: '[Redacted]' },
        },
      },
      list: [{ token: '[Redacted]' }],
      tokenCount: 12,
    });
  });

  it('adds keys given as an array, and replaces the defaults with defaults: false', () => {
    expect(written({ ssn: '1', password: 'p' }, ['ssn'])).toMatchObject({ ssn: '[Redacted]', password: '[Redacted]' });
    expect(written({ ssn: '1', password: 'p' }, { keys: ['ssn'], defaults: false, censor: '***' })).toMatchObject({
      ssn: '***',
      password: 'p',
    });
  });

  it('redacts the headers of a Node request logged as is, as pino maps it to `req`', async () => {
    const { IncomingMessage } = await import('node:http');
    const { Socket } = await import('node:net');
    const request = new IncomingMessage(new Socket());
    Object.assign(request, { method: 'GET', url: '/jobs', headers: { authorization: 'Bearer abc', accept: '*/*' } });
    const line = written(request);
    expect(line.req).toMatchObject({
      method: 'GET',
      url: '/jobs',
      headers: { authorization: '[Redacted]', accept: '*/*' },
    });
  });

  it('turns off with redact: false', () => {
    expect(written({ password: 'p' }, false)).toMatchObject({ password: 'p' });
  });

  it('scrubs credentials from error messages and stacks', () => {
    const error = new Error(
      'connect postgres://app:hunter2@db:5432/jobs failed, Authorization: Bearer abc.def.ghi, ?token=xyz9',
    );
    const line = written({ error });
    const text = JSON.stringify(line);
    for (const secret of ['hunter2', 'abc.def.ghi', 'xyz9']) expect(text).not.toContain(secret);
    expect((line.error as { message: string }).message).toBe(
      'connect postgres://app:[Redacted]@db:5432/jobs failed, Authorization: Bearer [Redacted], ?token=[Redacted]',
    );
  });

  it.each([
    ['redis://:s3cret@cache:6379', 'redis://:[Redacted]@cache:6379'],
    ['postgres://app:s3cret@db:5432/jobs', 'postgres://app:[Redacted]@db:5432/jobs'],
    ['amqp://guest:p@ss@rabbit:5672', 'amqp://guest:[Redacted]@rabbit:5672'],
    ['mongodb+srv://u:s3#c?r@cluster0.x.net/?retry=true', 'mongodb+srv://u:[Redacted]@cluster0.x.net/?retry=true'],
    ['"mysql://root:s3cret@db" failed', '"mysql://root:[Redacted]@db" failed'],
    ['a://x:one@h and b://:two@h', 'a://x:[Redacted]@h and b://:[Redacted]@h'],
    ['mongodb://u:s3cret@h1:27017,h2:27017/db', 'mongodb://u:[Redacted]@h1:27017,h2:27017/db'],
  ])('scrubs the password of %s', (text, scrubbed) => {
    expect(createRedactor(undefined).scrubText(text)).toBe(scrubbed);
  });

  it.each([['http://host:8080/path'], ['redis://cache:6379'], ['user@host'], ['//:@host'], ['a // b: c']])(
    'leaves %s as it is',
    (text) => {
      expect(createRedactor(undefined).scrubText(text)).toBe(text);
    },
  );

  it('scrubs a hostile text without backtracking (a quadratic pattern would not finish)', () => {
    const hostile = `//:${'@'.repeat(200_000)} ${'//a:'.repeat(50_000)}`;
    const scrubbed = createRedactor(undefined).scrubText(hostile);
    expect(scrubbed.startsWith('//:[Redacted]@')).toBe(true);
    expect(scrubbed.endsWith('//a:'.repeat(3))).toBe(true);
  });

  it('rejects malformed settings with a coded error naming them', () => {
    expect(() => createLogger({ redact: { keys: [''] } })).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`redact.keys\` is [""]; expected an array of non-empty key names such as ["ssn"].]`,
    );
    expect(() => createLogger({ redact: { defaults: 'no' as unknown as boolean } })).toThrow(/redact\.defaults/);
    expect(() => createLogger({ redact: { censor: 1 as unknown as string } })).toThrow(/redact\.censor/);
  });
});
