/**
 * `@transcode-flow/observability/fastify`: the fastify adapter. It loads fastify only, never another framework.
 *
 * @packageDocumentation
 */
export {};
