import { afterEach, describe, expect, it, vi } from 'vitest';
import { onCloudflareWorkers } from './host-runtime.js';
import { resolveOptions } from './options.js';

/*
 * The defaults chosen on Cloudflare Workers, by user agent. End to end, on real workerd with no
 * setting for Workers: test/runtimes/options-runtimes.test.ts. Here each runtime's user agent
 * stands in for the runtime, to cover every value of `defaultMetrics` on each.
 */
afterEach(() => vi.unstubAllGlobals());

const AGENTS: [string, string | undefined, boolean][] = [
  ['workerd', 'Cloudflare-Workers', true],
  ['Node 22+', 'Node.js/22', false],
  ['Bun', 'Bun/1.4.5', false],
  ['Deno', 'Deno/2.9.6', false],
  ['a runtime without navigator (Node 20)', undefined, false],
];

describe.each(AGENTS)('on %s', (_runtime, userAgent, workers) => {
  const host = (): void => {
    vi.stubGlobal('navigator', userAgent === undefined ? undefined : { userAgent });
  };

  it(`is ${workers ? '' : 'not '}seen as Cloudflare Workers`, () => {
    host();
    expect(onCloudflareWorkers()).toBe(workers);
  });

  it(`defaults defaultMetrics to ${workers ? 'off' : 'on'}; false is always accepted`, () => {
    host();
    expect(resolveOptions({}).defaultMetrics).toEqual(workers ? false : {});
    expect(resolveOptions({ defaultMetrics: false }).defaultMetrics).toBe(false);
  });

  it(workers ? 'refuses runtime metrics with a coded error' : 'collects runtime metrics when asked', () => {
    host();
    for (const value of [true, { eventLoopMonitoringPrecision: 20 }]) {
      const resolve = () => resolveOptions({ defaultMetrics: value });
      if (workers) expect(resolve).toThrowError(expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION' }));
      else expect(resolve()).not.toHaveProperty('defaultMetrics', false);
    }
  });
});

it('is not seen as Cloudflare Workers on the runtime running this test (Node 22 and later have a navigator)', () => {
  expect(onCloudflareWorkers()).toBe(false);
  expect(resolveOptions({}).defaultMetrics).toEqual({});
});

it('names the option, the runtime and the way out', () => {
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  expect(() => resolveOptions({ defaultMetrics: true })).toThrowErrorMatchingInlineSnapshot(
    `[ObservabilityError: TFO_ERR_INVALID_OPTION: option \`defaultMetrics\` is true on Cloudflare Workers, where workerd has no process.cpuUsage, event-loop or heap statistics to collect; expected false, or leave it out (the default there is false).]`,
  );
});
