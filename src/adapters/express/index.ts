/**
 * `@transcode-flow/observability/express`: the express adapter. It loads express only, never another framework.
 *
 * @packageDocumentation
 */
export {};
