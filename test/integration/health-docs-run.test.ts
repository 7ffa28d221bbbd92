import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractSnippets, runSnippets, tsdocExamples, typecheckSnippets } from '../helpers/snippets.js';
import { type RedisServer, startRedis } from '../helpers/redis.js';

describe('docs/health.md', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('runs every snippet against real ffmpeg, a real directory and a real Redis, each printing what the guide says', () => {
    const snippets = extractSnippets('docs/health.md');
    expect(snippets).toHaveLength(3);
    const runs = runSnippets(snippets, 'health', 60_000, undefined, {
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      LOG_LEVEL: 'error',
    });
    for (const run of runs)
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    const printed = runs.map((run) => run.output.trim().split('\n').at(-1));
    expect(printed[0]).toMatch(
      /^401 200 \{"status":"degraded","checks":\{"database":\{"status":"ok".*"cache":\{"status":"fail"/,
    );
    expect(printed[1]).toBe('200 ok disk_space,ffmpeg,ffprobe,storage');
    expect(printed[2]).toMatch(/^200 \{"redis":\{"status":"ok","latencyMs":[\d.]+,"required":true\}\}$/);
  }, 240_000);

  it('every ready-made check has an @example that compiles against the built package', () => {
    const checks = ['ffmpeg-check', 'ffprobe-check', 'disk-space-check', 'redis-check', 'writable-dir-check'];
    const examples = checks.flatMap((name) => tsdocExamples(`src/core/health/checks/${name}.ts`));
    for (const name of ['ffmpeg', 'ffprobe', 'diskSpace', 'redis', 'writableDir']) {
      expect(
        examples.some((example) => example.code.includes(`${name}HealthCheck(`)),
        name,
      ).toBe(true);
    }
    typecheckSnippets(examples, 'health-checks');
  }, 120_000);
});
