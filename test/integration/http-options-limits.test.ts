/**
 * Every per-request HTTP option at its limits: bad declarations and bad adapter options throw
 * `TFO_ERR_INVALID_OPTION` naming the option; label values that are empty, too long, not
 * strings, thrown or too many stay bounded and never cost the request its recording.
 */
import { request as httpRequest } from 'node:http';
import express from 'express';
import { describe, expect, it } from 'vitest';
import { createObservability, ObservabilityError } from '../../src/index.js';
import { expressObservability } from '../../src/adapters/express/index.js';
import { fastifyObservability } from '../../src/adapters/fastify/index.js';
import { honoObservability } from '../../src/adapters/hono/index.js';
import { koaObservability } from '../../src/adapters/koa/index.js';
import { statusClass } from '../../src/core/http/request-options.js';
import { findSamples, parseExposition, sampleValue } from '../helpers/exposition.js';
import { listenOnLoopback, send, sendAll } from '../helpers/http-apps.js';

function thrown(fn: () => unknown): { code?: string; option?: string; message?: string } {
  try {
    fn();
  } catch (error) {
    const { code, option, message } = error as ObservabilityError;
    expect(error).toBeInstanceOf(ObservabilityError);
    return { code, option, message };
  }
  throw new Error('expected a throw');
}

describe('httpLabels declarations', () => {
  it.each([
    [['tenant', 'plan'], undefined],
    [[], undefined],
    [['a'.repeat(200)], undefined],
    [['_private'], undefined],
    ['tenant', 'httpLabels'],
    [{ tenant: true }, 'httpLabels'],
    [[''], 'httpLabels[0]'],
    [['1tenant'], 'httpLabels[0]'],
    [['ten-ant'], 'httpLabels[0]'],
    [['tenant', 'ténant'], 'httpLabels[1]'],
    [['__tenant'], 'httpLabels[0]'],
    [['method'], 'httpLabels[0]'],
    [['route'], 'httpLabels[0]'],
    [['plan', 'status_code'], 'httpLabels[1]'],
    [['le'], 'httpLabels[0]'],
    [['quantile'], 'httpLabels[0]'],
    [['http_route'], 'httpLabels[0]'],
    [['tenant', 'tenant'], 'httpLabels[1]'],
    [['environment'], 'httpLabels[0]'],
    [[42], 'httpLabels[0]'],
  ] as [unknown, string | undefined][])('%j → %s', (httpLabels, option) => {
    const create = () =>
      createObservability({
        defaultMetrics: false,
        defaultLabels: { environment: 'test' },
        httpLabels: httpLabels as string[],
      });
    if (option === undefined) {
      expect(create().httpLabels).toEqual(httpLabels);
      return;
    }
    const error = thrown(create);
    expect(error.code).toBe('TFO_ERR_INVALID_OPTION');
    expect(error.option).toBe(option);
    expect(error.message).toContain(option);
  });
});

const ADAPTERS = {
  expressObservability,
  fastifyObservability,
  koaObservability,
  honoObservability,
} as unknown as Record<string, (observability: unknown, options: unknown) => unknown>;

describe.each(Object.entries(ADAPTERS))('%s options', (_name, adapter) => {
  const objects = {
    declared: createObservability({ defaultMetrics: false, httpLabels: ['plan'] }),
    bare: createObservability({ defaultMetrics: false }),
  };
  const declared = 'declared';
  const bare = 'bare';
  it.each([
    [declared, { customLabels: { plan: () => 'pro' } }, undefined],
    [declared, { customLabels: {} }, undefined],
    [declared, { groupStatusCodes: false, exclude: () => false }, undefined],
    [declared, { customLabels: () => ({ plan: 'pro' }) }, 'customLabels'],
    [declared, { customLabels: null }, 'customLabels'],
    [declared, { customLabels: [] }, 'customLabels'],
    [declared, { customLabels: { plan: 'pro' } }, 'customLabels.plan'],
    [declared, { customLabels: { tenant: () => 'acme' } }, 'customLabels.tenant'],
    [bare, { customLabels: { plan: () => 'pro' } }, 'customLabels.plan'],
    [declared, { groupStatusCodes: 'yes' }, 'groupStatusCodes'],
    [declared, { groupStatusCodes: 1 }, 'groupStatusCodes'],
    [declared, { exclude: true }, 'exclude'],
    [declared, { exclude: '/internal' }, 'exclude'],
    [declared, { bypass: () => true }, 'bypass'],
  ] as [keyof typeof objects, Record<string, unknown>, string | undefined][])(
    '%#: %s → %s',
    (which, options, option) => {
      const observability = objects[which];
      if (option === undefined) {
        expect(() => adapter(observability, options)).not.toThrow();
        return;
      }
      const error = thrown(() => adapter(observability, options));
      expect(error.code).toBe('TFO_ERR_INVALID_OPTION');
      expect(error.option).toBe(option);
    },
  );
});

