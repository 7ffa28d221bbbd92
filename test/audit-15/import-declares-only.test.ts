import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userProject } from '../runtimes/user-project.js';

/**
 * Issue 15: "Importing any entry point does nothing but declare", so `"sideEffects": false` in
 * package.json is true. Checked on the built package, per entry, two ways: a bundler that trusts
 * the flag drops an unused import entirely, and a Node process that imports the entry (ESM and
 * CommonJS) writes nothing and holds no timer, handle or socket afterwards.
 */
const ENTRIES = [
  '',
  '/express',
  '/fastify',
  '/koa',
  '/hono',
  '/bullmq',
  '/ffmpeg',
  '/integrations',
  '/cluster',
  '/presets',
];
const PACKAGE = '@transcode-flow/observability';
let project: ReturnType<typeof userProject>;

beforeAll(() => {
  project = userProject('import-declares-only', join(import.meta.dirname, 'fixtures'));
});
afterAll(() => project?.remove());

describe.each(ENTRIES)(`import '${PACKAGE}%s'`, (subpath) => {
  const specifier = `${PACKAGE}${subpath}`;

  it('is dropped whole by esbuild when nothing of it is used ("sideEffects": false holds)', async () => {
    const result = await build({
      stdin: { contents: `import '${specifier}';\nconsole.log('app');\n`, resolveDir: project.dir, loader: 'js' },
      bundle: true,
      platform: 'node',
      format: 'esm',
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    const output = Object.values(result.metafile.outputs)[0]!;
    const kept = Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path);
    expect(kept).toEqual(['<stdin>']);
    // The package was resolved (and dropped), not missing.
    expect(Object.keys(result.metafile.inputs).some((path) => path.startsWith('dist/'))).toBe(true);
  });

  it.each(['esm', 'cjs'] as const)(
    'writes nothing and leaves no timer, handle or socket behind in Node (%s)',
    (format) => {
      // Active resources after the import, minus those before it. pino and prom-client are loaded
      // first: pino's sonic-boom opens the stderr handle at load when stderr is a pipe, which is
      // the dependency's doing, not this package's.
      const preload =
        format === 'esm'
          ? "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);"
          : '';
      const body = `${preload}
        require('pino'); require('prom-client');
        const before = process.getActiveResourcesInfo();
        const load = async () => ${format === 'esm' ? `import('${specifier}')` : `require('${specifier}')`};
        load().then((entry) => {
          const after = process.getActiveResourcesInfo();
          const added = after.filter((name) => { const i = before.indexOf(name); if (i === -1) return true; before.splice(i, 1); return false; });
          process.stdout.write(JSON.stringify({ added, exports: Object.keys(entry).length }));
        });
      `;
      const file = join(project.dir, `probe-${subpath.slice(1) || 'main'}.${format === 'esm' ? 'mjs' : 'cjs'}`);
      writeFileSync(file, body);
      const run = spawnSync(process.execPath, [file], { cwd: project.dir, encoding: 'utf8', timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toBe('');
      // stdout is the probe's one JSON line: the entry wrote nothing there.
      const { added, exports } = JSON.parse(run.stdout) as { added: string[]; exports: number };
      expect(exports).toBeGreaterThan(0);
      expect(added).toEqual([]);
    },
  );
});
