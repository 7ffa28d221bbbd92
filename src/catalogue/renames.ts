import { CATALOGUE_DEFINITIONS } from './index.js';
import type { MetricDefinition } from './define-metric.js';
import { runtimeMetrics } from './runtime.js';

/**
 * Every metric the monitoring report lists (43, in its order and groups). Each one has a
 * catalogue entry: under the same name, or under a conforming name whose definition
 * records the Python reference stack’s name and the reason (see {@link RENAMES}).
 */
export const REPORT_METRICS: readonly { readonly name: string; readonly group: string }[] = [
  ...['api_requests_total', 'api_request_duration_seconds', 'api_requests_in_progress'].map((name) => ({
    name,
    group: 'API',
  })),
  ...[
    'jobs_total',
    'jobs_created_total',
    'jobs_completed_total',
    'jobs_failed_total',
    'jobs_cancelled_total',
    'jobs_queued',
    'jobs_processing',
    'job_processing_duration_seconds',
    'job_queue_time_seconds',
    'job_retry_count',
  ].map((name) => ({ name, group: 'Jobs' })),
  ...[
    'video_transcode_duration_seconds',
    'video_transcoded_bytes',
    'video_compression_ratio',
    'video_source_duration_seconds',
    'video_source_size_bytes',
    'audio_extraction_duration_seconds',
    'transcription_duration_seconds',
    'transcription_word_count',
    'thumbnail_generation_duration_seconds',
  ].map((name) => ({ name, group: 'Video processing' })),
  ...[
    'storage_used_bytes',
    'storage_quota_bytes',
    'storage_operations_total',
    'storage_operation_duration_seconds',
  ].map((name) => ({ name, group: 'Storage' })),
  ...['webhook_sent_total', 'webhook_duration_seconds', 'webhook_retry_count'].map((name) => ({
    name,
    group: 'Webhooks',
  })),
  ...['db_connections_active', 'db_connections_idle', 'db_query_duration_seconds'].map((name) => ({
    name,
    group: 'Database',
  })),
  ...['cache_operations_total', 'cache_operation_duration_seconds'].map((name) => ({ name, group: 'Cache' })),
  ...['celery_tasks_total', 'celery_task_duration_seconds', 'celery_workers_active', 'celery_queue_length'].map(
    (name) => ({
      name,
      group: 'Celery',
    }),
  ),
  ...['api_key_requests_total', 'api_key_rate_limit_exceeded', 'api_key_quota_exceeded'].map((name) => ({
    name,
    group: 'API keys',
  })),
  ...['app_info', 'app_uptime_seconds'].map((name) => ({ name, group: 'System' })),
];

/** A metric whose name differs from the Python reference stack’s. */
interface Rename {
  readonly reportName: string;
  readonly name: string;
  readonly reason: string;
}

/**
 * The renames from the Python reference stack, derived from the catalogue entries that declare a `reportName`.
 *
 * @example
 * ```ts
 * import { RENAMES } from '@transcode-flow/observability';
 * for (const { reportName, name, reason } of RENAMES) console.log(`${reportName} -> ${name}: ${reason}`);
 * ```
 */
export const RENAMES: readonly Rename[] = CATALOGUE_DEFINITIONS.filter(
  (definition): definition is MetricDefinition & { reportName: string; renameReason: string } =>
    definition.reportName !== undefined,
).map((definition) => ({ reportName: definition.reportName, name: definition.name, reason: definition.renameReason }));

/** A Node.js runtime metric exposed under another name than prom-client's. */
interface RuntimeRename {
  readonly promClientName: string;
  readonly name: string;
  readonly reason: string;
}

/** The runtime metrics the SDK exposes under a conforming name instead of prom-client's. */
export const RUNTIME_RENAMES: readonly RuntimeRename[] = runtimeMetrics.flatMap((definition) =>
  definition.promClientName === undefined
    ? []
    : [{ promClientName: definition.promClientName, name: definition.name, reason: definition.renameReason ?? '' }],
);

/** The catalogue entry that stands for a metric of the Python reference stack, under its own name or a rename. */
export function entryForReportMetric(reportName: string): MetricDefinition | undefined {
  return CATALOGUE_DEFINITIONS.find(
    (definition) => definition.name === reportName || definition.reportName === reportName,
  );
}
