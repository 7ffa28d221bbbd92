import { describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from '../helpers/snippets.js';

describe('docs/presets.md', () => {
  it('has TypeScript examples that compile against the package', () => {
    const snippets = extractSnippets('docs/presets.md');
    expect(snippets.length).toBeGreaterThan(0);
    expect(typecheckSnippets(snippets, 'presets').length).toBe(snippets.length);
  });
});
