/**
 * `@transcode-flow/observability/bullmq`: BullMQ queue and worker instrumentation. It types
 * BullMQ's classes by shape and never loads `bullmq` itself.
 *
 * @packageDocumentation
 */
export {
  instrumentBullMQ,
  type InstrumentBullMQOptions,
  type BullMQInstrumentation,
} from '../jobs/bullmq/instrument-bullmq.js';
export { instrumentProcessor, type InstrumentProcessorOptions, type BullProcessor } from '../jobs/bullmq/processor.js';
export {
  QUEUE_STATES,
  type QueueState,
  type QueueLike,
  type WorkerLike,
  type QueueEventsLike,
  type BullJobLike,
} from '../jobs/bullmq/types.js';
