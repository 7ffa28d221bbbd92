/**
 * `@transcode-flow/observability/presets`: the monitoring-preset renderers (Prometheus rules
 * and their promtool tests, Alertmanager, Grafana dashboards, Kubernetes and docker-compose
 * files, runbooks), rendered from the metric catalogue for a user's prefix and thresholds, and
 * `renderMetricsReference` for a metrics reference of your own definitions.
 * Services do not need this entry at run time; the `transcode-flow-observability` command and
 * build scripts do.
 *
 * @packageDocumentation
 */
export * from '../presets/index.js';
export { runtimeMetrics } from '../catalogue/runtime.js';
export { renderMetricsReference, type MetricsReferenceOptions } from '../catalogue/render-metrics-doc.js';
export {
  EXTERNAL_METRICS,
  EXTERNAL_METRIC_NAMES,
  type ExternalMetricDefinition,
  type Exporter,
} from '../catalogue/external-metrics.js';
export { METRIC_NAMINGS, namedMetric, type NamedMetric } from '../catalogue/naming.js';
