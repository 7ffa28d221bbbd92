import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { extractSnippets, typecheckSnippets } from './helpers/snippets.js';

const ROOT = join(import.meta.dirname, '..');
const GUIDES = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((file) => file.endsWith('.md'))
    .map((file) => `docs/${file}`),
];

describe('README.md and docs/', () => {
  it('have TypeScript snippets that all compile (one compiler run; errors name the guide)', () => {
    const snippets = GUIDES.flatMap((file) => extractSnippets(file));
    for (const guide of ['README.md', 'docs/getting-started.md', 'docs/troubleshooting.md', 'docs/express.md']) {
      expect(snippets.some((snippet) => snippet.file === guide)).toBe(true);
    }
    expect(typecheckSnippets(snippets, 'guides')).toHaveLength(snippets.length);
  });
});
