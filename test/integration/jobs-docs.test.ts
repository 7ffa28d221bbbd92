import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSnippets, tsdocExamples, typecheckSnippets } from '../helpers/snippets.js';

const ROOT = resolve(import.meta.dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts'))
    .map((file) => `${dir}/${file}`);
}

describe('the jobs guide and API examples', () => {
  // tsc over every snippet: CPU-bound, so on a busy machine it gets a budget of its own.
  it('docs/jobs.md: every ts snippet compiles against the built package', { timeout: 180_000 }, () => {
    const snippets = extractSnippets('docs/jobs.md');
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    typecheckSnippets(snippets, 'jobs-guide');
  });

  it(
    'every public function of the jobs and integrations helpers has an @example that compiles',
    { timeout: 180_000 },
    () => {
      // apiKeyPrefix is implemented in a leaf module of core (the HTTP request logging shares it) and
      // exported from /integrations.
      const files = [...sources('src/jobs'), ...sources('src/integrations'), 'src/core/api-key-prefix.ts'];
      const examples = files.flatMap(tsdocExamples);
      const documented = examples.map((example) => example.code).join('\n');
      for (const name of [
        'instrumentJobs',
        'instrumentBullMQ',
        'instrumentProcessor',
        'timeOperation',
        'errorReason',
        'instrumentStorage',
        'deliverWebhook',
        'timeQuery',
        'observePool',
        'instrumentCache',
        'instrumentMedia',
        'apiKeyPrefix',
        'instrumentApiKeys',
      ]) {
        expect(documented, name).toContain(`${name}(`);
      }
      typecheckSnippets(examples, 'jobs-tsdoc');
    },
  );
});
