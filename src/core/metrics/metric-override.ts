import type { LabelNameOf, MetricName } from '../../catalogue/index.js';

/**
 * Per-metric settings, keyed by the catalogue name (without prefix) in
 * {@link ObservabilityOptions.metrics}.
 */
export interface MetricOverride<N extends MetricName = MetricName> {
  /** Histogram bucket upper bounds, strictly ascending; histograms only. Default: the catalogue's. */
  buckets?: readonly number[];
  /** Series cap for this metric. Default: `maxSeriesPerMetric`. */
  maxSeries?: number;
  /** `false` keeps the handle working but leaves the metric out of the registry. Default: `true`. */
  enabled?: boolean;
  /** Labels to drop from this metric (their values are ignored when recording). Default: none. */
  dropLabels?: readonly LabelNameOf<N>[];
}

/**
 * Per-metric settings keyed by catalogue name (without prefix): the `metrics` option.
 *
 * @example
 * ```ts
 * import type { MetricOverrides } from '@transcode-flow/observability';
 * const overrides: MetricOverrides = { api_request_duration_seconds: { buckets: [0.01, 0.1, 1] } };
 * ```
 */
export type MetricOverrides = { [N in MetricName]?: MetricOverride<N> };
