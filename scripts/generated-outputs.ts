/**
 * Every file the repository generates from its sources, in one list: `npm run generate` writes
 * them and `test/generated-files.test.ts` fails when a committed copy differs. A tree is
 * replaced whole, so a file the renderer no longer writes disappears too.
 */
import { renderMetricsDoc } from '../src/catalogue/render-metrics-doc.js';
import { renderErrorsDoc } from '../src/core/render-errors-doc.js';
import { renderPresets, renderRunbooks } from '../src/presets/index.js';

/** A generated directory: every file in it, by path relative to it. */
export interface GeneratedTree {
  /** The directory, relative to the repository root. */
  readonly dir: string;
  /** Its files and their content. */
  readonly files: ReadonlyMap<string, string>;
  /** What renders it, for the drift test's message. */
  readonly source: string;
}

/** A generated single file. */
export interface GeneratedFile {
  /** The file, relative to the repository root. */
  readonly path: string;
  /** Its content. */
  readonly content: string;
  /** What renders it, for the drift test's message. */
  readonly source: string;
}

/** The generated single files (the metrics reference and the error codes). */
export function generatedFiles(): GeneratedFile[] {
  return [
    { path: 'docs/metrics.md', content: renderMetricsDoc(), source: 'src/catalogue' },
    { path: 'docs/errors.md', content: renderErrorsDoc(), source: 'src/core/errors.ts' },
  ];
}

/** The generated trees (the monitoring presets for the default config, and the alert runbooks). */
export function generatedTrees(): GeneratedTree[] {
  return [
    { dir: 'monitoring-presets', files: renderPresets(), source: 'src/presets and src/catalogue' },
    { dir: 'docs/runbooks', files: renderRunbooks(), source: 'src/presets/runbooks.ts' },
  ];
}
