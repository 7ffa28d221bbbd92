import { defineConfig } from 'tsup';

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

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  // No source maps in the package: src/ is not published, so a map could only rename stack
  // frames to files that are not there (and with sources embedded it was 1.9 MB of the 2.9 MB
  // dist). The output is unminified, with its function names: stack traces read as they are.
  sourcemap: false,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  shims: true,
  external: [/^[^./]/],
});
