/**
 * `@transcode-flow/observability/koa`: the Koa 3 and 2 adapter. It loads koa only, never another
 * framework; the code lives in `src/adapters/koa/`.
 *
 * @packageDocumentation
 */
export * from '../adapters/koa/index.js';
