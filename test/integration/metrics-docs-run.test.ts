import { describe, expect, it } from 'vitest';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/metrics-custom.md', () => {
  it('runs every snippet: each exits 0 (their assertions hold)', () => {
    const snippets = extractSnippets('docs/metrics-custom.md');
    expect(snippets.length).toBeGreaterThanOrEqual(5);
    for (const run of runSnippets(snippets, 'metrics-custom')) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
    // Each snippet is a process of its own: minutes, not seconds, on a busy machine.
  }, 300_000);
});
