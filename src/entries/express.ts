/**
 * `@transcode-flow/observability/express`: the Express 5 and 4 adapter. It loads express only, never another
 * framework; the code lives in `src/adapters/express/`.
 *
 * @packageDocumentation
 */
export * from '../adapters/express/index.js';
