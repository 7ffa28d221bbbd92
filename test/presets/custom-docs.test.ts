import { describe, expect, it } from 'vitest';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/presets.md: groups and alerts on your own metrics', () => {
  it('runs the snippets of both sections: each exits 0 (their assertions hold)', () => {
    const snippets = extractSnippets('docs/presets.md').filter(
      (snippet) => snippet.code.includes('groups:') || snippet.code.includes('customMetrics'),
    );
    expect(snippets).toHaveLength(2);
    for (const run of runSnippets(snippets, 'presets-groups-custom', 60_000)) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
    }
  }, 180_000);
});
