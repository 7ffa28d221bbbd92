import { createServer, IncomingMessage, type RequestListener, type Server, ServerResponse } from 'node:http';
import { connect, type AddressInfo, Socket } from 'node:net';
import { Readable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { logCapture, type LogCapture } from '../../../test/helpers/log-lines.js';
import { seededRandom } from '../../../test/helpers/random.js';
import { createObservability } from '../../create-observability.js';
import { getContext } from '../../logging/context.js';
import { getLogger } from '../../logging/default-logger.js';
import type { Observability } from '../observability.js';
import type { AccessLogOptions } from './access-log-options.js';
import { newRequestId, requestApiKeyPrefix as apiKeyPrefix, requestIdOf } from './request-logging.js';
import { RequestRecorder } from './request-recorder.js';

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

  it('uses a valid framework id (Fastify request.id) when no valid x-request-id came, never over one', () => {
    expect(requestIdOf(request({}), 'req-7')).toBe('req-7');
    expect(requestIdOf(request({ 'x-request-id': 'edge-1' }), 'req-7')).toBe('edge-1');
    expect(requestIdOf(request({ 'x-request-id': 'bad id' }), 'req-7')).toBe('req-7');
    expect(requestIdOf(request({}), 'bad id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('newRequestId', () => {
  const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

  it('makes distinct ids shaped like version-4 UUIDs, valid as x-request-id', () => {
    const ids = Array.from({ length: 10_000 }, () => newRequestId());
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(UUID_V4);
    expect(requestIdOf(request({ 'x-request-id': ids[0]! }))).toBe(ids[0]);
  });

  it('draws a new random prefix in each process, so ids stay unique across processes and restarts', async () => {
    const { execFileSync } = await import('node:child_process');
    const module = new URL('./request-logging.ts', import.meta.url).href;
    const script = `const { newRequestId } = await import(${JSON.stringify(module)}); process.stdout.write(newRequestId())`;
    const run = (): string =>
      execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script]).toString();
    const [first, second] = [run(), run()];
    expect(first).toMatch(UUID_V4);
    expect(second).toMatch(UUID_V4);
    // Both are the first id of their process: only the random prefix tells them apart.
    expect(first.slice(24)).toBe(second.slice(24));
    expect(first.slice(0, 24)).not.toBe(second.slice(0, 24));
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

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

/** A plain node:http server recording through the core, with the request hooks of `observability`. */
async function serve(observability: Observability, handler: RequestListener): Promise<number> {
  const recorder = new RequestRecorder(observability, undefined);
  const server = createServer((req, res) =>
    observability.requestHooks.run(recorder.begin(req, res, '/ping', undefined, {}), () => handler(req, res)),
  );
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function observabilityWith(
  name: string,
  accessLog: boolean | AccessLogOptions = true,
): { observability: Observability; capture: LogCapture } {
  const capture = logCapture();
  const observability = createObservability({
    defaultMetrics: false,
    accessLog,
    logger: { name, level: 'trace', destination: capture.destination },
  });
  return { observability, capture };
}

describe('request hooks on a plain node:http server', () => {
  it('use the logger and access-log setting of their own observability object', async () => {
    const a = observabilityWith('a');
    const b = observabilityWith('b', false);
    const port = await serve(a.observability, (_req, res) => res.end(JSON.stringify(getContext())));
    const reply = await fetch(`http://127.0.0.1:${port}`, { headers: { 'x-request-id': 'r-1' } });
    expect(await reply.json()).toEqual({ request_id: 'r-1', method: 'GET', route: '/ping' });
    const lines = await a.capture.waitFor(1);
    expect(lines).toEqual([
      expect.objectContaining({ logger: 'a', request_id: 'r-1', status_code: 200, route: '/ping' }),
    ]);
    expect(b.capture.lines()).toEqual([]);
  });

  it('make getLogger() log as the observability object of the request, whichever was created last', async () => {
    const first = observabilityWith('svc-a');
    const second = observabilityWith('svc-b');
    const handler: RequestListener = (_req, res) => {
      getLogger().info('in handler');
      getLogger('jobs').info('named');
      res.end('ok');
    };
    const portA = await serve(first.observability, handler);
    const portB = await serve(second.observability, handler);
    await fetch(`http://127.0.0.1:${portA}`, { headers: { 'x-request-id': 'to-a' } }).then((r) => r.text());
    await fetch(`http://127.0.0.1:${portB}`, { headers: { 'x-request-id': 'to-b' } }).then((r) => r.text());
    const linesA = await first.capture.waitFor(1, (line) => line.message === 'request completed');
    const linesB = await second.capture.waitFor(1, (line) => line.message === 'request completed');
    const summary = (lines: readonly { logger: string; message: string; request_id?: unknown }[]) =>
      lines.map((line) => [line.logger, line.message, line.request_id]);
    expect(summary(linesA)).toEqual([
      ['svc-a', 'in handler', 'to-a'],
      ['jobs', 'named', 'to-a'],
      ['svc-a', 'request completed', 'to-a'],
    ]);
    expect(summary(linesB)).toEqual([
      ['svc-b', 'in handler', 'to-b'],
      ['jobs', 'named', 'to-b'],
      ['svc-b', 'request completed', 'to-b'],
    ]);
  });
});

describe('the accessLog callbacks on a plain node:http server', () => {
  const isAccess = (line: { message: string }): boolean => line.message === 'request completed';

  it('belong to their own observability object: two objects in one process each use theirs', async () => {
    const a = observabilityWith('a', { level: () => 'debug', props: () => ({ service: 'a' }) });
    const b = observabilityWith('b', { ignore: (request) => request.url === '/quiet' });
    const c = observabilityWith('c');
    const handler: RequestListener = (_req, res) => res.end('ok');
    const ports = [await serve(a.observability, handler), await serve(b.observability, handler)];
    ports.push(await serve(c.observability, handler));
    for (const port of ports) {
      await fetch(`http://127.0.0.1:${port}/quiet`).then((r) => r.text());
      await fetch(`http://127.0.0.1:${port}/loud`).then((r) => r.text());
    }
    const summary = (capture: LogCapture) =>
      capture.lines().map((line) => [line.logger, line.level, line.path, line.service ?? null]);
    await a.capture.waitFor(2, isAccess);
    await b.capture.waitFor(1, isAccess);
    await c.capture.waitFor(2, isAccess);
    expect(summary(a.capture)).toEqual([
      ['a', 'debug', '/quiet', 'a'],
      ['a', 'debug', '/loud', 'a'],
    ]);
    expect(summary(b.capture)).toEqual([['b', 'info', '/loud', null]]);
    expect(summary(c.capture)).toEqual([
      ['c', 'info', '/quiet', null],
      ['c', 'info', '/loud', null],
    ]);
  });

  it('ask ignore once when the request starts, and props when the line is written (after the handler)', async () => {
    const calls: string[] = [];
    const { observability, capture } = observabilityWith('order', {
      ignore: (request) => {
        calls.push(`ignore ${request.url}`);
        return false;
      },
      props: (request, response) => {
        calls.push(`props ${response?.statusCode}`);
        return { user: (request as IncomingMessage & { user?: string }).user };
      },
    });
    const port = await serve(observability, (req, res) => {
      calls.push('handler');
      (req as IncomingMessage & { user?: string }).user = 'u-7';
      res.statusCode = 202;
      res.end('ok');
    });
    await fetch(`http://127.0.0.1:${port}/jobs?x=1`).then((r) => r.text());
    const [line] = await capture.waitFor(1, isAccess);
    expect(calls).toEqual(['ignore /jobs?x=1', 'handler', 'props 202']);
    expect(line).toMatchObject({ user: 'u-7', status_code: 202, path: '/jobs' });
  });

  it.each([
    ['warn', 'warning'],
    ['fatal', 'critical'],
    ['trace', 'trace'],
    ['critical', 'critical'],
  ] as const)('write a line at %s as %s', async (chosen, written) => {
    const { observability, capture } = observabilityWith('levels', { level: () => chosen });
    const port = await serve(observability, (_req, res) => res.end('ok'));
    await fetch(`http://127.0.0.1:${port}/`).then((r) => r.text());
    const [line] = await capture.waitFor(1, isAccess);
    expect(line!.level).toBe(written);
  });

  it("write no line at 'silent', and none below the logger's level", async () => {
    const capture = logCapture();
    const observability = createObservability({
      defaultMetrics: false,
      accessLog: { level: (status) => (status === 204 ? 'silent' : status === 202 ? 'debug' : 'info') },
      logger: { name: 'quiet', level: 'info', destination: capture.destination },
    });
    const port = await serve(observability, (req, res) => {
      res.statusCode = Number(req.url!.slice(1));
      res.end();
    });
    for (const status of [204, 202, 200]) await fetch(`http://127.0.0.1:${port}/${status}`).then((r) => r.text());
    const lines = await capture.waitFor(1, isAccess);
    expect(lines.map((line) => line.status_code)).toEqual([200]);
  });

  it('keep odd prop names safe: a __proto__ field never reaches a prototype, head and own fields are renamed', async () => {
    const { observability, capture } = observabilityWith('odd', {
      props: () => ({
        ...(JSON.parse('{"__proto__": {"polluted": true}}') as object),
        message: 'forged',
        pid: 1,
        path: '/forged',
        aborted: false,
        bytes: -1,
        duration_ms: 0,
        request_id: 'forged',
        api_key_prefix: 'forged',
        method: 'FORGED',
        skipped: undefined,
      }),
    });
    const port = await serve(observability, (_req, res) => res.end('ok'));
    await fetch(`http://127.0.0.1:${port}/x`, { headers: { 'x-request-id': 'real' } }).then((r) => r.text());
    const [line] = await capture.waitFor(1, isAccess);
    expect(line).toMatchObject({
      message: 'request completed',
      request_id: 'real',
      method: 'GET',
      path: '/x',
      field_message: 'forged',
      field_pid: 1,
      field_path: '/forged',
      field_aborted: false,
      field_bytes: -1,
      field_duration_ms: 0,
      field_request_id: 'forged',
      field_api_key_prefix: 'forged',
      field_method: 'FORGED',
    });
    expect(line!.pid).toBe(process.pid);
    expect('aborted' in line!).toBe(false);
    expect('skipped' in line!).toBe(false);
    expect(Object.prototype).not.toHaveProperty('polluted');
  });
});

/** The access line's own fields (written down here, not read from the code: the test's oracle). */
const OWN_FIELDS = new Set([
  'request_id',
  'method',
  'api_key_prefix',
  'route',
  'status_code',
  'duration_ms',
  'path',
  'bytes',
  'aborted',
]);
const HEAD_FIELDS = new Set(['timestamp', 'level', 'logger', 'message', 'pid']);
/** Prop names that stress the merge: the line's own fields, head fields, prototype names, odd text. */
const FUZZ_KEYS = [
  ...OWN_FIELDS,
  ...HEAD_FIELDS,
  'field_status_code',
  '__proto__',
  'constructor',
  'toString',
  'hasOwnProperty',
  '',
  ' ',
  'a.b',
  'ünïcode',
  '😀',
  'password',
  'tenant',
];

function fuzzValue(random: () => number, depth = 0): unknown {
  const pick = Math.floor(random() * 12);
  switch (pick) {
    case 0:
      return 'x'.repeat(Math.floor(random() * 20));
    case 1:
      return Math.floor(random() * 1e6) - 5e5;
    case 2:
      return [Number.NaN, Infinity, -0, 1e308][Math.floor(random() * 4)];
    case 3:
      return BigInt(Math.floor(random() * 1e9));
    case 4:
      return null;
    case 5:
      return undefined;
    case 6:
      return depth > 3 ? 'deep' : { inner: fuzzValue(random, depth + 1), password: 'p' };
    case 7:
      return depth > 3 ? [] : [fuzzValue(random, depth + 1), fuzzValue(random, depth + 1)];
    case 8:
      return new Error('fuzz');
    case 9:
      return Buffer.from('abc');
    case 10: {
      const circular: Record<string, unknown> = { id: 1 };
      circular.self = circular;
      return circular;
    }
    default:
      return random() < 0.5;
  }
}

/** A random props object of `seed`: own fields of odd names, with values of every kind. */
function fuzzProps(seed: number): Record<string, unknown> {
  const random = seededRandom(seed);
  const props: Record<string, unknown> = {};
  const count = Math.floor(random() * 8);
  for (let i = 0; i < count; i++) {
    const key = FUZZ_KEYS[Math.floor(random() * FUZZ_KEYS.length)]!;
    Object.defineProperty(props, key, {
      value: fuzzValue(random),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return props;
}

describe('accessLog props, fuzzed', () => {
  const RUNS = 200;

  it(`never break a line or replace its own fields (${RUNS} random props objects)`, async () => {
    const { observability, capture } = observabilityWith('fuzz', {
      props: (request) => fuzzProps(Number(request.headers['x-seed'])),
    });
    const port = await serve(observability, (_req, res) => res.end('ok'));
    for (let seed = 1; seed <= RUNS; seed++) {
      const headers = { 'x-seed': String(seed), 'x-request-id': `seed-${seed}` };
      await fetch(`http://127.0.0.1:${port}/fuzz`, { headers }).then((r) => r.text());
    }
    const lines = await capture.waitFor(RUNS, (line) => line.message === 'request completed');
    for (let seed = 1; seed <= RUNS; seed++) {
      const line = lines.find((candidate) => candidate.request_id === `seed-${seed}`);
      expect({ seed, found: line !== undefined }).toEqual({ seed, found: true });
      expect({ seed, own: [line!.method, line!.route, line!.status_code, line!.path, line!.logger] }).toEqual({
        seed,
        own: ['GET', '/ping', 200, '/fuzz', 'fuzz'],
      });
      expect(line!.aborted, `seed ${seed}`).toBeUndefined();
      const props = fuzzProps(seed);
      for (const [key, value] of Object.entries(props)) {
        if (value === undefined || key === '__proto__') continue;
        const name = OWN_FIELDS.has(key) || HEAD_FIELDS.has(key) ? `field_${key}` : key;
        expect({ seed, key, present: Object.hasOwn(line!, name) }).toEqual({ seed, key, present: true });
        if (key === 'password') expect(line![name], `seed ${seed}`).toBe('[Redacted]');
      }
    }
  }, 120_000);
});

/** Sends `raw` on a new connection and resolves with every byte the server sent until it closed. */
function exchange(port: number, raw: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect(port, '127.0.0.1', () => socket.end(raw));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

const BODY = 'x'.repeat(3000);
const HANDLERS: Record<string, RequestListener> = {
  '/content-length': (_req, res) => {
    res.setHeader('content-length', Buffer.byteLength(BODY));
    res.end(BODY);
  },
  '/end-only': (_req, res) => res.end('héllo wörld'),
  '/chunked': (_req, res) => {
    res.write('a');
    res.write(Buffer.from('bb'));
    res.write('ccc', 'latin1');
    res.end('dddd');
  },
  '/streamed': (_req, res) => {
    Readable.from(
      Array.from({ length: 40 }, (_, i) => Buffer.alloc(1000 + i, i)),
      { objectMode: false },
    ).pipe(res);
  },
  '/not-modified': (_req, res) => {
    res.statusCode = 304;
    res.setHeader('etag', '"v1"');
    res.end();
  },
  '/empty': (_req, res) => {
    res.statusCode = 204;
    res.end();
  },
};

function route(req: IncomingMessage): RequestListener {
  return HANDLERS[req.url ?? ''] ?? ((_r, res) => res.end('unknown'));
}

describe('the bytes of an access line', () => {
  it.each([
    ['GET', '/content-length'],
    ['GET', '/end-only'],
    ['GET', '/chunked'],
    ['GET', '/streamed'],
    ['GET', '/not-modified'],
    ['GET', '/empty'],
    ['HEAD', '/content-length'],
    ['HEAD', '/chunked'],
  ])('are what the client received: %s %s', async (method, path) => {
    const { observability, capture } = observabilityWith('bytes');
    const port = await serve(observability, (req, res) => route(req)(req, res));
    const received = await exchange(port, `${method} ${path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n`);
    const [line] = await capture.waitFor(1);
    expect(line).toMatchObject({ path, bytes: received.length });
  });

  const PATHS = ['/chunked', '/content-length', '/streamed', '/not-modified', '/end-only'];

  it('count each response of a keep-alive connection', async () => {
    const { observability, capture } = observabilityWith('bytes');
    const port = await serve(observability, (req, res) => route(req)(req, res));
    const socket = connect(port, '127.0.0.1');
    let received = 0;
    socket.on('data', (chunk: Buffer) => (received += chunk.length));
    try {
      for (const [i, path] of PATHS.entries()) {
        const before = received;
        socket.write(`GET ${path} HTTP/1.1\r\nhost: x\r\n\r\n`);
        const line = (await capture.waitFor(i + 1))[i]!;
        // The access line is written once the response is on the wire; wait until it all arrived.
        while (received - before < (line.bytes as number)) await new Promise((resolve) => socket.once('data', resolve));
        expect(line).toMatchObject({ path, bytes: received - before });
      }
    } finally {
      socket.destroy();
    }
  });

  it('add up to what the client received when requests are pipelined', async () => {
    const { observability, capture } = observabilityWith('bytes');
    const port = await serve(observability, (req, res) => route(req)(req, res));
    const requests = PATHS.map((path, i) => {
      const last = i === PATHS.length - 1 ? 'connection: close\r\n' : '';
      return `GET ${path} HTTP/1.1\r\nhost: x\r\n${last}\r\n`;
    });
    // All requests in one write: each response waits for the one before it on the connection, and
    // how the bytes split between two neighbours depends on when Node hands over the connection.
    const received = await exchange(port, requests.join(''));
    const lines = await capture.waitFor(PATHS.length);
    expect(lines.map((line) => line.path)).toEqual(PATHS);
    expect(lines.reduce((sum, line) => sum + (line.bytes as number), 0)).toBe(received.length);
  });

  it('make no closure around write or end', async () => {
    const { observability } = observabilityWith('bytes');
    let seen: { write: unknown; end: unknown } | undefined;
    const port = await serve(observability, (_req, res) => {
      seen = { write: res.write, end: res.end };
      res.end('ok');
    });
    await exchange(port, 'GET / HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n');
    expect(seen!.write).toBe(ServerResponse.prototype.write);
    expect(seen!.end).toBe(ServerResponse.prototype.end);
  });
});

describe('the request id on Fastify', () => {
  it("is Fastify's own request.id (genReqId): in the header, the handler's lines, the access line and Fastify's", async () => {
    const { default: Fastify } = await import('fastify');
    const { fastifyObservability } = await import('../../adapters/fastify/index.js');
    const capture = logCapture();
    const observability = createObservability({
      defaultMetrics: false,
      logger: { name: 'fastify-ids', destination: capture.destination },
    });
    let counter = 0;
    const app = Fastify({ genReqId: () => `app-${++counter}` });
    await app.register(fastifyObservability(observability));
    app.get('/jobs/:jobId', async (request) => {
      getLogger().info('in handler');
      return { id: request.id, context: getContext().request_id };
    });
    const url = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      for (const incoming of [undefined, 'edge-42', 'not valid']) {
        const response = await fetch(`${url}/jobs/7`, {
          headers: incoming === undefined ? {} : { 'x-request-id': incoming },
        });
        const body = (await response.json()) as { id: string; context: string };
        const header = response.headers.get('x-request-id');
        // A valid incoming id is honoured (Fastify 5 reads none unless requestIdHeader is set);
        // otherwise Fastify's own id is the one id of the request.
        expect(header).toBe(incoming === 'edge-42' ? 'edge-42' : body.id);
        expect(body.context).toBe(header);
        const isAccess = (line: { message: unknown; request_id?: unknown }): boolean =>
          line.message === 'request completed' && line.request_id === header;
        await capture.waitFor(1, isAccess);
        expect(capture.lines().filter(isAccess)).toHaveLength(1);
        const handler = capture.lines().filter((line) => line.message === 'in handler' && line.request_id === header);
        expect(handler).toHaveLength(1);
      }
      expect(counter).toBe(3);
    } finally {
      await app.close();
    }
  });
});
