import { describe, it } from 'vitest';
import { expectTypeCheckPasses } from '../helpers/type-check.js';

describe('typed handles', () => {
  it('reject wrong, missing and unknown label names at compile time', () => {
    expectTypeCheckPasses('test/types/tsconfig.json');
  });
});
