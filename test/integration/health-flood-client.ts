import { connect, type Socket } from 'node:net';

/** One answer of a {@link flood}. */
export interface FloodAnswer {
  readonly status: number;
  readonly body: string;
}

/** Opens a TCP connection to `url`'s host and port. */
function open(url: URL): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: url.hostname, port: Number(url.port) }, () => {
      socket.off('error', reject);
      resolve(socket);
    });
    socket.once('error', reject);
  });
}

/** Reads the whole HTTP/1.1 answer of a `Connection: close` request (plain or chunked body). */
function answerOf(socket: Socket): Promise<FloodAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      const split = text.indexOf('\r\n\r\n');
      const head = text.slice(0, split);
      let body = text.slice(split + 4);
      if (/^transfer-encoding:\s*chunked/im.test(head)) {
        let decoded = '';
        for (let rest = body; ;) {
          const line = rest.indexOf('\r\n');
          const size = parseInt(rest.slice(0, line), 16);
          if (!(size > 0)) break;
          decoded += rest.slice(line + 2, line + 2 + size);
          rest = rest.slice(line + 2 + size + 2);
        }
        body = decoded;
      }
      resolve({ status: Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0), body });
    });
  });
}

/**
 * Puts `count` requests of `path` in flight at the server at once: it opens `count`
 * connections first, at most `connectConcurrency` connecting at a time (so the listen backlog
 * never overflows on a busy machine), then writes every request in one go and reads the
 * answers. Each connection carries one request (`Connection: close`).
 */
export async function flood(
  base: string,
  path: string,
  count: number,
  options: { connectConcurrency?: number; headers?: Record<string, string> } = {},
): Promise<FloodAnswer[]> {
  const url = new URL(base);
  const sockets: Socket[] = [];
  try {
    const concurrency = options.connectConcurrency ?? 50;
    for (let opened = 0; opened < count; opened += concurrency) {
      const batch = Math.min(concurrency, count - opened);
      sockets.push(...(await Promise.all(Array.from({ length: batch }, () => open(url)))));
    }
    const extra = Object.entries(options.headers ?? {})
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('');
    const request = `GET ${path} HTTP/1.1\r\nHost: ${url.host}\r\n${extra}Connection: close\r\n\r\n`;
    const answers = sockets.map(answerOf);
    for (const socket of sockets) socket.write(request);
    return await Promise.all(answers);
  } finally {
    for (const socket of sockets) socket.destroy();
  }
}
