/**
 * The docs/logging.md section on the `accessLog` callbacks: its snippet runs (as every snippet
 * of the guide does in logging-docs-run.test.ts) and writes what the guide says it writes.
 */
import { describe, expect, it } from 'vitest';
import { parseLogLine } from '../helpers/log-lines.js';
import { extractSnippets, runSnippets } from '../helpers/snippets.js';

describe('docs/logging.md: the accessLog callbacks', () => {
  it('runs the snippet: no line for /ready, the tenant on the job line, a 404 at info', () => {
    const snippets = extractSnippets('docs/logging.md').filter((snippet) => snippet.code.includes('accessLog: {'));
    expect(snippets).toHaveLength(1);
    const [run] = runSnippets(snippets, 'access-log-docs');
    expect({ status: run!.status }, run!.output).toEqual({ status: 0 });
    const lines = run!.output
      .split('\n')
      .filter((line) => line.startsWith('{"'))
      .map(parseLogLine)
      .filter((line) => line.message === 'request completed');
    const summary = lines.map((line) => [line.level, line.path, line.status_code, line.tenant ?? null]);
    expect(summary.sort()).toEqual([
      ['info', '/jobs/abc123', 200, 'acme'],
      ['info', '/nothing-here', 404, null],
    ]);
  }, 120_000);
});
