import { describe, expect, it } from 'vitest';
import { logCapture } from '../../test/helpers/log-lines.js';
import { createLogger } from './logger.js';
import type { SerializeOptions } from './serialize.js';

function logOnce(fields: object, serialize?: SerializeOptions) {
  const capture = logCapture();
  const logger = createLogger({ name: 'torture', destination: capture.destination, serialize });
  logger.info(fields, 'torture');
  const lines = capture.lines();
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('serialization never throws and keeps the line readable', () => {
  it('writes circular references as [Circular] and keeps shared ones', () => {
    const shared = { id: 1 };
    const job: Record<string, unknown> = { shared, again: shared };
    job.self = job;
    const line = logOnce({ job });
    expect(line.job).toEqual({ shared: { id: 1 }, again: { id: 1 }, self: '[Circular]' });
  });

  it('writes BigInt, NaN, Infinity, symbols and functions as strings', () => {
    const line = logOnce({ big: 2n ** 70n, nan: NaN, inf: -Infinity, sym: Symbol('s'), fn: function transcode() {} });
    expect(line).toMatchObject({
      big: '1180591620717411303424',
      nan: 'NaN',
      inf: '-Infinity',
      sym: 'Symbol(s)',
      fn: '[Function: transcode]',
    });
  });

  it('writes Buffers and typed arrays as size and a short hex preview', () => {
    const line = logOnce({ chunk: Buffer.alloc(4096, 0xab), pcm: new Int16Array(4), raw: new ArrayBuffer(3) });
    expect(line.chunk).toEqual({ type: 'Buffer', size: 4096, preview: 'ab'.repeat(16) });
    expect(line.pcm).toEqual({ type: 'Int16Array', size: 8, preview: '0000000000000000' });
    expect(line.raw).toEqual({ type: 'ArrayBuffer', size: 3, preview: '000000' });
  });

  it('writes Maps as objects, Sets as arrays and Dates as ISO strings', () => {
    const line = logOnce({
      renditions: new Map<unknown, unknown>([
        ['720p', { bitrate: 2500 }],
        [1080, 'pending'],
      ]),
      codecs: new Set(['h264', 'av1']),
      at: new Date('2025-01-19T10:30:45.123Z'),
      bad: new Date(NaN),
    });
    expect(line).toMatchObject({
      renditions: { '720p': { bitrate: 2500 }, '1080': 'pending' },
      codecs: ['h264', 'av1'],
      at: '2025-01-19T10:30:45.123Z',
      bad: 'Invalid Date',
    });
  });

  it('survives getters, toJSON and proxies that throw', () => {
    const getter = Object.defineProperty({ ok: 1 }, 'broken', {
      enumerable: true,
      get() {
        throw new Error('getter exploded');
      },
    });
    const json = {
      toJSON() {
        throw new Error('toJSON exploded');
      },
    };
    const proxy = new Proxy(
      {},
      {
        ownKeys() {
          throw new Error('ownKeys exploded');
        },
      },
    );
    const line = logOnce({ getter, json, proxy });
    expect(line.getter).toEqual({ ok: 1, broken: '[Getter threw: getter exploded]' });
    expect(line.json).toBe('[Unserializable: toJSON exploded]');
    expect(line.proxy).toEqual({ unserializable: '[Unserializable: ownKeys exploded]' });
  });

  it('uses toJSON when it works', () => {
    const line = logOnce({ url: new URL('https://cdn.example.com/v/1.mp4') });
    expect(line.url).toBe('https://cdn.example.com/v/1.mp4');
  });

  it('cuts long strings, deep objects and long arrays, with configurable limits', () => {
    const deep: Record<string, unknown> = {};
    let cursor = deep;
    for (let i = 0; i < 20; i++) cursor = cursor.next = {};
    const line = logOnce(
      { text: 'x'.repeat(50), deep, list: Array.from({ length: 10 }, (_, i) => i) },
      { maxStringLength: 10, maxDepth: 3, maxItems: 4 },
    );
    expect(line.text).toBe('xxxxxxxxxx…[truncated 40 chars]');
    expect(line.deep).toEqual({ next: { next: { next: '[Object]' } } });
    expect(line.list).toEqual([0, 1, 2, 3, '…[6 more items]']);
  });

  it('has defaults that keep a 1 MB string and a 1000-level object bounded', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 1000; i++) deep = { deep };
    const line = logOnce({ text: 'y'.repeat(1_000_000), deep });
    expect((line.text as string).length).toBeLessThan(8300);
    expect(JSON.stringify(line.deep).length).toBeLessThan(200);
  });

  it('rejects malformed limits with a coded error naming the limit', () => {
    expect(() => createLogger({ serialize: { maxDepth: -1 } })).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`serialize.maxDepth\` is -1; expected a whole number of 0 or more.]`,
    );
    expect(() => createLogger({ serialize: { depth: 3 } as SerializeOptions })).toThrow(/serialize\.depth/);
  });
});

describe('errors anywhere in a line', () => {
  it('writes type, message, stack, own fields and the cause chain', () => {
    class StorageError extends Error {}
    const root = Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' });
    const error = new StorageError('upload failed', { cause: new TypeError('bad part', { cause: root }) });
    const line = logOnce({ upload: { error } });
    const written = (line.upload as { error: Record<string, unknown> }).error;
    expect(written).toMatchObject({
      type: 'StorageError',
      message: 'upload failed',
      cause: {
        type: 'TypeError',
        message: 'bad part',
        cause: { type: 'Error', message: 'ECONNRESET', code: 'ECONNRESET' },
      },
    });
    expect(written.stack).toMatch(/^Error: upload failed\n\s+at /);
  });

  it('writes AggregateError members and a cause that points back at its error', () => {
    const error = new AggregateError([new RangeError('720p failed'), 'plain reason'], 'renditions failed');
    (error as { cause?: unknown }).cause = error;
    const line = logOnce({ error });
    expect(line.error).toMatchObject({
      type: 'AggregateError',
      message: 'renditions failed',
      errors: [{ type: 'RangeError', message: '720p failed' }, 'plain reason'],
      cause: '[Circular]',
    });
  });
});
