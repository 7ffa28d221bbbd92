import {
  createServer,
  type IncomingMessage,
  request as httpRequest,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parseExposition, sampleValue } from '../../../test/helpers/exposition.js';
import { createObservability } from '../../create-observability.js';
import { seededRandom } from '../../../test/helpers/random.js';
import { waitUntil } from '../../../test/helpers/wait.js';
import { customSeriesKey, RequestRecorder } from './request-recorder.js';

/** A server whose handler gets each request once its client has closed the connection. */
async function serverAfterAbort(
  handle: (request: IncomingMessage, response: ServerResponse) => void,
): Promise<{ server: Server; port: number }> {
  const server = createServer((request, response) => {
    response.once('close', () => handle(request, response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

describe('RequestRecorder', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('records a request whose client left before recording began once, as 499, and the gauge returns to 0', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const recorder = new RequestRecorder(observability, undefined);
    const begun = new Promise<void>((resolve, reject) => {
      void serverAfterAbort((request, response) => {
        try {
          expect(response.destroyed).toBe(true);
          recorder.begin(request, response, '/late', undefined, {});
          resolve();
        } catch (error) {
          reject(error as Error);
        }
      }).then((started) => {
        server = started.server;
        const client = httpRequest({ host: '127.0.0.1', port: started.port, path: '/late' });
        client.on('error', () => {});
        client.end(() => setTimeout(() => client.destroy(), 20));
      });
    });
    await begun;
    await new Promise((resolve) => setImmediate(resolve));
    const samples = parseExposition(await observability.registry.metrics());
    expect(sampleValue(samples, 'api_requests_total', { route: '/late', status_code: '499' })).toBe(1);
    expect(sampleValue(samples, 'api_requests_in_progress', { route: '/late' })).toBe(0);
  });

  it('records each request once even when its response emits close twice', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const recorder = new RequestRecorder(observability, undefined);
    let closes = 0;
    server = createServer((request, response) => {
      recorder.begin(request, response, '/twice', undefined, {});
      response.on('close', () => closes++);
      response.end('ok', () => response.emit('close'));
    });
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    expect(await (await fetch(`http://127.0.0.1:${port}/twice`)).text()).toBe('ok');
    // The client may have the body before the server's response emits close (either time).
    await waitUntil(() => closes >= 2, 'the response to emit close twice');
    const samples = parseExposition(await observability.registry.metrics());
    expect(sampleValue(samples, 'api_requests_total', { route: '/twice', status_code: '200' })).toBe(1);
    expect(sampleValue(samples, 'api_requests_in_progress', { route: '/twice' })).toBe(0);
  });
});

describe('customSeriesKey', () => {
  it('gives two label sets the same key exactly when every value, the method, route and status agree (seeded fuzz)', () => {
    const random = seededRandom(Number(process.env.ROUTE_FUZZ_SEED ?? 19));
    // Few, short pieces that look like the separators, so that collisions would be likely if the encoding allowed them.
    const pieces = ['', 'a', '1', '1:', ':', ' ', '0:a', 'a 2', '/x', '\0'];
    const text = (): string =>
      Array.from({ length: Math.floor(random() * 3) }, () => pieces[Math.floor(random() * pieces.length)]).join('');
    const seen = new Map<string, string>();
    for (let i = 0; i < 20_000; i++) {
      const values = { plan: text(), region: text() };
      const method = random() < 0.5 ? 'GET' : 'POST';
      const status = random() < 0.5 ? 200 : 20;
      const route = text();
      const identity = JSON.stringify([values.plan, values.region, method, status, route]);
      const key = customSeriesKey(values, method, route, status);
      const before = seen.get(key);
      if (before !== undefined) expect(before, key).toBe(identity);
      seen.set(key, identity);
    }
    expect(seen.size).toBeGreaterThan(1000);
  });
});