describe('statusClass', () => {
  it.each([
    [100, '1xx'],
    [200, '2xx'],
    [204, '2xx'],
    [301, '3xx'],
    [404, '4xx'],
    [499, '4xx'],
    [500, '5xx'],
    [599, '5xx'],
    [999, '9xx'],
  ])('%i → %s', (status, label) => expect(statusClass(status)).toBe(label));
});

/** An Express app recording with the `plan` label computed by `plan`, and a route that breaks off its body after the headers. */
async function labelledApp(
  plan: (req: express.Request) => string | undefined,
  { maxSeriesPerMetric = 1000, maxLabelValueLength = 16 } = {},
) {
  const observability = createObservability({
    defaultMetrics: false,
    accessLog: false,
    maxSeriesPerMetric,
    maxLabelValueLength,
    httpLabels: ['plan'],
    logger: { level: 'critical' },
  });
  const app = express();
  app.use(expressObservability(observability, { customLabels: { plan }, groupStatusCodes: true }));
  app.get('/plans/:plan', (_req, res) => void res.send('ok'));
  app.get('/broken-body', (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.write('first part\n');
    setImmediate(() => res.destroy(new Error('storage read failed half-way')));
  });
  const server = await listenOnLoopback(app.listen(0, '127.0.0.1'));
  return {
    ...server,
    scrape: async () => parseExposition((await observability.scrape()).body),
  };
}

describe('customLabels values at their limits (Express on 127.0.0.1)', () => {
  const planOf = (req: express.Request): string | undefined => req.path.split('/')[2];
  it.each([
    ['an empty string', () => '', ''],
    ['a value at maxLabelValueLength', () => 'p'.repeat(16), 'p'.repeat(16)],
    ['a value past maxLabelValueLength, cut', () => 'p'.repeat(17), 'p'.repeat(16)],
    ['a surrogate pair across the cut, left out whole', () => `${'p'.repeat(15)}😀`, 'p'.repeat(15)],
    ['undefined', () => undefined, ''],
    ['a number', () => 42 as unknown as string, ''],
    ['an object', () => ({}) as unknown as string, ''],
    ['a promise', () => Promise.resolve('late') as unknown as string, ''],
    [
      'a throw',
      () => {
        throw new Error('boom');
      },
      '',
    ],
    [
      'a thrown non-error',
      () => {
        throw 'boom' as unknown as Error;
      },
      '',
    ],
  ] as [string, () => string | undefined, string][])(
    '%s → plan=%j, the request still recorded',
    async (_case, plan, label) => {
      const app = await labelledApp(plan);
      try {
        expect((await send(app.url, '/plans/pro')).status).toBe(200);
        const samples = await app.scrape();
        expect(findSamples(samples, 'api_requests_total')).toEqual([
          {
            name: 'api_requests_total',
            labels: { method: 'GET', route: '/plans/:plan', status_code: '2xx', plan: label },
            value: 1,
          },
        ]);
      } finally {
        await app.close();
      }
    },
  );

  it('many distinct values fold into the overflow series once the cap is reached, and every request is counted', async () => {
    const app = await labelledApp(planOf, { maxSeriesPerMetric: 10, maxLabelValueLength: 256 });
    try {
      const paths = Array.from({ length: 60 }, (_, i) => `/plans/p${i}`);
      expect(new Set(await sendAll(app.url, paths, 4))).toEqual(new Set([200]));
      const samples = await app.scrape();
      const series = findSamples(samples, 'api_requests_total');
      expect(series.length).toBe(11); // 10 series + the overflow series
      expect(series.reduce((sum, sample) => sum + sample.value, 0)).toBe(60);
      const overflow = {
        method: '__overflow__',
        route: '__overflow__',
        status_code: '__overflow__',
        plan: '__overflow__',
      };
      expect(sampleValue(samples, 'api_requests_total', overflow)).toBe(50);
      expect(sampleValue(samples, 'observability_series_overflow_total', { metric: 'api_requests_total' })).toBe(50);
    } finally {
      await app.close();
    }
  });

  it('a response broken off after its headers is 5xx with groupStatusCodes', async () => {
    const app = await labelledApp(() => 'pro');
    try {
      await new Promise<void>((resolve) => {
        const req = httpRequest(`${app.url}/broken-body`, { agent: false }, (res) => {
          res.resume();
          res.on('error', () => undefined);
          res.on('close', () => resolve());
        });
        req.on('error', () => resolve());
        req.end();
      });
      for (;;) {
        const samples = await app.scrape();
        const recorded = findSamples(samples, 'api_requests_total');
        if (recorded.length > 0) {
          expect(recorded.map((s) => s.labels)).toEqual([
            { method: 'GET', route: '/broken-body', status_code: '5xx', plan: 'pro' },
          ]);
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      await app.close();
    }
  });
});
