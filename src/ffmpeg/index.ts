/**
 * `@transcode-flow/observability/ffmpeg`: ffmpeg instrumentation for fluent-ffmpeg and plain ffmpeg processes.
 *
 * @packageDocumentation
 */
export {};
