import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A local webhook receiver for the demo. */
export interface WebhookReceiver {
  /** The URL to give as `webhookUrl`. */
  readonly url: string;
  /** The bodies received and accepted (the refused first attempt is not kept). */
  readonly received: unknown[];
  close(): Promise<void>;
}

/**
 * Starts a webhook receiver on 127.0.0.1 (a free port). It answers the first delivery with a
 * 503, so the demo shows a retry (`webhook_retries_total`), and accepts the next ones.
 *
 * @returns The running receiver.
 * @example
 * ```ts
 * const receiver = await startWebhookReceiver();
 * await fetch(`${url}/jobs`, { method: 'POST', body: JSON.stringify({ source, webhookUrl: receiver.url }) });
 * ```
 */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: unknown[] = [];
  let calls = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (++calls === 1) {
        res.writeHead(503, { 'Retry-After': '0' }).end();
        return;
      }
      try {
        received.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        received.push(Buffer.concat(chunks).toString('utf8'));
      }
      res.writeHead(204).end();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hooks/transcode`,
    received,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
