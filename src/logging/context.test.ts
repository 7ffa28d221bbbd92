import { EventEmitter, once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import {
  addContext,
  enterContext,
  getContext,
  runInRootScope,
  runWithContext,
  runWithoutContext,
  scopeLogger,
  withContext,
} from './context.js';
import { createLogger } from './logger.js';

describe('withContext', () => {
  it('returns the result of a sync function and exposes the fields inside it', () => {
    const result = withContext({ job_id: 'j1' }, () => getContext());
    expect(result).toEqual({ job_id: 'j1' });
    expect(getContext()).toEqual({});
  });

  it('returns the promise of an async function and keeps the fields across await and timers', async () => {
    const seen = await withContext({ job_id: 'j1' }, async () => {
      await sleep(5);
      const afterAwait = getContext();
      const inTimer = await new Promise((resolve) => setTimeout(() => resolve(getContext()), 1));
      const inImmediate = await new Promise((resolve) => setImmediate(() => resolve(getContext())));
      return [afterAwait, inTimer, inImmediate];
    });
    expect(seen).toEqual([{ job_id: 'j1' }, { job_id: 'j1' }, { job_id: 'j1' }]);
  });

  it('nests and merges, the inner field winning, and restores the outer context afterwards', () => {
    withContext({ request_id: 'r1', attempt: 1 }, () => {
      const inner = withContext({ attempt: 2, job_id: 'j1' }, () => getContext());
      expect(inner).toEqual({ request_id: 'r1', attempt: 2, job_id: 'j1' });
      expect(getContext()).toEqual({ request_id: 'r1', attempt: 1 });
    });
  });

  it('propagates a thrown error and leaves no context behind', () => {
    expect(() =>
      withContext({ job_id: 'j1' }, () => {
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(getContext()).toEqual({});
  });

  it('follows event-emitter listeners called from inside the context', async () => {
    const emitter = new EventEmitter();
    const heard = once(emitter, 'ready');
    let seen: unknown;
    emitter.on('ready', () => (seen = getContext()));
    await withContext({ job_id: 'j1' }, async () => {
      await sleep(1);
      emitter.emit('ready');
    });
    await heard;
    expect(seen).toEqual({ job_id: 'j1' });
  });

  it('gives a frozen snapshot that callers cannot change', () => {
    withContext({ job_id: 'j1' }, () => {
      const snapshot = getContext() as Record<string, unknown>;
      expect(Object.isFrozen(snapshot)).toBe(true);
      expect(() => {
        snapshot.job_id = 'changed';
      }).toThrow(TypeError);
    });
  });

  it('keeps concurrent contexts apart', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        withContext({ n: i }, async () => {
          await sleep(Math.random() * 5);
          return getContext().n;
        }),
      ),
    );
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });
});

describe('runWithContext', () => {
  it('starts a root context that ignores the fields around it', () => {
    withContext({ service: 'x' }, () => {
      expect(runWithContext({ request_id: 'r1' }, () => getContext())).toEqual({ request_id: 'r1' });
    });
  });
});

describe('addContext', () => {
  it('adds fields to the current scope only', async () => {
    await withContext({ request_id: 'r1' }, async () => {
      const child = withContext({ job_id: 'j1' }, () => getContext());
      expect(addContext({ route: '/jobs/:jobId' })).toBe(true);
      await sleep(1);
      expect(getContext()).toEqual({ request_id: 'r1', route: '/jobs/:jobId' });
      expect(child).toEqual({ request_id: 'r1', job_id: 'j1' });
    });
  });

  it('does nothing outside any context', () => {
    expect(addContext({ route: '/x' })).toBe(false);
    expect(getContext()).toEqual({});
  });
});

describe('enterContext', () => {
  it('sets the context for the rest of the current async execution', async () => {
    const seen = await runWithContext({}, async () => {
      await sleep(1);
      enterContext({ request_id: 'r1' });
      await sleep(1);
      return getContext();
    });
    expect(seen).toEqual({ request_id: 'r1' });
  });
});

describe('live fields', () => {
  it('keeps a getter live through nesting, so a field can be filled in later', () => {
    let route: string | undefined;
    const fields = Object.defineProperty({ request_id: 'r1' }, 'route', { enumerable: true, get: () => route });
    runWithContext(fields, () => {
      withContext({ job_id: 'j1' }, () => {
        expect(getContext().route).toBeUndefined();
        route = '/jobs/:jobId';
        expect(getContext()).toEqual({ request_id: 'r1', route: '/jobs/:jobId', job_id: 'j1' });
      });
    });
  });
});

describe('runWithoutContext', () => {
  const logger = createLogger({ name: 'scoped', destination: { write: () => true } });

  it('hides the fields and the scope logger while it runs, nested or not, and gives them back after a throw', () => {
    runInRootScope(logger, { request_id: 'r-1' }, () => {
      expect(runWithoutContext(() => [getContext(), scopeLogger()])).toEqual([{}, undefined]);
      expect(runWithoutContext(() => runWithoutContext(() => getContext()))).toEqual({});
      expect(getContext()).toEqual({ request_id: 'r-1' });
      expect(() =>
        runWithoutContext(() => {
          throw new Error('write failed');
        }),
      ).toThrow('write failed');
      expect(getContext()).toEqual({ request_id: 'r-1' });
      expect(scopeLogger()).toBe(logger);
    });
  });

  it('is synchronous: what it starts asynchronously runs in the context it was started in', async () => {
    const later = await runWithContext({ job_id: 'j1' }, () =>
      runWithoutContext(() => Promise.resolve().then(() => getContext())),
    );
    expect(later).toEqual({ job_id: 'j1' });
  });
});
