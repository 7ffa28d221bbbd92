/**
 * `@transcode-flow/observability/koa`: the koa adapter. It loads koa only, never another framework.
 *
 * @packageDocumentation
 */
export {};
