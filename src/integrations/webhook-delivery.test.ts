import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createObservability } from '../create-observability.js';
import { ObservabilityError } from '../core/errors.js';
import { deliverWebhook } from './webhook-delivery.js';

const servers: Server[] = [];

afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A real local HTTP receiver; returns its URL and the bodies it received. */
async function receiver(handle: (request: IncomingMessage, response: ServerResponse, n: number) => void) {
  const bodies: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      bodies.push(body);
      handle(request, response, bodies.length);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks?token=secret`, bodies };
}

const event = 'job.completed';

describe('deliverWebhook', () => {
  it('retries a receiver that fails, then succeeds, with backoff, and records every attempt', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const { url, bodies } = await receiver((_, response, n) => response.writeHead(n < 3 ? 503 : 204).end());
    const started = Date.now();
    const result = await deliverWebhook(observability, {
      url,
      event,
      payload: { jobId: 'abc123' },
      baseDelayMs: 40,
    });
    expect(result).toEqual({ status: 204, attempts: 3 });
    // Equal jitter: at least half of 40 ms, then half of 80 ms.
    expect(Date.now() - started).toBeGreaterThanOrEqual(60);
    expect(bodies).toEqual(Array(3).fill('{"jobId":"abc123"}'));
    const { metrics } = observability;
    expect(metrics.webhookSentTotal.value({ event, outcome: 'success' })).toBe(1);
    expect(metrics.webhookSentTotal.value({ event, outcome: 'failure' })).toBe(0);
    expect(metrics.webhookRetriesTotal.value({ event })).toBe(2);
    expect(metrics.webhookDurationSeconds.value({ event, outcome: 'failure' }).count).toBe(2);
    expect(metrics.webhookDurationSeconds.value({ event, outcome: 'success' }).count).toBe(1);
  });

  it('times out a receiver that hangs, up to the retry cap, and fails with TFO_ERR_WEBHOOK_DELIVERY_FAILED', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const { url, bodies } = await receiver(() => {});
    const started = Date.now();
    const error = await deliverWebhook(observability, {
      url,
      event,
      timeoutMs: 100,
      maxAttempts: 2,
      baseDelayMs: 10,
    }).catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(bodies).toHaveLength(2);
    expect(error).toBeInstanceOf(ObservabilityError);
    expect((error as ObservabilityError).code).toBe('TFO_ERR_WEBHOOK_DELIVERY_FAILED');
    // The message names the receiver without its query (which may hold a token).
    expect((error as Error).message.replace(/:\d+\//, ':PORT/')).toMatchInlineSnapshot(
      `"TFO_ERR_WEBHOOK_DELIVERY_FAILED: webhook job.completed to http://127.0.0.1:PORT/hooks timed out after 100 ms on the last of 2 attempts; expected a 2xx answer. Check that the receiver is up and answers within timeoutMs (100 ms), or raise timeoutMs or maxAttempts."`,
    );
    const { metrics } = observability;
    expect(metrics.webhookSentTotal.value({ event, outcome: 'failure' })).toBe(1);
    expect(metrics.webhookRetriesTotal.value({ event })).toBe(1);
    expect(metrics.webhookDurationSeconds.value({ event, outcome: 'failure' }).count).toBe(2);
  });

  it('does not retry an answer such as 400, and honours Retry-After on 429', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const bad = await receiver((_, response) => response.writeHead(400).end('bad payload'));
    await expect(deliverWebhook(observability, { url: bad.url, event, baseDelayMs: 1 })).rejects.toThrow(
      /answered 400 on attempt 1, an answer that is not retried/,
    );
    expect(bad.bodies).toHaveLength(1);

    const limited = await receiver((_, response, n) =>
      n === 1 ? response.writeHead(429, { 'retry-after': '0' }).end() : response.writeHead(200).end(),
    );
    await expect(deliverWebhook(observability, { url: limited.url, event, baseDelayMs: 60_000 })).resolves.toEqual({
      status: 200,
      attempts: 2,
    });
  });

  it('retries a refused connection and stops when its signal aborts', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const controller = new AbortController();
    const reason = new Error('shutting down');
    const delivery = deliverWebhook(observability, {
      url: 'http://127.0.0.1:1/hooks',
      event,
      baseDelayMs: 10_000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(reason), 100);
    await expect(delivery).rejects.toBe(reason);
    expect(observability.metrics.webhookRetriesTotal.value({ event })).toBe(1);
  });

  it('refuses bad options with TFO_ERR_INVALID_OPTION', async () => {
    const observability = createObservability({ defaultMetrics: false });
    await expect(deliverWebhook(observability, { url: 'not a url', event })).rejects.toMatchObject({
      code: 'TFO_ERR_INVALID_OPTION',
      option: 'url',
    });
    await expect(deliverWebhook(observability, { url: 'http://x', event, maxAttempts: 0 })).rejects.toMatchObject({
      option: 'maxAttempts',
    });
  });

  // Every option at and past its limits: a duration is a timer's (Node fires one above 2^31-1 ms at once).
  it.each([
    ['timeoutMs', 0],
    ['timeoutMs', 2 ** 31],
    ['timeoutMs', 3e9],
    ['timeoutMs', Number.POSITIVE_INFINITY],
    ['timeoutMs', Number.NaN],
    ['baseDelayMs', -1],
    ['baseDelayMs', 2 ** 31],
    ['maxDelayMs', 2 ** 31],
    ['maxDelayMs', '100'],
    ['maxAttempts', 2.5],
    ['maxAttempts', Number.POSITIVE_INFINITY],
  ])('refuses %s: %s with TFO_ERR_INVALID_OPTION naming it, before any request', async (option, value) => {
    const observability = createObservability({ defaultMetrics: false });
    const { url, bodies } = await receiver((_, response) => response.writeHead(204).end());
    await expect(deliverWebhook(observability, { url, event, [option]: value })).rejects.toMatchObject({
      code: 'TFO_ERR_INVALID_OPTION',
      option,
    });
    expect(bodies).toEqual([]);
  });

  it('takes every duration at its largest, 2^31-1 ms, and still answers as soon as the receiver does', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const { url } = await receiver((_, response, n) => {
      // The first answer asks for a retry after 1 s: with maxDelayMs at its largest, that second is what is waited.
      if (n === 1) response.writeHead(503, { 'retry-after': '1' }).end();
      else response.writeHead(204).end();
    });
    const largest = 2 ** 31 - 1;
    await expect(
      deliverWebhook(observability, { url, event, timeoutMs: largest, baseDelayMs: largest, maxDelayMs: largest }),
    ).resolves.toMatchObject({ status: 204, attempts: 2 });
  });
});
