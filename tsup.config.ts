import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build as esbuild, type Metafile, type Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** One entry per public subpath; each is built as ESM and CJS with its own types. */
export const entries = {
  index: 'src/index.ts',
  express: 'src/entries/express.ts',
  fastify: 'src/entries/fastify.ts',
  koa: 'src/entries/koa.ts',
  hono: 'src/entries/hono.ts',
  bullmq: 'src/entries/bullmq.ts',
  ffmpeg: 'src/entries/ffmpeg.ts',
  integrations: 'src/entries/integrations.ts',
  cluster: 'src/entries/cluster.ts',
  presets: 'src/entries/presets.ts',
  cli: 'src/cli/index.ts',
};

/**
 * The hidden entry (not in package.json `exports`) that holds every module the main entry
 * imports. Every other entry imports those modules from it instead of bundling copies, so each
 * of them, its state with it (the logging context's AsyncLocalStorage, the error classes that
 * `instanceof` checks), exists once in the process whichever subpaths a service imports.
 */
const INTERNAL = 'internal';

/**
 * ASCII output: one non-ASCII character (a `×` in a metric's help text) makes Node decode a whole
 * chunk into a two-byte string, which V8 then scans at every cold start. Each one is written as a
 * `\uXXXX` escape, which means the same character in strings, templates, regular expressions,
 * identifiers and comments, so the code is the same at run time.
 */
function asciiOutput(): NonNullable<Options['plugins']>[number] {
  return {
    name: 'ascii-output',
    renderChunk(code) {
      // eslint-disable-next-line no-control-regex
      if (!/[^\x00-\x7f]/.test(code)) return undefined;
      // eslint-disable-next-line no-control-regex
      return { code: code.replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) };
    },
  };
}

const shared: Options = {
  format: ['esm', 'cjs'],
  // No source maps in the package: src/ is not published, so a map could only rename stack
  // frames to files that are not there (and with sources embedded it was 1.9 MB of the 2.9 MB
  // dist). The output is unminified, with its function names: stack traces read as they are.
  sourcemap: false,
  target: 'node20',
  splitting: true,
  treeshake: true,
  shims: true,
  external: [/^[^./]/],
  plugins: [asciiOutput()],
};

/**
 * The modules the main entry loads when imported, from an esbuild pass over `src/index.ts`
 * alone, as paths from the package root. Not the HTTP core that `serveMetrics` loads on first
 * call: it holds no module state, so the adapters may bundle it too (they share one chunk).
 */
async function mainEntryModules(): Promise<string[]> {
  const { metafile } = await esbuild({
    entryPoints: ['src/index.ts'],
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    outdir: 'dist',
    write: false,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = Object.entries(metafile.outputs);
  const inputsOf = (output: Metafile['outputs'][string]): string[] => Object.keys(output.inputs);
  const [, index] = outputs.find(([, o]) => o.entryPoint === 'src/index.ts')!;
  // What the main entry loads at import: itself and the chunks it imports statically.
  const loaded = new Set<string>();
  const load = (output: Metafile['outputs'][string]): void => {
    for (const file of inputsOf(output)) loaded.add(file);
    for (const imported of output.imports) {
      if (imported.kind === 'import-statement' && imported.external !== true) load(metafile.outputs[imported.path]!);
    }
  };
  load(index);
  return [...loaded].filter((f) => f.startsWith('src/')).sort();
}

/**
 * An entry that re-exports every given module. Two modules exporting one name for two different
 * things would leave that name out (`export *` drops an ambiguous name), and an entry importing
 * it would then fail to load: `test/package/esm-isolation.test.ts` imports every entry.
 */
const barrel = (modules: string[]): string =>
  modules.map((file) => `export * from ${JSON.stringify(resolve(file))};`).join('\n');

/** Writes the hidden entry's source (made at each build, outside the package) and returns its path. */
function writeInternalEntry(modules: string[]): string {
  const dir = resolve('node_modules/.cache/transcode-flow-build');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${INTERNAL}.ts`);
  writeFileSync(file, `${barrel(modules)}\n`);
  return file;
}

/**
 * Points every import of a main-entry module, from the other entries, at the hidden entry
 * instead of bundling a second copy. (tsup builds CommonJS as ESM and converts it after, so the
 * output extension, not the format, tells which file to point at.)
 */
function importMainEntryModules(modules: string[]): Plugin {
  const owned = new Set(modules.map((file) => resolve(file)));
  return {
    name: 'import-main-entry-modules',
    setup(build) {
      const extension = build.initialOptions.outExtension?.['.js'] ?? '.js';
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        const target = resolve(args.resolveDir, args.path).replace(/\.js$/, '.ts');
        return owned.has(target) ? { path: `./${INTERNAL}${extension}`, external: true } : undefined;
      });
    },
  };
}

export default defineConfig(async (flags) => {
  // The three builds below write into one directory, so it is emptied once here (tsup's own
  // `clean` would run in each, in parallel). `--out-dir` and `--no-dts` (bench/snapshot-dist.ts)
  // apply to every build: without types, the first build is left out rather than turned into a
  // build of every entry.
  rmSync(flags.outDir ?? 'dist', { recursive: true, force: true });
  const modules = await mainEntryModules();
  const internal = writeInternalEntry(modules);
  const others = Object.fromEntries(Object.entries(entries).filter(([name]) => name !== 'index'));
  return [
    // Types, for the public entries only, in one pass so that shared declarations are shared.
    ...(flags.dts === false ? [] : [{ ...shared, entry: entries, dts: { only: true } }]),
    // The main entry and its modules. Loading it reads 3 files, not the dozen shared chunks one
    // build of every entry made (each file costs an ESM import about 0.3 ms of cold start).
    { ...shared, entry: { index: entries.index, [INTERNAL]: internal } },
    // Every other entry, importing the main entry's modules from the hidden entry.
    { ...shared, entry: others, esbuildPlugins: [importMainEntryModules(modules)] },
  ];
});
