import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../../test/helpers/redis.js';
import { createObservability } from '../create-observability.js';
import { runCli } from './run.js';

async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { code, stdout, stderr };
}

const observability = createObservability({ groups: 'all', defaultMetrics: false });

/** What each path of the test server answers: status, content type (undefined: none) and body. */
const ROUTES: Record<string, { status: number; type: string | undefined; body: () => Promise<string | Buffer> }> = {
  '/html': {
    status: 200,
    type: 'text/html; charset=utf-8',
    body: async () => '<!doctype html>\n<html><head><title>Welcome</title></head><body>Hello</body></html>\n',
  },
  '/html-as-text': {
    status: 200,
    type: 'text/plain',
    body: async () => '<!doctype html>\n<html><body>Hello</body></html>\n',
  },
  '/empty': { status: 200, type: 'text/plain; version=0.0.4', body: async () => '' },
  '/json': { status: 200, type: 'application/json', body: async () => '{"status":"ok","checks":{}}' },
  '/missing': { status: 404, type: 'text/plain', body: async () => 'Not Found' },
  '/garbage': {
    status: 200,
    type: undefined,
    body: async () => Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 151 + 7) % 256)),
  },
  '/metrics': {
    status: 200,
    type: 'text/plain; version=0.0.4; charset=utf-8',
    body: async () => (await observability.scrape()).body,
  },
};

describe('verify against something that is not a metrics exposition', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = ROUTES[req.url ?? ''];
      if (route === undefined) return void res.writeHead(500).end();
      void route.body().then((body) => {
        res.writeHead(route.status, route.type === undefined ? {} : { 'content-type': route.type });
        res.end(body);
      });
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((done) => server.close(() => done())));

  it.each([
    ['an HTML page answering 200', '/html', /not a metrics exposition.*text\/html/],
    ['an HTML page served as text/plain', '/html-as-text', /not a metrics exposition.*line 1/],
    ['an empty 200', '/empty', /not a metrics exposition: the response is empty/],
    ['a JSON document', '/json', /not a metrics exposition.*application\/json/],
    ['garbage bytes with no content type', '/garbage', /not a metrics exposition.*line 1/],
    ['a 404', '/missing', /cannot read .*\/missing: HTTP 404/],
  ])('%s: says what it got, exits 2, reports no metrics', async (_case, path, message) => {
    const { code, stdout, stderr } = await cli('verify', '--url', base + path);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).not.toContain('SDK metrics missing');
  });

  it('connection refused: says so, exits 2', async () => {
    const port = await freePort();
    const { code, stdout, stderr } = await cli('verify', '--url', `http://127.0.0.1:${port}/metrics`);
    expect(stderr).toMatch(/cannot read http:\/\/127\.0\.0\.1:\d+\/metrics: connection refused/);
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });

  it('a real exposition is still read and checked', async () => {
    const { code, stdout, stderr } = await cli('verify', '--url', `${base}/metrics`);
    expect(stderr).not.toContain('not a metrics exposition');
    expect(stdout).toContain('Runtime metrics missing');
    expect(code).toBe(0);
  });
});
