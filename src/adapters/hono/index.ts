/**
 * `@transcode-flow/observability/hono`: the hono adapter. It loads hono only, never another framework.
 *
 * @packageDocumentation
 */
export {};
