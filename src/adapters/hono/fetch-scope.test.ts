import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { logCapture } from '../../../test/helpers/log-lines.js';
import { createObservability, getContext, getLogger } from '../../index.js';
import { honoObservability } from './index.js';

/** An app served through `app.request` (no Node http objects: as on Bun, Deno and Workers). */
function fetchApp(accessLog = true, requestContext = true) {
  const capture = logCapture();
  const observability = createObservability({
    serviceName: 'fetch',
    defaultMetrics: false,
    accessLog,
    logger: { destination: capture.destination },
  });
  const app = new Hono();
  app.use(honoObservability(observability, { requestContext }));
  app.get('/jobs/:jobId', async (c) => {
    getLogger('handler').info({ job: c.req.param('jobId') }, 'job requested');
    await new Promise((resolve) => setTimeout(resolve, 1));
    return c.json({ requestId: getContext().request_id ?? null });
  });
  app.get('/raw', () => new Response('raw', { status: 202 }));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  return { app, capture };
}

describe('honoObservability without @hono/node-server (fetch runtimes)', () => {
  it('gives each request an id (echoed or generated), a logging context and one access-log line', async () => {
    const { app, capture } = fetchApp();
    const echoed = await app.request('/jobs/7?x=1', {
      headers: { 'x-request-id': 'req-7', 'x-api-key': 'tfo_abcdefgh12345' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('req-7');
    expect(await echoed.json()).toEqual({ requestId: 'req-7' });
    const generated = await app.request('/jobs/8');
    const id = generated.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(await generated.json()).toEqual({ requestId: id });

    const lines = capture.lines();
    const handler = lines.filter((line) => line.message === 'job requested');
    expect(handler.map((line) => [line.request_id, line.route, line.method])).toEqual([
      ['req-7', '/jobs/:jobId', 'GET'],
      [id, '/jobs/:jobId', 'GET'],
    ]);
    const access = lines.filter((line) => line.message === 'request completed');
    expect(access).toHaveLength(2);
    expect(access[0]).toMatchObject({
      request_id: 'req-7',
      route: '/jobs/:jobId',
      path: '/jobs/7',
      status_code: 200,
      level: 'info',
    });
    expect(access[0]!.api_key_prefix).toBeDefined();
    expect(JSON.stringify(access[0])).not.toContain('tfo_abcdefgh12345');
    expect(access[0]).not.toHaveProperty('aborted');
    expect(access[0]).not.toHaveProperty('bytes');
  });

  it('sets the id on a raw Response and on error answers, and logs them at their level', async () => {
    const { app, capture } = fetchApp();
    const raw = await app.request('/raw', { headers: { 'x-request-id': 'raw-1' } });
    expect(raw.status).toBe(202);
    expect(raw.headers.get('x-request-id')).toBe('raw-1');
    const boom = await app.request('/boom', { headers: { 'x-request-id': 'boom-1' } });
    expect(boom.status).toBe(500);
    expect(boom.headers.get('x-request-id')).toBe('boom-1');
    const missing = await app.request('/nothing', { headers: { 'x-request-id': 'none-1' } });
    expect(missing.status).toBe(404);
    const access = capture.lines().filter((line) => line.message === 'request completed');
    expect(access.map((line) => [line.request_id, line.status_code, line.level, line.route ?? null])).toEqual([
      ['raw-1', 202, 'info', '/raw'],
      ['boom-1', 500, 'error', '/boom'],
      ['none-1', 404, 'warning', null],
    ]);
  });

  it('writes no access line with accessLog: false, and no id or context with requestContext: false', async () => {
    const quiet = fetchApp(false);
    const response = await quiet.app.request('/jobs/1', { headers: { 'x-request-id': 'q-1' } });
    expect(response.headers.get('x-request-id')).toBe('q-1');
    expect(quiet.capture.lines().map((line) => line.message)).toEqual(['job requested']);

    const off = fetchApp(true, false);
    const plain = await off.app.request('/jobs/1', { headers: { 'x-request-id': 'o-1' } });
    expect(plain.headers.get('x-request-id')).toBeNull();
    expect(await plain.json()).toEqual({ requestId: null });
    // Outside a request scope getLogger() is the process default logger, not this object's.
    expect(off.capture.lines()).toEqual([]);
  });
});
