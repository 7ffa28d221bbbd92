/**
 * `@transcode-flow/observability`: the framework-agnostic core. This entry imports no
 * web framework; adapters live in their own subpaths (`/express`, `/fastify`, `/koa`,
 * `/hono`, `/bullmq`, `/ffmpeg`).
 *
 * @packageDocumentation
 */
export { createObservability, type Observability } from './create-observability.js';
export type { ObservabilityOptions, MetricOverride, MetricOverrides } from './core/options.js';
export { CATALOGUE, type Catalogue, type MetricName, type LabelNameOf } from './catalogue/index.js';
export { runtimeMetrics } from './catalogue/runtime.js';
export { BUCKETS } from './catalogue/buckets.js';
export {
  defineMetric,
  type MetricDefinition,
  type RuntimeMetricDefinition,
  type MetricType,
  type MetricGroup,
  type MetricUnit,
  type MetricAggregator,
} from './catalogue/define-metric.js';
export type {
  CounterHandle,
  GaugeHandle,
  HistogramHandle,
  HandleFor,
  MetricHandles,
  MetricHandleBase,
  LabelArgs,
} from './core/handles.js';
export type { BoundCounter } from './core/metrics/counter.js';
export type { BoundGauge } from './core/metrics/gauge.js';
export type { BoundHistogram } from './core/metrics/histogram.js';
export type { Collector } from './core/metrics/guarded-metric.js';
export { OVERFLOW_LABEL_VALUE, type LabelValues } from './core/metrics/labels.js';
export { ERROR_CODES, ObservabilityError, type ErrorCode } from './core/errors.js';
export {
  exposeToClusterPrimary,
  createClusterMetrics,
  serveClusterMetrics,
  type ClusterMetrics,
  type ClusterMetricsServerOptions,
} from './core/cluster.js';
export { serveMetrics, type ServeMetricsOptions } from './core/metrics-server.js';
export type { HttpObservabilityOptions } from './core/http/http-options.js';
export type { HealthCheck, HealthCheckFunction, HealthCheckResult, HealthReport } from './core/health/health-checks.js';
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
export { timeOperation, errorReason, type OperationOutcome } from './integrations/time-operation.js';
export {
  instrumentStorage,
  type StorageInstrumentation,
  type StorageInstrumentationOptions,
  type StorageTimeOptions,
  type StorageUsage,
} from './integrations/storage.js';
export {
  deliverWebhook,
  type WebhookDeliveryOptions,
  type WebhookDeliveryResult,
} from './integrations/webhook-delivery.js';
export { timeQuery } from './integrations/database.js';
export { observePool, type PoolLike, type PoolObserver, type ObservePoolOptions } from './integrations/pg-pool.js';
export { instrumentCache, type CacheInstrumentation, type CacheInstrumentationOptions } from './integrations/cache.js';
export { instrumentMedia, type MediaInstrumentation, type TranscriptionOptions } from './integrations/media.js';
export {
  apiKeyPrefix,
  instrumentApiKeys,
  type ApiKeyInstrumentation,
  type ApiKeyPrefixOptions,
} from './integrations/api-keys.js';
export {
  EXTERNAL_METRICS,
  EXTERNAL_METRIC_NAMES,
  type ExternalMetricDefinition,
  type Exporter,
} from './catalogue/external-metrics.js';
export { renderPresets, writePresets } from './presets/render-presets.js';
export { renderRunbooks } from './presets/runbooks.js';
export {
  resolvePresetConfig,
  SCRAPE_TARGETS,
  type PresetConfig,
  type ResolvedPresetConfig,
  type AlertOverride,
  type SloConfig,
  type AlertmanagerPresetConfig,
  type GrafanaPresetConfig,
  type KubernetesPresetConfig,
  type ReceiverKey,
  type ScrapeTarget,
} from './presets/preset-config.js';
export { ALERT_NAMES, ALL_ALERT_NAMES, type AlertName, type AlertGroup } from './presets/alerts/names.js';
export type { Severity, Component } from './presets/alerts/types.js';
