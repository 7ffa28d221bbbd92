import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import Router from '@koa/router';
import Koa from 'koa';
import { describe, expect, it } from 'vitest';
import { send } from '../../../test/helpers/http-apps.js';
import { frameworksLoadedBy } from '../../../test/helpers/http-modules.js';
import { createObservability } from '../../create-observability.js';
import { koaObservability } from './index.js';

describe('koaObservability', () => {
  it('rethrows a handler error to Koa, which still emits it and answers 500', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const app = new Koa();
    const seen: string[] = [];
    app.on('error', (error: Error) => seen.push(error.message));
    const router = new Router({ prefix: '/v2' });
    let inFlight = -1;
    router.get('/boom/:id', () => {
      inFlight = observability.metrics.apiRequestsInProgress.value({ method: 'GET', route: '__any__' });
      throw new Error('boom');
    });
    app.use(koaObservability(observability)).use(router.routes());
    const server = createServer(app.callback()).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect((await send(url, '/v2/boom/1')).status).toBe(500);
      expect(seen).toEqual(['boom']);
      expect(inFlight).toBe(1);
      expect(
        observability.metrics.apiRequestsTotal.value({ method: 'GET', route: '/v2/boom/:id', status_code: '500' }),
      ).toBe(1);
      expect(observability.metrics.apiRequestsInProgress.value({ method: 'GET', route: '__any__' })).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses bad options with TFO_ERR_INVALID_OPTION naming the option', () => {
    const observability = createObservability({ defaultMetrics: false });
    expect(() => koaObservability(observability, { excludePaths: '/x' as never })).toThrowError(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'excludePaths' }) as Error,
    );
  });

  it('loads koa only, never another framework', () => {
    expect(frameworksLoadedBy('koa').filter((name) => name !== 'koa')).toEqual([]);
  });
});
