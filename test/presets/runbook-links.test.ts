import { describe, expect, it } from 'vitest';
import { renderPresets, renderRunbooks } from '../../src/presets/index.js';

// That the committed monitoring-presets/ and docs/runbooks/ are these renderings is checked by
// the one drift test (test/generated-files.test.ts).
describe('the runbooks', () => {
  const rendered = renderRunbooks();

  it("are where every alert's runbook_url points", () => {
    for (const [path, content] of renderPresets()) {
      if (!path.startsWith('prometheus/alerts/')) continue;
      for (const [, name] of content.matchAll(/runbook_url: .*\/runbooks\/(\w+)\.md/g)) {
        expect(rendered.has(`${name}.md`), name).toBe(true);
      }
    }
  });
});
