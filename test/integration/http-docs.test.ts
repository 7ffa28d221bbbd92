import { describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from '../helpers/snippets.js';

describe.each(['express', 'fastify', 'koa', 'hono'])('docs/%s.md', (guide) => {
  it('has TypeScript snippets that compile against the built package', () => {
    const snippets = extractSnippets(`docs/${guide}.md`);
    expect(snippets.length).toBeGreaterThanOrEqual(2);
    expect(typecheckSnippets(snippets, `http-${guide}`)).toHaveLength(snippets.length);
  });
});
