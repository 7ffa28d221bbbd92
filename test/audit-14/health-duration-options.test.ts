/**
 * Issue 14, item 5, the health side of the class: every duration option of /health/detailed and
 * of the media checks either works at its full range (1 ms to 2^31-1 ms, the longest wait a Node
 * timer keeps) or is refused with TFO_ERR_INVALID_OPTION naming the option. "Works" means a
 * check that takes a little while still passes: a timer that overflowed would fire after 1 ms
 * and report a timeout. (jobs-duration-options.test.ts covers the jobs, BullMQ, ffmpeg and
 * collectTimeoutMs options.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ObservabilityError } from '../../src/core/errors.js';
import { diskSpaceHealthCheck } from '../../src/core/health/checks/disk-space-check.js';
import { ffmpegHealthCheck } from '../../src/core/health/checks/ffmpeg-check.js';
import { ffprobeHealthCheck } from '../../src/core/health/checks/ffprobe-check.js';
import { writableDirHealthCheck } from '../../src/core/health/checks/writable-dir-check.js';
import { redisHealthCheck } from '../../src/core/health/checks/redis-check.js';
import { createHealthEndpoint, type HealthEndpointOptions } from '../../src/core/health/health-endpoint.js';
import { REFUSED_DURATIONS } from '../helpers/durations.js';

const REFUSED = REFUSED_DURATIONS;
const ACCEPTED = [1, 2 ** 31 - 1];

/** A check that passes after `ms` of real time: longer than an overflowed timer's 1 ms. */
const slowPass = (ms: number) => () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), ms));

const scratch = mkdtempSync(join(tmpdir(), 'tfo-audit-durations-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Each option: the endpoint options that carry a value, and the option name the error must give. */
const OPTIONS: Record<string, { option: string; options: (value: unknown) => HealthEndpointOptions }> = {
  healthTimeoutMs: {
    option: 'healthTimeoutMs',
    options: (value) => ({ healthTimeoutMs: value, healthChecks: { slow: slowPass(30) } }),
  },
  'a check’s timeoutMs': {
    option: 'healthChecks.slow.timeoutMs',
    options: (value) => ({ healthChecks: { slow: { check: slowPass(30), timeoutMs: value as number } } }),
  },
  'diskSpaceHealthCheck timeoutMs': {
    option: 'healthChecks.disk.timeoutMs',
    options: (value) => ({
      healthChecks: { disk: diskSpaceHealthCheck({ path: scratch, minFreeBytes: 1, timeoutMs: value as number }) },
    }),
  },
  'writableDirHealthCheck timeoutMs': {
    option: 'healthChecks.dir.timeoutMs',
    options: (value) => ({
      healthChecks: { dir: writableDirHealthCheck({ path: scratch, timeoutMs: value as number }) },
    }),
  },
  'redisHealthCheck timeoutMs': {
    option: 'healthChecks.redis.timeoutMs',
    options: (value) => ({
      healthChecks: {
        redis: redisHealthCheck({
          client: { ping: () => new Promise((resolve) => setTimeout(() => resolve('PONG'), 30)) },
          timeoutMs: value as number,
        }),
      },
    }),
  },
};

describe('health duration options: refused with a coded error naming them, or working at their full range', () => {
  for (const [name, { option, options }] of Object.entries(OPTIONS)) {
    it.each(REFUSED)(`${name} = %s is refused, naming ${option}`, (_label, value) => {
      let caught: unknown;
      try {
        createHealthEndpoint(options(value));
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(ObservabilityError);
      expect(caught).toMatchObject({ code: 'TFO_ERR_INVALID_OPTION' });
      expect((caught as Error).message).toContain(`\`${option}\``);
    });
    it.each(ACCEPTED)(`${name} = %d is accepted and the check passes`, async (value) => {
      const endpoint = createHealthEndpoint(options(value));
      const answer = await endpoint({});
      // 1 ms is shorter than these checks may take on a busy machine: it is only checked for being accepted.
      if (value === 1) return void expect([200, 503]).toContain(answer.status);
      expect(answer.status, answer.body).toBe(200);
      expect(JSON.parse(answer.body)).toMatchObject({ status: 'ok' });
    });
  }

  it.each(REFUSED.filter(([label]) => label !== '0'))('healthCacheMs = %s is refused, naming it', (_label, value) => {
    expect(() => createHealthEndpoint({ healthCacheMs: value })).toThrow(/TFO_ERR_INVALID_OPTION.*`healthCacheMs`/);
  });
});

describe('the media checks at their longest run timeout', () => {
  it.each(['ffmpeg', 'ffprobe'] as const)(
    '%sHealthCheck({ runTimeoutMs: 2^31-1 }) is taken by the endpoint (its margin stays within a timer)',
    async (tool) => {
      const make = tool === 'ffmpeg' ? ffmpegHealthCheck : ffprobeHealthCheck;
      const check = make({ runTimeoutMs: 2 ** 31 - 1 });
      expect(check.timeoutMs).toBe(2 ** 31 - 1);
      const endpoint = createHealthEndpoint({ healthChecks: { [tool]: check } });
      const answer = await endpoint({});
      expect(answer.status).toBe(200);
    },
  );
});
