/**
 * `@transcode-flow/observability`: the framework-agnostic core: `createObservability`, the
 * metric catalogue, the logger and its context, the job wrapper and the coded errors. This
 * entry imports no web framework and no preset code. Everything else has a subpath of its own:
 * the adapters (`/express`, `/fastify`, `/koa`, `/hono`), `/bullmq`, `/ffmpeg`,
 * `/integrations` (storage, webhooks, databases, caches, media steps, API keys), `/cluster`
 * and `/presets` (the monitoring-preset renderers).
 *
 * @packageDocumentation
 */
export { createObservability } from './create-observability.js';
export type { Observability } from './core/observability.js';
export type { RequestHooks, RequestScope } from './core/http/request-scope.js';
export type { ObservabilityOptions } from './core/options.js';
export type { MetricOverride, MetricOverrides } from './core/metrics/metric-override.js';
export { CATALOGUE, type Catalogue, type MetricName, type LabelNameOf } from './catalogue/index.js';
export { BUCKETS } from './catalogue/buckets.js';
export { CATALOGUE_GROUPS, DEFAULT_GROUPS, metricGroup, type CatalogueGroup } from './catalogue/groups.js';
export {
  defineMetric,
  type MetricDefinition,
  type RuntimeMetricDefinition,
  type MetricType,
  type MetricGroup,
  type MetricUnit,
  type MetricAggregator,
  type MetricDefinitionInput,
} from './catalogue/define-metric.js';
export type {
  CounterHandle,
  GaugeHandle,
  HistogramHandle,
  HandleFor,
  MetricHandles,
  MetricHandleBase,
  LabelArgs,
  CustomHandles,
} from './core/handles.js';
export type { CustomMetrics } from './core/metrics/custom-definitions.js';
export type { BoundCounter } from './core/metrics/counter.js';
export type { BoundGauge } from './core/metrics/gauge.js';
export type { BoundHistogram } from './core/metrics/histogram.js';
export type { Collector } from './core/metrics/guarded-metric.js';
export { OVERFLOW_LABEL_VALUE, type LabelValues } from './core/metrics/labels.js';
export { ERROR_CODES, ObservabilityError, type ErrorCode } from './core/errors.js';
export { serveMetrics, type ServeMetricsOptions } from './core/metrics-server.js';
export type { HttpObservabilityOptions } from './core/http/http-options.js';
export type { AccessLogOptions } from './core/http/access-log-options.js';
export type { HttpLabelFunctions } from './core/http/http-labels.js';
export type { MetricNaming } from './catalogue/naming.js';
export type { OtelNaming } from './catalogue/define-metric.js';
export {
  diskSpaceHealthCheck,
  ffmpegHealthCheck,
  ffprobeHealthCheck,
  redisHealthCheck,
  writableDirHealthCheck,
  type BinaryHealthCheckOptions,
  type DiskSpaceHealthCheckOptions,
  type RedisHealthCheckOptions,
  type RedisPingClient,
  type WritableDirHealthCheckOptions,
  type HealthCheck,
  type HealthCheckFunction,
  type HealthCheckResult,
  type HealthReport,
} from './core/health/index.js';
export {
  withContext,
  runWithContext,
  enterContext,
  addContext,
  getContext,
  type LogContext,
} from './logging/context.js';
export { createLogger, type Logger } from './logging/logger.js';
export { getLogger, setDefaultLogger } from './logging/default-logger.js';
export type { LoggerOptions } from './logging/logger-options.js';
export type { LevelName, LevelOption } from './logging/levels.js';
export { DEFAULT_REDACTED_KEYS, type RedactOptions } from './logging/redaction.js';
export type { SerializeOptions } from './logging/serialize.js';
export {
  instrumentJobs,
  type JobInstrumentation,
  type JobInstrumentationOptions,
  type JobInfo,
  type JobContext,
  type JobFunction,
  type JobRunOptions,
  type QueuedJob,
  type QueuedJobState,
} from './jobs/job-wrapper.js';
