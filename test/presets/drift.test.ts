import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPresets } from '../../src/presets/render-presets.js';

const ROOT = resolve(import.meta.dirname, '../..');

function listFiles(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)))
    .sort();
}

describe('the committed monitoring-presets/', () => {
  const rendered = renderPresets();

  it('holds exactly the files the renderer writes with the default config', () => {
    expect(listFiles(join(ROOT, 'monitoring-presets'))).toEqual([...rendered.keys()].sort());
  });

  it('is byte for byte what the renderer writes (run `npm run presets` after changing the catalogue or presets)', () => {
    for (const [path, content] of rendered) {
      expect(readFileSync(join(ROOT, 'monitoring-presets', path), 'utf8'), path).toBe(content);
    }
  });
});
