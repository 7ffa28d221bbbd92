/**
 * `@transcode-flow/observability/fastify`: the Fastify 5 adapter. It loads fastify only, never another
 * framework; the code lives in `src/adapters/fastify/`.
 *
 * @packageDocumentation
 */
export * from '../adapters/fastify/index.js';
