/**
 * `npm run docs`: writes the generated documentation (the metrics reference and the error codes) from the
 * catalogue. CI checks that the committed files match.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMetricsDoc } from '../src/catalogue/render-metrics-doc.js';
import { renderErrorsDoc } from '../src/core/render-errors-doc.js';

const root = join(import.meta.dirname, '..');
writeFileSync(join(root, 'docs/metrics.md'), renderMetricsDoc());
writeFileSync(join(root, 'docs/errors.md'), renderErrorsDoc());
process.stderr.write('wrote docs/metrics.md and docs/errors.md\n');
