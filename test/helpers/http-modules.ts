import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/** The frameworks, with the dev-only aliases of the older majors the tests also run (never loaded by the package). */
const FRAMEWORKS = [
  'express',
  'express4',
  'fastify',
  'koa',
  'koa2',
  '@koa/router',
  'hono',
  '@hono/node-server',
] as const;

/**
 * Requires one built subpath (`dist/<entry>.cjs`) in a fresh Node process and returns the
 * frameworks it loaded, read from `require.cache`. Needs `npx tsup` first (`npm test` builds).
 */
export function frameworksLoadedBy(entry: string): string[] {
  const file = resolve(ROOT, 'dist', `${entry}.cjs`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsup\` (npm test builds first)`);
  const script = `require(${JSON.stringify(file)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString()) as string[];
  return FRAMEWORKS.filter((name) => loaded.some((path) => path.includes(`/node_modules/${name}/`)));
}
