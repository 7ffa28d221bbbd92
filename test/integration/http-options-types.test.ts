import { describe, it } from 'vitest';
import { expectTypeCheckPasses } from '../helpers/type-check.js';

describe('HTTP per-request options: types', () => {
  it('customLabels takes only the labels declared with httpLabels, from each framework request', () => {
    expectTypeCheckPasses('test/types/http-options.tsconfig.json');
  }, 120_000);
});
