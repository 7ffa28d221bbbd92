import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPresets, renderRunbooks } from '../../src/presets/index.js';

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

describe('the committed docs/runbooks/', () => {
  const rendered = renderRunbooks();

  it('has one page per alert plus the index, as generated (run `npm run presets`)', () => {
    expect(listFiles(join(ROOT, 'docs/runbooks'))).toEqual([...rendered.keys()].sort());
    for (const [path, content] of rendered) {
      expect(readFileSync(join(ROOT, 'docs/runbooks', path), 'utf8'), path).toBe(content);
    }
  });

  it("is where every alert's runbook_url points", () => {
    for (const [path, content] of renderPresets()) {
      if (!path.startsWith('prometheus/alerts/')) continue;
      for (const [, name] of content.matchAll(/runbook_url: .*\/runbooks\/(\w+)\.md/g)) {
        expect(rendered.has(`${name}.md`), name).toBe(true);
      }
    }
  });
});
