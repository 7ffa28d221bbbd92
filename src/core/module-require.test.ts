import { createRequire } from 'node:module';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeBuiltin } from './module-require.js';

const require = createRequire(import.meta.url);
const IDS = [
  'node:child_process',
  'node:fs',
  'node:fs/promises',
  'node:module',
  'node:os',
  'node:path',
  'node:url',
  'node:worker_threads',
] as const;

describe('nodeBuiltin', () => {
  const host = process as { getBuiltinModule?: unknown };
  const own = Object.getOwnPropertyDescriptor(process, 'getBuiltinModule');
  afterEach(() => {
    if (own) Object.defineProperty(process, 'getBuiltinModule', own);
  });

  it.each(IDS)('returns Node’s own %s, the object require() returns', (id) => {
    expect(nodeBuiltin(id)).toBe(require(id));
  });

  it.each(IDS)(
    'falls back to require() for %s on a Node line without process.getBuiltinModule (before 20.16)',
    (id) => {
      expect(own, 'this Node line has process.getBuiltinModule').toBeDefined();
      delete host.getBuiltinModule;
      expect(host.getBuiltinModule).toBeUndefined();
      expect(nodeBuiltin(id)).toBe(require(id));
    },
  );

  it('calls process.getBuiltinModule as a method of process, as runtimes that bind it expect', () => {
    const calls: unknown[] = [];
    const real = process.getBuiltinModule.bind(process);
    Object.defineProperty(process, 'getBuiltinModule', {
      configurable: true,
      writable: true,
      value: function (this: unknown, id: string) {
        calls.push(this);
        return real(id);
      },
    });
    expect(nodeBuiltin('node:os').hostname()).toBe(require('node:os').hostname());
    expect(calls).toEqual([process]);
  });
});
