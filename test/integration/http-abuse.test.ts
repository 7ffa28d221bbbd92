import { randomBytes, randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSamples, sampleValue, type Sample } from '../helpers/exposition.js';
import {
  APPS,
  openRequest,
  type RunningApp,
  scrape,
  scrapeUntil,
  send,
  sendAll,
  startApp,
} from '../helpers/http-apps.js';

const TOTAL = 'api_requests_total';
/** 10,000 requests take 10 s on a quiet machine and several times that with both cores loaded. */
const HEAVY_TIMEOUT_MS = 240_000;

/** Writes a raw request line (bypassing client-side URL checks) and resolves with the status line, or '' on close. */
function rawRequest(url: string, target: string): Promise<string> {
  const { port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), '127.0.0.1', () => {
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n`);
    });
    let head = '';
    socket.on('data', (chunk) => (head += chunk.toString('latin1')));
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(head.split('\r\n')[0] ?? ''));
  });
}

const routes = (samples: Sample[]): Set<string> => new Set(findSamples(samples, TOTAL).map((s) => s.labels.route!));
const inFlight = (samples: Sample[]): number =>
  findSamples(samples, 'api_requests_in_progress').reduce((sum, s) => sum + s.value, 0);

describe.each(APPS)('%s adapter under abuse', (adapter) => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp(adapter);
  });
  afterAll(() => app.close());

  it(
    '5,000 distinct random paths and 5,000 distinct ids leave a handful of route values',
    async () => {
      const random = Array.from({ length: 5000 }, () => `/${randomBytes(6).toString('hex')}/${randomUUID()}`);
      const ids = Array.from({ length: 5000 }, (_, i) => `/jobs/${i}-${randomBytes(4).toString('hex')}`);
      expect(new Set(await sendAll(app.url, random, 32))).toEqual(new Set([404]));
      expect(new Set(await sendAll(app.url, ids, 32))).toEqual(new Set([200]));
      const samples = await scrape(app.url);
      expect(sampleValue(samples, TOTAL, { method: 'GET', route: '__unmatched__', status_code: '404' })).toBe(5000);
      expect(sampleValue(samples, TOTAL, { method: 'GET', route: '/jobs/:jobId', status_code: '200' })).toBe(5000);
      expect(routes(samples).size).toBeLessThanOrEqual(3);
      expect(findSamples(samples, TOTAL).length).toBeLessThanOrEqual(3);
    },
    HEAVY_TIMEOUT_MS,
  );

  it('survives malformed and overlong URLs without creating series', async () => {
    const before = routes(await scrape(app.url));
    const targets = [
      '/%',
      '/%zz/%%',
      '/jobs/%E0%A4%A',
      '//',
      '/..%2f..%2fetc/passwd',
      `/${'a'.repeat(7000)}`,
      `/jobs/${'9'.repeat(7000)}`,
    ];
    for (const target of targets) {
      const status = await rawRequest(app.url, target);
      expect(status === '' || /^HTTP\/1\.1 [1-5]\d\d/.test(status), `${target.slice(0, 40)} → ${status}`).toBe(true);
    }
    expect((await send(app.url, '/jobs/1')).status).toBe(200);
    const after = await scrape(app.url);
    const added = [...routes(after)].filter((route) => !before.has(route));
    expect(added.every((route) => route === '__unmatched__' || route === '/jobs/:jobId')).toBe(true);
    expect(inFlight(after)).toBe(0);
  });

  it(
    '1,000 concurrent requests aborted mid-flight leave the in-flight gauge at 0, each recorded once as 499',
    async () => {
      // Opened in batches of 100, each held by the server before the next, so a busy machine's
      // listen backlog never resets a connection; the server still holds all 1,000 at once.
      const open: { abort(): void }[] = [];
      for (let batch = 0; batch < 10; batch++) {
        for (let i = 0; i < 100; i++) open.push(openRequest(app.url, '/hang'));
        await scrapeUntil(app.url, (s) => inFlight(s) >= open.length, 20_000);
      }
      const started = await scrape(app.url);
      expect(inFlight(started)).toBe(1000);
      for (const request of open) request.abort();
      const samples = await scrapeUntil(
        app.url,
        (s) => (sampleValue(s, TOTAL, { route: '/hang', status_code: '499' }) ?? 0) >= 1000,
        10_000,
      );
      expect(sampleValue(samples, TOTAL, { route: '/hang', status_code: '499' })).toBe(1000);
      expect(findSamples(samples, TOTAL, { route: '/hang' })).toHaveLength(1);
      expect(inFlight(samples)).toBe(0);
      expect((await send(app.url, '/health')).status).toBe(200);
    },
    HEAVY_TIMEOUT_MS,
  );
});
