/** The Prometheus metric types the catalogue uses. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * The groups of the catalogue, as in the report the SDK grew from. `queue_workers` is the
 * report's "Celery" group; `sdk` holds the SDK's own health metrics.
 */
export type MetricGroup =
  | 'api'
  | 'jobs'
  | 'video'
  | 'storage'
  | 'webhooks'
  | 'database'
  | 'cache'
  | 'queue_workers'
  | 'api_keys'
  | 'app'
  | 'sdk'
  | 'runtime';

/** The unit a metric is measured in; it is also the last word of the metric's name. */
export type MetricUnit =
  'seconds' | 'bytes' | 'ratio' | 'words' | 'requests' | 'jobs' | 'connections' | 'info' | 'frames_per_second';

/** How a metric combines across cluster workers (prom-client's aggregators). */
export type MetricAggregator = 'sum' | 'first' | 'min' | 'max' | 'average' | 'omit';

/**
 * One catalogue entry: everything about a metric, declared once. The registry, the
 * metrics reference, the alert rules and the dashboards are all derived from it.
 *
 * @typeParam N - The metric's name without prefix.
 * @typeParam L - The metric's label names.
 * @typeParam T - The metric's type.
 */
export interface MetricDefinition<
  N extends string = string,
  L extends string = string,
  T extends MetricType = MetricType,
> {
  /** Name without the user's prefix, e.g. `api_requests_total`. */
  readonly name: N;
  /** Prometheus type. */
  readonly type: T;
  /** One-sentence help text shown in the exposition. */
  readonly help: string;
  /** Label names, in exposition order. */
  readonly labelNames: readonly L[];
  /** Unit of the value. */
  readonly unit: MetricUnit;
  /** Default histogram buckets (upper bounds, ascending); histograms only. */
  readonly buckets?: readonly number[];
  /** The catalogue group the metric belongs to. */
  readonly group: MetricGroup;
  /** How values combine across cluster workers; defaults to `sum`. */
  readonly aggregator?: MetricAggregator;
  /** The report's name, when this name differs from it. */
  readonly reportName?: string;
  /** Why the name differs from the report's, when it does. */
  readonly renameReason?: string;
}

/**
 * Declares a catalogue entry, keeping the literal name and label names in its type so
 * that handles can check label names at compile time.
 *
 * @example
 * ```ts
 * import { defineMetric } from '@transcode-flow/observability';
 *
 * const uploads = defineMetric({
 *   name: 'uploads_total',
 *   type: 'counter',
 *   help: 'Uploads received, by outcome.',
 *   labelNames: ['outcome'],
 *   unit: 'requests',
 *   group: 'api',
 * });
 * ```
 */
export function defineMetric<const N extends string, const T extends MetricType, const L extends string = never>(
  definition: MetricDefinition<N, L, T>,
): MetricDefinition<N, L, T> {
  return definition;
}

/**
 * A metric that the SDK does not create itself but asks prom-client to collect
 * (Node's runtime metrics), documented in the catalogue all the same.
 */
export interface RuntimeMetricDefinition {
  /** Name without the user's prefix, as prom-client names it. */
  readonly name: string;
  /** Prometheus type. */
  readonly type: MetricType | 'summary';
  /** What it measures. */
  readonly help: string;
  /** Label names. */
  readonly labelNames: readonly string[];
  /** Always `runtime`. */
  readonly group: 'runtime';
  /** prom-client's name, when the SDK exposes the metric under another one. */
  readonly promClientName?: string;
  /** Why the name differs from prom-client's, when it does. */
  readonly renameReason?: string;
}
