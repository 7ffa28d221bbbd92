/**
 * `@transcode-flow/observability/hono`: the Hono 4 adapter. It loads hono only, never another
 * framework; the code lives in `src/adapters/hono/`.
 *
 * @packageDocumentation
 */
export * from '../adapters/hono/index.js';
