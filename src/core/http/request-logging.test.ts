import { createServer, IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Socket } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { logCapture } from '../../test/helpers/log-lines.js';
import { RequestRecorder } from '../core/http/request-recorder.js';
import { createObservability, type Observability } from '../create-observability.js';
import { getContext } from './context.js';
import { requestApiKeyPrefix as apiKeyPrefix, requestIdOf, runInRequestContext } from './http-context.js';
import type { Logger } from './logger.js';

function request(headers: Record<string, string | string[]>): IncomingMessage {
  const message = new IncomingMessage(new Socket());
  message.headers = headers as IncomingMessage['headers'];
  return message;
}

describe('requestIdOf', () => {
  it('keeps a valid incoming x-request-id', () => {
    expect(requestIdOf(request({ 'x-request-id': 'edge-7f3a:12/b+c=' }))).toBe('edge-7f3a:12/b+c=');
  });

  it.each([['with spaces'], ['<script>'], ['x'.repeat(129)], ['']])('replaces %j with a UUID', (incoming) => {
    expect(requestIdOf(request({ 'x-request-id': incoming }))).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('requestApiKeyPrefix', () => {
  it('shows at most 8 characters and at most a quarter of the key', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': 'sk_live_4f9a8b7c6d5e4f3a2b1c0d9e' }))).toBe('sk_live_');
    expect(apiKeyPrefix(request({ 'x-api-key': 'abcdefghijkl' }))).toBe('abc');
    expect(apiKeyPrefix(request({ authorization: 'Bearer tok_0123456789abcdef' }))).toBe('tok_0');
  });

  it('shows nothing for short keys, other schemes or no key', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': 'short' }))).toBeUndefined();
    expect(apiKeyPrefix(request({ authorization: 'Basic dXNlcjpwYXNzd29yZA==' }))).toBeUndefined();
    expect(apiKeyPrefix(request({}))).toBeUndefined();
  });

  it('uses the first of repeated headers', () => {
    expect(apiKeyPrefix(request({ 'x-api-key': ['sk_test_aaaaaaaaaaaaaaaaaaaaaaaa', 'other'] }))).toBe('sk_test_');
  });
});

describe('runInRequestContext on a plain node:http server', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  });

  async function serve(observability: Observability, logger: Logger | undefined): Promise<string> {
    // The request scope the adapters hand over: a real record, with or without a named logger.
    const recorder = new RequestRecorder({ metrics: observability.metrics, exemplars: false, logger }, undefined);
    server = createServer((request, response) =>
      runInRequestContext(recorder.begin(request, response, '/ping', undefined, {}), () => {
        response.end(JSON.stringify(getContext()));
      }),
    );
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  it('uses the logger and access-log setting of the observability object the scope names', async () => {
    const first = logCapture();
    const second = logCapture();
    const a = createObservability({ defaultMetrics: false, logger: { name: 'a', destination: first.destination } });
    createObservability({
      defaultMetrics: false,
      accessLog: false,
      logger: { name: 'b', destination: second.destination },
    });
    const url = await serve(a, a.logger);
    const context = (await (await fetch(url, { headers: { 'x-request-id': 'r-1' } })).json()) as Record<
      string,
      unknown
    >;
    expect(context).toEqual({ request_id: 'r-1', method: 'GET', route: '/ping' });
    await delay(20);
    expect(first.lines()).toEqual([
      expect.objectContaining({
        logger: 'a',
        request_id: 'r-1',
        status_code: 200,
        route: '/ping',
        bytes: JSON.stringify(context).length,
      }),
    ]);
    expect(second.lines()).toEqual([]);
  });

  it('falls back to the settings of the last observability object', async () => {
    const last = logCapture();
    const observability = createObservability({
      defaultMetrics: false,
      accessLog: false,
      logger: { destination: last.destination },
    });
    const url = await serve(observability, undefined);
    expect((await fetch(url)).headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await delay(20);
    expect(last.lines()).toEqual([]);
  });
});
