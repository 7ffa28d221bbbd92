import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/jobs.md', () => {
  let redis: RedisServer;
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('runs every snippet, the BullMQ ones against a real Redis; each exits 0', () => {
    const snippets = extractSnippets('docs/jobs.md');
    expect(snippets.length).toBeGreaterThanOrEqual(12);
    expect(snippets.filter((snippet) => snippet.code.includes('REDIS_PORT')).length).toBe(3);
    for (const run of runSnippets(snippets, 'jobs', 60_000, undefined, { REDIS_PORT: String(redis.port) })) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
  });
});
