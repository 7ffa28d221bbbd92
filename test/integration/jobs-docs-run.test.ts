import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedis, type RedisServer } from '../helpers/redis.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

/*
 * Each snippet is its own test with its own time budget: all of them in one test under one
 * 60 s budget timed out with both cores loaded.
 */

const SNIPPET_BUDGET_MS = 120_000;

describe('docs/jobs.md', () => {
  let redis: RedisServer;
  const snippets = extractSnippets('docs/jobs.md');
  beforeAll(async () => {
    redis = await startRedis();
  });
  afterAll(() => redis.stop());

  it('has every snippet, four of them against Redis', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(12);
    expect(snippets.filter((snippet) => snippet.code.includes('REDIS_PORT')).length).toBe(4);
  });

  it.each(snippets.map((snippet) => [snippet.index, snippet] as const))(
    'snippet %i exits 0 (the BullMQ ones against a real Redis)',
    { timeout: SNIPPET_BUDGET_MS + 30_000 },
    (index, snippet) => {
      const [run] = runSnippets([snippet], `jobs-${index}`, SNIPPET_BUDGET_MS, undefined, {
        REDIS_PORT: String(redis.port),
      });
      expect({ file: run!.file, status: run!.status }, run!.output).toEqual({ file: run!.file, status: 0 });
    },
  );
});
