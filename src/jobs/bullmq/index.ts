/**
 * `@transcode-flow/observability/bullmq`: BullMQ queue and worker instrumentation.
 *
 * @packageDocumentation
 */
export {};
