import { describe, expect, it } from 'vitest';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/jobs.md', () => {
  it('runs every snippet that needs no Redis; each exits 0', () => {
    // The BullMQ snippets connect to a Redis on 127.0.0.1:6379 and keep workers running; they are
    // type-checked by test/docs-snippets.test.ts and exercised against a real Redis by jobs-bullmq.test.ts.
    const snippets = extractSnippets('docs/jobs.md').filter((snippet) => !snippet.code.includes('6379'));
    expect(snippets.length).toBeGreaterThanOrEqual(8);
    for (const run of runSnippets(snippets, 'jobs', 60_000)) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
  });
});
