import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '../..');
/**
 * Every optional framework, queue or tool package that a subpath could drag in, with the dev-only
 * aliases `express4` and `koa2` (Express 4 and Koa 2, which the HTTP tests also run on; never
 * loaded by the package).
 */
export const OPTIONAL_PACKAGES = [
  'express',
  'express4',
  'fastify',
  'koa',
  'koa2',
  '@koa/router',
  'hono',
  '@hono/node-server',
  'bullmq',
  'ioredis',
  'fluent-ffmpeg',
] as const;

/**
 * Requires one built subpath (`dist/<entry>.cjs`) in a fresh Node process and returns the
 * optional packages it loaded ({@link OPTIONAL_PACKAGES}), read from `require.cache`. Needs `npx tsup` first (`npm test` builds).
 */
export function frameworksLoadedBy(entry: string): string[] {
  const file = resolve(ROOT, 'dist', `${entry}.cjs`);
  if (!existsSync(file)) throw new Error(`${file} is missing: run \`npx tsup\` (npm test builds first)`);
  const script = `require(${JSON.stringify(file)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const loaded = JSON.parse(execFileSync(process.execPath, ['-e', script], { cwd: ROOT }).toString()) as string[];
  return OPTIONAL_PACKAGES.filter((name) => loaded.some((path) => path.includes(`/node_modules/${name}/`)));
}
