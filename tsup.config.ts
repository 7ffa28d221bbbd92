import { defineConfig } from 'tsup';

/** One entry per public subpath; each is built as ESM and CJS with its own types. */
export const entries = {
  index: 'src/index.ts',
  express: 'src/adapters/express/index.ts',
  fastify: 'src/adapters/fastify/index.ts',
  koa: 'src/adapters/koa/index.ts',
  hono: 'src/adapters/hono/index.ts',
  bullmq: 'src/jobs/bullmq/index.ts',
  ffmpeg: 'src/ffmpeg/index.ts',
  cli: 'src/cli/index.ts',
};

export default defineConfig({
  entry: entries,
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
  shims: true,
  external: [/^[^./]/],
});
