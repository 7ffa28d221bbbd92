import { EventEmitter } from 'node:events';
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Test apps that fail a response after its headers went out (a handler that writes part of the
 * body and then throws, a stream that breaks half-way), and a client that reads them as a real one
 * would. Used by the metrics suite (http-server-failure) and the access-log one (audit-13).
 */
export interface FailingApp {
  url: string;
  /** Emits `failed` when the framework reports a failure it leaves the response open after (Koa). */
  events: EventEmitter;
  close(): Promise<void>;
}

/** The part of the body a failing handler writes before it fails. */
export const PART = 'part of the body\n';

/** Lets what was written leave the process (Node writes corked chunks on the next tick). */
export const flushed = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Starts `server` on a free loopback port; `close` ends its open connections too. */
export function listenFailing(server: Server, events = new EventEmitter()): Promise<FailingApp> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        events,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      }),
    );
  });
}

/**
 * Reads a response as a client does, until the server ends or breaks the connection (or, for a
 * framework that leaves it open after a failure, until it reported the failure and the first part
 * arrived). Resolves with the status line's code and the body received.
 */
export function readFailing(app: FailingApp, path: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve) => {
    let status = 0;
    let body = '';
    let reported = false;
    const req = httpRequest(`${app.url}${path}`, { agent: false }, (res) => {
      status = res.statusCode ?? 0;
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
        if (reported) req.destroy();
      });
      res.on('error', () => undefined);
    });
    const failed = (): void => {
      reported = true;
      if (body !== '') req.destroy();
    };
    app.events.once('failed', failed);
    req.on('error', () => undefined);
    req.on('close', () => {
      app.events.off('failed', failed);
      resolve({ status, body });
    });
    req.end();
  });
}
