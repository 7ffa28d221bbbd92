import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../helpers/log-lines.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/logging.md', () => {
  it('runs every snippet: each exits 0 and every JSON line it writes has the report fields', () => {
    const snippets = extractSnippets('docs/logging.md');
    expect(snippets.length).toBeGreaterThan(5);
    for (const run of runSnippets(snippets, 'logging')) {
      expect({ file: run.file, status: run.status }, run.output).toEqual({ file: run.file, status: 0 });
      for (const line of run.output.split('\n').filter((l) => l.startsWith('{"'))) parseLogLine(line);
    }
    // Each snippet is a process of its own: minutes, not seconds, on a busy machine.
  }, 300_000);
});
