import { describe, expect, it } from 'vitest';
import { createObservability } from '../../create-observability.js';
import { ObservabilityError } from '../errors.js';
import { resolveAccessLog } from './access-log-options.js';

const create = (accessLog: unknown) =>
  createObservability({ defaultMetrics: false, accessLog: accessLog as never, logger: { level: 'silent' } });

describe('the accessLog option', () => {
  it.each([
    ['true', true],
    ['false', false],
    ['nothing', undefined],
    ['an empty object', {}],
    ['every callback', { level: (): 'info' => 'info', ignore: (): boolean => false, props: () => ({}) }],
    ['callbacks left undefined', { level: undefined, ignore: undefined, props: undefined }],
    ['a null-prototype object', Object.assign(Object.create(null) as object, { ignore: () => true })],
  ])('accepts %s', (_name, accessLog) => {
    expect(() => create(accessLog)).not.toThrow();
  });

  it.each([
    ['a string', 'yes', 'accessLog'],
    ['a number', 1, 'accessLog'],
    ['null', null, 'accessLog'],
    ['an array', [], 'accessLog'],
    ['a function', () => true, 'accessLog'],
    ['a Map', new Map([['ignore', () => true]]), 'accessLog'],
    ['a class instance', new URL('http://x/'), 'accessLog'],
    ['a BigInt', 1n, 'accessLog'],
    ['an unknown key', { levels: () => 'info' }, 'accessLog.levels'],
    ['pino-http’s name', { customLogLevel: () => 'info' }, 'accessLog.customLogLevel'],
    ['a level that is a string', { level: 'info' }, 'accessLog.level'],
    ['an ignore that is a boolean', { ignore: true }, 'accessLog.ignore'],
    ['an ignore that is a RegExp', { ignore: /health/ }, 'accessLog.ignore'],
    ['props that are an object', { props: { team: 'media' } }, 'accessLog.props'],
    ['props that are null', { props: null }, 'accessLog.props'],
    ['a symbol', { props: Symbol('x') }, 'accessLog.props'],
  ])('refuses %s with TFO_ERR_INVALID_OPTION naming the part', (_name, accessLog, option) => {
    let thrown: unknown;
    try {
      create(accessLog);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ObservabilityError);
    expect(thrown).toMatchObject({ code: 'TFO_ERR_INVALID_OPTION', option });
  });

  it('says what is wrong and what was expected', () => {
    expect(() => create({ ignore: true })).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`accessLog.ignore\` is true; expected a function (request) returning true for a request that writes no access line.]`,
    );
    expect(() => create({ customProps: () => ({}) })).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`accessLog.customProps\` is not a known setting; expected level, ignore or props.]`,
    );
    expect(() => create('on')).toThrowErrorMatchingInlineSnapshot(
      `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`accessLog\` is "on"; expected true, false or { level?, ignore?, props? }.]`,
    );
  });

  it('is typed: a level outside the names, or a callback of the wrong shape, does not compile', () => {
    const build = () =>
      createObservability({
        accessLog: {
          // @ts-expect-error 'loud' is not a level name
          level: () => 'loud',
          // @ts-expect-error ignore is given the request, not a string
          ignore: (url: string) => url === '/ready',
          // @ts-expect-error props returns an object of fields
          props: () => 'tenant=acme',
        },
      });
    expect(typeof build).toBe('function');
  });

  it('copies the callbacks at creation: changing the options object later changes nothing', () => {
    const options: { ignore?: () => boolean } = { ignore: () => true };
    const resolved = resolveAccessLog(options);
    delete options.ignore;
    expect(resolved).not.toBe(false);
    expect(typeof (resolved as { ignore?: unknown }).ignore).toBe('function');
    expect(Object.isFrozen(resolved)).toBe(true);
  });
});
