import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAD_KEYS } from '../helpers/log-lines.js';
import { extractSnippets, typecheckSnippets, type Snippet } from '../helpers/snippets.js';

const ROOT = resolve(import.meta.dirname, '../..');

/** The ```ts blocks of the TSDoc `@example`s in the logging sources. */
function tsdocExamples(): Snippet[] {
  const dir = join(ROOT, 'src/logging');
  const snippets: Snippet[] = [];
  for (const file of readdirSync(dir).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))) {
    const text = readFileSync(join(dir, file), 'utf8');
    for (const match of text.matchAll(/^\s*\* ```ts\n([\s\S]*?)^\s*\* ```$/gm)) {
      const code = match[1]!.replace(/^\s*\* ?/gm, '');
      snippets.push({ file: `src/logging/${file.replace(/\.ts$/, '')}.md`, index: snippets.length, lang: 'ts', code });
    }
  }
  return snippets;
}

describe('logging documentation', () => {
  it('docs/logging.md has TypeScript snippets that compile against the built package', () => {
    const snippets = extractSnippets('docs/logging.md');
    expect(snippets.length).toBeGreaterThanOrEqual(10);
    expect(typecheckSnippets(snippets, 'logging')).toHaveLength(snippets.length);
  });

  it('shows sample lines with every head field', () => {
    const text = readFileSync(join(ROOT, 'docs/logging.md'), 'utf8');
    const samples = [...text.matchAll(/^```json\n([\s\S]*?)^```$/gm)].map((match) => JSON.parse(match[1]!) as object);
    const lines = samples.filter((sample) => 'timestamp' in sample);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(Object.keys(line)).toEqual(expect.arrayContaining([...HEAD_KEYS]));
  });

  it('every @example of the logging sources compiles against the built package', () => {
    const snippets = tsdocExamples();
    expect(snippets.length).toBeGreaterThanOrEqual(12);
    expect(typecheckSnippets(snippets, 'logging-tsdoc')).toHaveLength(snippets.length);
  });
});
