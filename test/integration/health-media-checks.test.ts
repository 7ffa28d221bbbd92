import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis, type RedisOptions } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  diskSpaceHealthCheck,
  ffmpegHealthCheck,
  ffprobeHealthCheck,
  redisHealthCheck,
  writableDirHealthCheck,
} from '../../src/core/health/index.js';
import type { HealthCheck } from '../../src/index.js';
import { createHealthEndpoint } from '../../src/core/health/health-endpoint.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';
import { requireTool } from '../helpers/tools.js';

const scratch = mkdtempSync(join(tmpdir(), 'tfo-health-checks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs a check once as the endpoint does: `undefined` when it passed, else its error message. */
async function outcome(check: HealthCheck): Promise<string | undefined> {
  try {
    const value = await check.check(new AbortController().signal);
    return value === false ? 'check returned false' : undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** A shell script standing in for a binary: counts its runs in `count`, then runs `body`. */
function script(name: string, body: string): { path: string; runs: () => number } {
  const path = join(scratch, name);
  const count = `${path}.runs`;
  writeFileSync(path, `#!/bin/sh\necho run >> '${count}'\n${body}\n`, { mode: 0o755 });
  return { path, runs: () => readFileSync(count, 'utf8').split('\n').filter(Boolean).length };
}

describe.each([
  ['ffmpeg', ffmpegHealthCheck],
  ['ffprobe', ffprobeHealthCheck],
] as const)('%sHealthCheck', (tool, make) => {
  const real = requireTool(tool, ['-version']);

  it(`passes on the real ${tool}, found on PATH by default`, async () => {
    expect(await outcome(make())).toBeUndefined();
    expect(await outcome(make({ path: execFileSync('which', [real]).toString().trim() }))).toBeUndefined();
  });

  it('runs the binary once for any number of checks, concurrent or not, until recheckMs passes', async () => {
    const counted = script(`counted-${tool}`, `exec ${real} "$@"`);
    const check = make({ path: counted.path, recheckMs: 60_000 });
    const concurrent = await Promise.all(Array.from({ length: 100 }, () => outcome(check)));
    expect(concurrent).toEqual(Array(100).fill(undefined));
    for (let i = 0; i < 20; i++) expect(await outcome(check)).toBeUndefined();
    expect(counted.runs()).toBe(1);

    const again = make({ path: counted.path, recheckMs: 1 });
    await outcome(again);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await outcome(again);
    expect(counted.runs()).toBe(3);
  });

  it('keeps a failure as well, and says why', async () => {
    const failing = script(`failing-${tool}`, 'echo "cannot load libavcodec" >&2; exit 127');
    const check = make({ path: failing.path, recheckMs: 60_000 });
    for (let i = 0; i < 5; i++) {
      expect(await outcome(check)).toBe(`${failing.path} -version exited with code 127: cannot load libavcodec`);
    }
    expect(failing.runs()).toBe(1);
  });

  it.each([
    ['a missing binary', () => join(scratch, 'nowhere', tool), /not found at .* \(ENOENT\): install it/],
    [
      'a file that is not executable',
      () => {
        const path = join(scratch, `plain-${tool}`);
        writeFileSync(path, 'not a program', { mode: 0o644 });
        return path;
      },
      /is not executable \(EACCES\)/,
    ],
    ['another program', () => '/bin/true', new RegExp(`does not say "${tool} version"`)],
    [
      'a binary that hangs',
      () => script(`hanging-${tool}`, 'exec sleep 30').path,
      /did not finish in time and was killed/,
    ],
  ])('fails on %s', async (_label, path, message) => {
    expect(await outcome(make({ path: path(), runTimeoutMs: 300 }))).toMatch(message);
  });

  describe('without a path: the binary runFfmpeg would run, looked up at each run', () => {
    const variable = tool === 'ffmpeg' ? 'FFMPEG_PATH' : 'FFPROBE_PATH';
    const installer = tool === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe';
    /** Runs `body` with the environment changed as given (undefined removes), then restores it. */
    async function withEnv<T>(changes: Record<string, string | undefined>, body: () => Promise<T>): Promise<T> {
      const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
      const apply = (values: Record<string, string | undefined>): void => {
        for (const [name, value] of Object.entries(values)) {
          if (value === undefined) delete process.env[name];
          else process.env[name] = value;
        }
      };
      apply(changes);
      try {
        return await body();
      } finally {
        apply(saved);
      }
    }
    const emptyDir = (): string => mkdtempSync(join(scratch, 'empty-path-'));

    it(`takes ${variable} before PATH`, async () => {
      const counted = script(`env-${tool}`, `exec ${execFileSync('which', [real]).toString().trim()} "$@"`);
      await withEnv({ [variable]: counted.path }, async () => {
        expect(await outcome(make({ recheckMs: 1 }))).toBeUndefined();
      });
      expect(counted.runs()).toBe(1);
    });

    it(`fails on a ${variable} that points at nothing, naming it, without falling through to PATH`, async () => {
      const wrong = join(scratch, 'nowhere', tool);
      await withEnv({ [variable]: wrong }, async () => {
        expect(await outcome(make())).toMatch(new RegExp(`${variable} = ${wrong} \\(not an executable file\\)`));
      });
    });

    it(`finds ${installer} when ${tool} is not on PATH`, async () => {
      await withEnv({ [variable]: undefined, PATH: emptyDir() }, async () => {
        expect(await outcome(make())).toBeUndefined();
      });
    });

    it('lists every step tried when no binary is found, and sees one installed later', async () => {
      const dir = emptyDir();
      // A variable naming a directory ends the lookup there: a wrong setting is never skipped.
      await withEnv({ [variable]: dir, PATH: dir }, async () => {
        const check = make({ recheckMs: 1 });
        expect(await outcome(check)).toMatch(new RegExp(`no ${tool} binary found; tried, in order: .*${variable} = `));
        await withEnv({ [variable]: undefined }, async () => {
          await new Promise((resolve) => setTimeout(resolve, 5));
          // Now the installer package is the one found: the lookup runs again at the next run.
          expect(await outcome(check)).toBeUndefined();
        });
      });
    });
  });

  it('refuses bad options, naming them', () => {
    expect(() => make({ path: '' })).toThrow(new RegExp(`TFO_ERR_INVALID_OPTION.*${tool}HealthCheck\\.path`));
    expect(() => make({ recheckMs: 0 })).toThrow(new RegExp(`${tool}HealthCheck\\.recheckMs`));
    expect(() => make({ runTimeoutMs: 2 ** 31 })).toThrow(new RegExp(`${tool}HealthCheck\\.runTimeoutMs`));
  });
});

describe('diskSpaceHealthCheck', () => {
  it('passes while the file system has the free space asked for', async () => {
    expect(await outcome(diskSpaceHealthCheck({ path: scratch, minFreeBytes: 1 }))).toBeUndefined();
    expect(await outcome(diskSpaceHealthCheck({ path: scratch, minFreeRatio: 0.000001 }))).toBeUndefined();
  });

  it('fails below the threshold, in bytes or as a share, saying how much is free', async () => {
    expect(await outcome(diskSpaceHealthCheck({ path: scratch, minFreeBytes: 2 ** 60 }))).toMatch(
      /^[\d.]+ \w+ free on .*, below the minimum of 1024\.0 PiB$/,
    );
    expect(await outcome(diskSpaceHealthCheck({ path: scratch, minFreeRatio: 1 }))).toMatch(
      /^[\d.]+% free on .*, below the minimum of 100\.0%$/,
    );
  });

  it('fails on a path that does not exist', async () => {
    expect(await outcome(diskSpaceHealthCheck({ path: join(scratch, 'missing') }))).toMatch(/ENOENT/);
  });

  it.each([
    [{ path: '' }, 'diskSpaceHealthCheck.path'],
    [{ path: scratch, minFreeBytes: -1 }, 'diskSpaceHealthCheck.minFreeBytes'],
    [{ path: scratch, minFreeBytes: Number.NaN }, 'diskSpaceHealthCheck.minFreeBytes'],
    [{ path: scratch, minFreeRatio: 1.5 }, 'diskSpaceHealthCheck.minFreeRatio'],
    [null, 'diskSpaceHealthCheck'],
  ])('refuses %j, naming %s', (options, name) => {
    expect(() => diskSpaceHealthCheck(options as never)).toThrow(`\`${name}\``);
  });
});

/**
 * A directory nobody can write in. Root ignores permission bits, so as root it is a
 * read-only bind mount (EROFS), as a container's read-only volume is.
 */
function readOnlyDir(): { path: string; release: () => void } {
  const path = join(scratch, `read-only-${Date.now()}`);
  mkdirSync(path);
  if (process.getuid?.() !== 0) {
    chmodSync(path, 0o555);
    return { path, release: () => chmodSync(path, 0o755) };
  }
  execFileSync('mount', ['--bind', path, path]);
  execFileSync('mount', ['-o', 'remount,bind,ro', path]);
  return { path, release: () => execFileSync('umount', [path]) };
}

describe('writableDirHealthCheck', () => {
  it('passes on a writable directory and leaves nothing in it', async () => {
    const dir = join(scratch, 'writable');
    mkdirSync(dir);
    const check = writableDirHealthCheck({ path: dir });
    expect(await Promise.all(Array.from({ length: 20 }, () => outcome(check)))).toEqual(Array(20).fill(undefined));
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails on a read-only directory', async () => {
    const dir = readOnlyDir();
    try {
      expect(await outcome(writableDirHealthCheck({ path: dir.path }))).toMatch(
        /^cannot write in .*read-only-\d+ \((EROFS|EACCES)\)$/,
      );
    } finally {
      dir.release();
    }
  });

  it('fails on a missing directory and on a file', async () => {
    expect(await outcome(writableDirHealthCheck({ path: join(scratch, 'gone') }))).toMatch(/\(ENOENT\)$/);
    const file = join(scratch, 'a-file');
    writeFileSync(file, '');
    expect(await outcome(writableDirHealthCheck({ path: file }))).toMatch(/\(ENOTDIR\)$/);
  });

  it('refuses a missing path', () => {
    expect(() => writableDirHealthCheck({ path: '' })).toThrow('`writableDirHealthCheck.path`');
    expect(() => writableDirHealthCheck(undefined as never)).toThrow('`writableDirHealthCheck`');
  });
});

describe('redisHealthCheck', () => {
  let redis: RedisServer;
  let clients: Redis[] = [];
  const client = (options: RedisOptions = {}): Redis => {
    const created = new Redis({ host: '127.0.0.1', port: redis.port, lazyConnect: true, ...options });
    // Connection errors while Redis is down are what the test expects; the check reports them.
    created.on('error', () => undefined);
    clients.push(created);
    return created;
  };
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(async () => {
    for (const created of clients) created.disconnect();
    clients = [];
    await redis.stop();
  });

  it('passes while Redis answers PING, with a client or a function returning one', async () => {
    const direct = client();
    expect(await outcome(redisHealthCheck({ client: direct }))).toBeUndefined();
    expect(await outcome(redisHealthCheck({ client: async () => direct }))).toBeUndefined();
  });

  it('fails when Redis is down: at once without an offline queue, at its timeout with one', async () => {
    const failFast = client({ enableOfflineQueue: false, retryStrategy: () => 50 });
    const queued = client({ retryStrategy: () => 50 });
    await Promise.all([failFast.connect(), queued.connect()]);
    expect(await outcome(redisHealthCheck({ client: failFast }))).toBeUndefined();
    expect(await outcome(redisHealthCheck({ client: queued }))).toBeUndefined();
    await redis.kill();
    try {
      expect(await outcome(redisHealthCheck({ client: failFast }))).toMatch(/Stream isn't writeable|offline queue/i);
      const endpoint = createHealthEndpoint({
        healthChecks: { redis: redisHealthCheck({ client: queued, timeoutMs: 300 }) },
      });
      const answer = await endpoint({});
      expect(answer.status).toBe(503);
      expect(JSON.parse(answer.body)).toMatchObject({
        status: 'fail',
        checks: { redis: { status: 'fail', required: true, error: 'timed out after 300 ms' } },
      });
    } finally {
      await redis.restart();
    }
  });

  it('fails on an answer that is not PONG, and refuses a client without ping()', async () => {
    expect(await outcome(redisHealthCheck({ client: { ping: async () => 'LOADING' } }))).toBe(
      'Redis answered PING with "LOADING"',
    );
    expect(await outcome(redisHealthCheck({ client: async () => ({}) as never }))).toMatch(/has no ping\(\)/);
    expect(() => redisHealthCheck({ client: {} as never })).toThrow('`redisHealthCheck.client`');
  });
});
