/**
 * `npm run docs`: writes the generated documentation (the metrics reference) from the
 * catalogue. CI checks that the committed files match.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderMetricsDoc } from '../src/catalogue/render-metrics-doc.js';

const root = join(import.meta.dirname, '..');
writeFileSync(join(root, 'docs/metrics.md'), renderMetricsDoc());
process.stderr.write('wrote docs/metrics.md\n');
