/**
 * The metric names the presets may write, as types, so that a misspelt name is a compile
 * error rather than a rule that matches nothing. SDK names come from the catalogue's literal
 * `MetricName`; a histogram's series add `_bucket`, `_count` or `_sum`. Node's runtime metrics
 * and the exporters' metrics are typed `string` in the catalogue, so the ones the presets use
 * are listed here and checked against the catalogue when this module loads.
 */
import type { Catalogue, MetricName } from '../catalogue/index.js';
import { EXTERNAL_METRIC_NAMES } from '../catalogue/external-metrics.js';
import { runtimeMetrics } from '../catalogue/runtime.js';

/** A catalogue histogram's name. */
export type HistogramName = Extract<Catalogue[keyof Catalogue], { readonly type: 'histogram' }>['name'];

/** One of the series a catalogue histogram is exposed as. */
export type HistogramSeriesName = `${HistogramName}_${'bucket' | 'count' | 'sum'}`;

/** The Node.js runtime metrics (prom-client's default metrics) the presets query. */
const RUNTIME_METRICS_USED = [
  'process_start_time_seconds',
  'process_cpu_seconds_total',
  'process_resident_memory_bytes',
  'nodejs_heap_size_used_bytes',
  'nodejs_eventloop_lag_p99_seconds',
] as const;

/** A Node.js runtime metric the presets query. */
export type RuntimeMetricName = (typeof RUNTIME_METRICS_USED)[number];

/** Any name the SDK exposes that a preset may query (before the user's prefix). */
export type SdkSeriesName = MetricName | HistogramSeriesName | RuntimeMetricName;

/** The exporter metrics (from `EXTERNAL_METRICS`) the presets query. */
const EXPORTER_METRICS_USED = [
  'up',
  'pg_up',
  'redis_up',
  'node_memory_MemAvailable_bytes',
  'node_memory_MemTotal_bytes',
  'node_cpu_seconds_total',
  'node_filesystem_avail_bytes',
  'node_filesystem_size_bytes',
  'node_network_receive_errs_total',
  'node_network_transmit_errs_total',
  'container_memory_working_set_bytes',
  'container_spec_memory_limit_bytes',
] as const;

/** An exporter metric the presets query. */
export type ExporterMetricName = (typeof EXPORTER_METRICS_USED)[number];

const RUNTIME_NAMES: ReadonlySet<string> = new Set(runtimeMetrics.map((definition) => definition.name));
for (const name of RUNTIME_METRICS_USED) {
  if (!RUNTIME_NAMES.has(name)) throw new Error(`the presets use ${name}, which is not a catalogue runtime metric`);
}
for (const name of EXPORTER_METRICS_USED) {
  if (!EXTERNAL_METRIC_NAMES.has(name)) throw new Error(`the presets use ${name}, which is not in EXTERNAL_METRICS`);
}
