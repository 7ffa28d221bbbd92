/** The exporters whose metrics the monitoring presets may use besides the SDK's own. */
export type Exporter = 'prometheus' | 'node_exporter' | 'cadvisor' | 'postgres_exporter' | 'redis_exporter' | 'minio';

/** A metric that an exporter (not the SDK) exposes, declared so presets can be checked against it. */
export interface ExternalMetricDefinition {
  /** The exposed name (exporters take no prefix). */
  readonly name: string;
  /** Prometheus type. */
  readonly type: 'counter' | 'gauge';
  /** The exporter that exposes it. */
  readonly exporter: Exporter;
  /** What it measures. */
  readonly help: string;
  /** The labels the presets rely on. */
  readonly labelNames: readonly string[];
}

function external(
  exporter: Exporter,
  name: string,
  type: ExternalMetricDefinition['type'],
  help: string,
  labelNames: readonly string[] = [],
): ExternalMetricDefinition {
  return { name, type, exporter, help, labelNames };
}

/**
 * The exporter metrics the monitoring presets (alerts, recording rules and dashboards) may
 * use. A test fails when a preset names a metric that is neither in the catalogue (with the
 * user's prefix) nor on this list, so the presets only query what is really scraped.
 *
 * @example
 * ```ts
 * import { EXTERNAL_METRICS } from '@transcode-flow/observability/presets';
 *
 * const nodeMetrics = EXTERNAL_METRICS.filter((metric) => metric.exporter === 'node_exporter');
 * console.log(nodeMetrics.map((metric) => metric.name));
 * ```
 */
export const EXTERNAL_METRICS: readonly ExternalMetricDefinition[] = [
  external('prometheus', 'up', 'gauge', 'Whether the last scrape of the target succeeded (1) or not (0).', [
    'job',
    'instance',
  ]),
  external('node_exporter', 'node_memory_MemAvailable_bytes', 'gauge', 'Memory available for new work, in bytes.'),
  external('node_exporter', 'node_memory_MemTotal_bytes', 'gauge', 'Total usable memory, in bytes.'),
  external('node_exporter', 'node_cpu_seconds_total', 'counter', 'CPU time spent, by CPU and mode.', ['cpu', 'mode']),
  external('node_exporter', 'node_filesystem_avail_bytes', 'gauge', 'Filesystem space available to non-root users.', [
    'device',
    'fstype',
    'mountpoint',
  ]),
  external('node_exporter', 'node_filesystem_size_bytes', 'gauge', 'Filesystem size, in bytes.', [
    'device',
    'fstype',
    'mountpoint',
  ]),
  external('node_exporter', 'node_network_receive_errs_total', 'counter', 'Network receive errors, by device.', [
    'device',
  ]),
  external('node_exporter', 'node_network_transmit_errs_total', 'counter', 'Network transmit errors, by device.', [
    'device',
  ]),
  external('cadvisor', 'container_memory_working_set_bytes', 'gauge', 'Container working set memory, in bytes.', [
    'name',
    'image',
  ]),
  external('cadvisor', 'container_spec_memory_limit_bytes', 'gauge', 'Container memory limit, in bytes (0: none).', [
    'name',
    'image',
  ]),
  external('cadvisor', 'container_cpu_usage_seconds_total', 'counter', 'Container CPU time, in seconds.', [
    'name',
    'image',
  ]),
  external('postgres_exporter', 'pg_up', 'gauge', 'Whether the exporter reached PostgreSQL (1) or not (0).'),
  external('redis_exporter', 'redis_up', 'gauge', 'Whether the exporter reached Redis (1) or not (0).'),
  external('minio', 'minio_cluster_capacity_usable_free_bytes', 'gauge', 'Usable free capacity of the MinIO cluster.'),
  external(
    'minio',
    'minio_cluster_capacity_usable_total_bytes',
    'gauge',
    'Usable total capacity of the MinIO cluster.',
  ),
];

/** The names on {@link EXTERNAL_METRICS}. */
export const EXTERNAL_METRIC_NAMES: ReadonlySet<string> = new Set(EXTERNAL_METRICS.map((metric) => metric.name));
