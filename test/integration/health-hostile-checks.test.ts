import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createObservability, type HealthCheckFunction } from '../../src/index.js';
import { APPS, type RunningApp, send, startApp } from '../helpers/http-apps.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** A Proxy whose every trap throws: reading, `instanceof`, `typeof`-free checks, anything. */
function throwingProxy(): object {
  const trap = (): never => {
    throw new Error('trap');
  };
  return new Proxy(
    {},
    {
      get: trap,
      has: trap,
      getPrototypeOf: trap,
      getOwnPropertyDescriptor: trap,
      ownKeys: trap,
      apply: trap,
      set: trap,
      defineProperty: trap,
    },
  );
}

function errorWithThrowing(...keys: ('message' | 'name' | 'stack')[]): Error {
  const error = new Error('hidden');
  for (const key of keys) {
    Object.defineProperty(error, key, {
      get() {
        throw new Error(`${key} getter`);
      },
    });
  }
  return error;
}

/** Every kind of value a careless or hostile check can throw or reject with. */
const HOSTILE_VALUES: readonly [string, () => unknown][] = [
  ['null', () => null],
  ['undefined', () => undefined],
  ['a string', () => 'plain string'],
  ['an empty string', () => ''],
  ['a number', () => 42],
  ['a bigint', () => 10n],
  ['a symbol', () => Symbol('thrown')],
  ['an object whose toString returns an object', () => ({ toString: () => ({ not: 'a string' }) })],
  [
    'an object whose toString throws an error',
    () => ({
      toString() {
        throw new Error('toString');
      },
    }),
  ],
  ['an object with no prototype', () => Object.create(null) as object],
  ['an Error whose message getter throws', () => errorWithThrowing('message')],
  ['an Error whose message, name and stack getters throw', () => errorWithThrowing('message', 'name', 'stack')],
  ['an Error with an empty message', () => new Error('')],
  ['a Proxy that throws on every trap', throwingProxy],
];

/** Names that are special on plain objects. */
const HOSTILE_NAMES = [
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'valueOf',
  'prototype',
  '',
  ' ',
  'a"b\\c\n',
  '💥',
  'x'.repeat(300),
];

/** A check for each hostile value, thrown synchronously and rejected, plus a check returning a hostile thenable. */
function hostileChecks(): Record<string, HealthCheckFunction> {
  const checks: Record<string, HealthCheckFunction> = {};
  HOSTILE_VALUES.forEach(([label, make]) => {
    checks[`throws ${label}`] = () => {
      throw make();
    };
    checks[`rejects with ${label}`] = () => Promise.reject(make());
  });
  checks['returns a Proxy that throws on every trap'] = () => throwingProxy();
  checks['returns a thenable whose then throws'] = () => ({
    get then() {
      throw new Error('then getter');
    },
  });
  return checks;
}

/** Checks under hostile names, each failing, defined as own properties (as a computed key or JSON.parse would). */
function hostileNamedChecks(): Record<string, HealthCheckFunction> {
  const checks = {} as Record<string, HealthCheckFunction>;
  for (const name of HOSTILE_NAMES) {
    Object.defineProperty(checks, name, { value: () => false, enumerable: true, configurable: true, writable: true });
  }
  return checks;
}

let unhandled: unknown[] = [];
const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
beforeEach(() => {
  unhandled = [];
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => void process.off('unhandledRejection', onUnhandled));

/** Lets any rejection left without a handler surface (Node reports them after the microtask queue drains). */
const settle = () => new Promise((done) => setImmediate(done));

describe.each(APPS)('%s adapter: a bad check can neither crash the process nor hide', (adapter) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(
      adapter,
      {
        healthCacheMs: 0,
        healthChecks: { ...hostileChecks(), ...hostileNamedChecks(), fine: () => true },
      },
      // Each failing check logs a warning; keep the test output to errors.
      createObservability({ defaultMetrics: false, accessLog: false, logger: { level: 'error' } }),
    );
  });
  afterAll(() => app.close());

  it('answers a JSON 503 that names every failing check, with an error text for each', async () => {
    const reply = await send(app.url, '/health/detailed');
    expect(reply.status).toBe(503);
    expect(reply.headers['content-type']).toMatch(/^application\/json/);
    const body = JSON.parse(reply.body) as { status: string; checks: Record<string, Record<string, unknown>> };
    expect(body.status).toBe('fail');
    const expected = [...Object.keys(hostileChecks()), ...HOSTILE_NAMES, 'fine'];
    expect(Object.keys(body.checks).sort()).toEqual(expected.sort());
    for (const [name, result] of Object.entries(body.checks)) {
      if (name === 'fine') {
        expect(result).toMatchObject({ status: 'ok', required: true });
        continue;
      }
      expect(result, name).toMatchObject({ status: 'fail', required: true });
      expect(typeof result.error, name).toBe('string');
      expect((result.error as string).length, name).toBeGreaterThan(0);
      expect(typeof result.latencyMs, name).toBe('number');
    }
    expect(Object.hasOwn(body.checks, '__proto__')).toBe(true);
    expect(body.checks['__proto__']).toMatchObject({ status: 'fail', error: 'check returned false' });
    await settle();
    expect(unhandled).toEqual([]);
  });

  it('keeps answering, and /health stays ok', async () => {
    for (let i = 0; i < 3; i++) expect((await send(app.url, '/health/detailed')).status).toBe(503);
    expect((await send(app.url, '/health')).status).toBe(200);
    await settle();
    expect(unhandled).toEqual([]);
  });
});

describe('a failed check leaves no timer running', () => {
  it('lets the process exit by itself once the checks are answered, though each may wait 24 days', async () => {
    // A child process answers the hostile checks once with the longest timeout a timer takes;
    // a timer left running would hold it open for that long.
    const script = `
      const { createHealthEndpoint } = await import(${JSON.stringify(`${ROOT}/src/core/health/health-endpoint.ts`)});
      const proxy = new Proxy({}, { get() { throw new Error('trap'); }, getPrototypeOf() { throw new Error('trap'); } });
      const bad = new Error('x');
      Object.defineProperty(bad, 'message', { get() { throw new Error('getter'); } });
      process.on('unhandledRejection', (reason) => { console.error('unhandled', reason); process.exitCode = 3; });
      const endpoint = createHealthEndpoint({
        healthTimeoutMs: 2 ** 31 - 1,
        healthChecks: {
          syncBadMessage: () => { throw bad; },
          asyncBadMessage: () => Promise.reject(bad),
          syncProxy: () => { throw proxy; },
          asyncProxy: async () => { throw proxy; },
          'constructor': () => false,
          fine: () => true,
        },
      });
      const answer = await endpoint({});
      console.log(JSON.stringify({ status: answer.status, type: answer.headers['content-type'], body: JSON.parse(answer.body) }));
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(err).toBe('');
    expect(code).toBe(0);
    const answer = JSON.parse(out) as { status: number; type: string; body: { checks: Record<string, unknown> } };
    expect(answer.status).toBe(503);
    expect(answer.type).toMatch(/^application\/json/);
    expect(Object.keys(answer.body.checks).sort()).toEqual(
      ['asyncBadMessage', 'asyncProxy', 'constructor', 'fine', 'syncBadMessage', 'syncProxy'].sort(),
    );
  }, 60_000);
});
