import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireTool } from './tools.js';
import { waitUntil } from './wait.js';

/** A real redis-server on a loopback port, for tests. */
export interface RedisServer {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** Whether the server process runs now. */
  readonly running: boolean;
  /** Kills the server (SIGKILL, as a crash would) and waits for it to exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port (empty: nothing is persisted) and waits until it answers. */
  restart(): Promise<void>;
  /** Stops it for good and removes its temporary directory. */
  stop(): Promise<void>;
}

/** A free TCP port on 127.0.0.1 (the OS picks one, then it is released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * Whether the redis-server answering on `port` is the process `pid`: `INFO server` names the
 * process, so a server another test file started on a port this one released does not count.
 */
function answersAs(port: number, pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    let answer = '';
    socket.setTimeout(500);
    socket.once('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk) => {
      answer += chunk.toString();
      const processId = /process_id:(\d+)\r\n/.exec(answer);
      if (processId) {
        socket.destroy();
        resolve(Number(processId[1]) === pid);
      }
    });
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `redis-server` (required, never skipped) on a free loopback port with no
 * persistence, in a temporary directory, and waits until it answers as that process.
 */
export async function startRedis(): Promise<RedisServer> {
  requireTool('redis-server', ['--version']);
  const dir = mkdtempSync(join(tmpdir(), 'tfo-redis-'));
  let port = await freePort();
  let child: ChildProcess | undefined;

  /** Starts the server on `port`; rejects at once if it exits first (the port was taken meanwhile). */
  const launch = async (): Promise<void> => {
    const started = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir],
      { stdio: 'ignore' },
    );
    child = started;
    started.once('exit', () => {
      if (child === started) child = undefined;
    });
    const answers = async (): Promise<boolean> => {
      if (started.exitCode !== null || started.signalCode !== null) {
        throw new Error(
          `redis-server on port ${port} exited before answering (${started.exitCode ?? started.signalCode})`,
        );
      }
      return answersAs(port, started.pid ?? -1);
    };
    await waitUntil(answers, `redis-server on port ${port}`, 30_000, 50);
  };

  const kill = async (): Promise<void> => {
    const running = child;
    if (!running || running.pid === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise((resolve) => running.once('exit', resolve));
    process.kill(running.pid, 'SIGKILL');
    await exited;
    child = undefined;
  };

  // freePort() releases the port before redis-server binds it, so another process may take it
  // first: then the server exits, and it starts again on another free port.
  for (let attempt = 1; ; attempt++) {
    try {
      await launch();
      break;
    } catch (error) {
      if (attempt === 3 || child !== undefined) throw error;
      port = await freePort();
    }
  }
  return {
    host: '127.0.0.1',
    port,
    get running() {
      return child !== undefined;
    },
    kill,
    restart: launch,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
