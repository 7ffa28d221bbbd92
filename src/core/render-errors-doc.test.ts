import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from './errors.js';
import { renderErrorsDoc } from './render-errors-doc.js';

describe('docs/errors.md', () => {
  it('lists every error code and matches the table (run `npm run docs` after adding a code)', () => {
    const committed = readFileSync(join(import.meta.dirname, '../../docs/errors.md'), 'utf8');
    expect(committed).toBe(renderErrorsDoc());
    for (const code of Object.keys(ERROR_CODES)) expect(committed).toContain(`\`${code}\``);
  });
});
