import { describe, it } from 'vitest';
import { expectTypeCheckPasses } from '../helpers/type-check.js';

describe('metric names in the presets', () => {
  it('are typed as catalogue names: a misspelt one is a compile error', () => {
    expectTypeCheckPasses('test/audit-16/tsconfig.json');
  });
});
