import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { expect } from 'vitest';

/** The two output formats a Node service ships a bundle in. */
export const BUNDLE_FORMATS = ['esm', 'cjs'] as const;
export type BundleFormat = (typeof BUNDLE_FORMATS)[number];

/** What esbuild users add to an ESM bundle of CommonJS packages so that their `require()` calls work. */
const ESM_REQUIRE_BANNER =
  "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);";

/**
 * Resolves this package the way a user's project in `projectDir` does: from its node_modules (a
 * link to the repository), through package.json `exports`, so the bundle holds `dist/`, never
 * `src/` (the repository's tsconfig `paths` point at `src/`).
 */
function publishedPackage(projectDir: string): Plugin {
  return {
    name: 'published-package',
    setup(pluginBuild) {
      pluginBuild.onResolve({ filter: /^@transcode-flow\/observability(\/.*)?$/ }, (args) =>
        args.pluginData === 'published'
          ? undefined
          : pluginBuild.resolve(args.path, { kind: args.kind, resolveDir: projectDir, pluginData: 'published' }),
      );
    },
  };
}

/**
 * Bundles `entry` with esbuild as most services ship (platform node, every package bundled) into
 * `<projectDir>/out/<name>.mjs|.cjs`, and checks that the package came from `dist/` and nothing
 * of `src/` is in the bundle. Returns the output file.
 */
export async function bundleApp(
  projectDir: string,
  entry: string,
  name: string,
  format: BundleFormat,
): Promise<string> {
  const outfile = join(projectDir, 'out', `${name}.${format === 'esm' ? 'mjs' : 'cjs'}`);
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    banner: format === 'esm' ? { js: ESM_REQUIRE_BANNER } : {},
    plugins: [publishedPackage(projectDir)],
    logLevel: 'silent',
    metafile: true,
  });
  const inputs = Object.keys(result.metafile!.inputs);
  expect(inputs.some((input) => input.startsWith('dist/'))).toBe(true);
  expect(inputs.filter((input) => input.startsWith('src/'))).toEqual([]);
  return outfile;
}
