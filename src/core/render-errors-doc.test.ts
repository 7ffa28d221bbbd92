import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { renderErrorsDoc } from './render-errors-doc.js';

describe('the error-codes reference', () => {
  // That docs/errors.md is this rendering is checked by the one drift test (test/generated-files.test.ts).
  it('lists every error code', () => {
    const committed = renderErrorsDoc();
    for (const code of Object.keys(ERROR_CODES)) expect(committed).toContain(`\`${code}\``);
  });
});
