import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { userProject } from './user-project.js';

/**
 * A throw-away user project for the options apps of Bun, Deno and workerd: the files of
 * options-fixtures/, the shared options (test/package/bundle-apps/options-setup.ts, which Bun,
 * Deno and wrangler load as TypeScript) and the runners of fixtures/ (workerd-serve.mjs, and serve-fetch.mjs for Bun and Deno).
 */
export function optionsProject(name: string): ReturnType<typeof userProject> {
  const project = userProject(name, join(import.meta.dirname, 'options-fixtures'));
  copyFileSync(
    join(import.meta.dirname, '../package/bundle-apps/options-setup.ts'),
    join(project.dir, 'options-setup.ts'),
  );
  for (const runner of ['workerd-serve.mjs', 'serve-fetch.mjs']) {
    copyFileSync(join(import.meta.dirname, 'fixtures', runner), join(project.dir, runner));
  }
  return project;
}
