/**
 * `@transcode-flow/observability/cluster`: one scrape for a service run under Node's cluster
 * module. The workers answer the primary's metric requests; the primary sums their counters
 * and histograms and serves them on one port.
 *
 * @packageDocumentation
 */
export {
  exposeToClusterPrimary,
  createClusterMetrics,
  serveClusterMetrics,
  type ClusterMetrics,
  type ClusterMetricsServerOptions,
} from '../core/cluster.js';
