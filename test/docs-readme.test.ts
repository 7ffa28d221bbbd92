import { describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from './helpers/snippets.js';

describe('README', () => {
  it('has TypeScript snippets that compile against the built package', () => {
    const snippets = extractSnippets('README.md');
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    expect(typecheckSnippets(snippets, 'readme')).toHaveLength(snippets.length);
  });
});
