import { describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from '../helpers/snippets.js';

describe('docs/logging.md', () => {
  it('has TypeScript snippets that compile against the built package', () => {
    const snippets = extractSnippets('docs/logging.md');
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    expect(typecheckSnippets(snippets, 'logging')).toHaveLength(snippets.length);
  });
});
