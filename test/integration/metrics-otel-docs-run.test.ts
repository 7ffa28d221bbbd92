import { describe, expect, it } from 'vitest';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/otel-naming.md', () => {
  it('runs every snippet: each exits 0 (their assertions hold)', () => {
    const snippets = extractSnippets('docs/otel-naming.md');
    expect(snippets.length).toBeGreaterThanOrEqual(1);
    for (const run of runSnippets(snippets, 'otel-naming', 60_000)) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
  }, 120_000);
});
