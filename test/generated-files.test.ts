import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatedFiles, generatedTrees } from '../scripts/generated-outputs.js';

const ROOT = resolve(import.meta.dirname, '..');

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

// The one drift test: every generated file is committed exactly as `npm run generate` writes it.
describe('generated files (run `npm run generate` and commit the result when this fails)', () => {
  for (const { path, content, source } of generatedFiles()) {
    it(`${path} is what ${source} renders`, () => {
      expect(readFileSync(join(ROOT, path), 'utf8')).toBe(content);
    });
  }
  for (const { dir, files, source } of generatedTrees()) {
    it(`${dir}/ holds exactly the files ${source} renders, byte for byte`, () => {
      expect(listFiles(join(ROOT, dir))).toEqual([...files.keys()].sort());
      for (const [path, content] of files) expect(readFileSync(join(ROOT, dir, path), 'utf8'), path).toBe(content);
    });
  }
});
