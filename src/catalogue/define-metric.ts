/** The Prometheus metric types the catalogue uses. */
export type MetricType = 'counter' | 'gauge' | 'histogram';

/**
 * The groups of the catalogue: one per domain a media service instruments, each a unit a service
 * turns on with the `groups` option. `queue_workers` holds the queue and worker metrics; `sdk` holds the SDK's own health metrics; `custom` is the group of
 * every metric a service declares itself (`createObservability({ customMetrics })`).
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
  | 'runtime'
  | 'custom';

/** The unit a metric is measured in; it is also the last word of the metric's name. */
export type MetricUnit =
  | 'seconds'
  | 'bytes'
  | 'ratio'
  | 'words'
  | 'requests'
  | 'jobs'
  | 'connections'
  | 'info'
  | 'frames_per_second'
  | 'series';

/**
 * How a metric combines across processes (prom-client's aggregators): across cluster workers
 * at `/cluster`, and across instances in the presets' rules, alerts and dashboards (`sum` adds
 * per-process figures; `max` takes shared state, the same figure every replica reads, once).
 */
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
  /** Unit of the value; every catalogue metric has one, a service's own metric may leave it out. */
  readonly unit?: MetricUnit;
  /** Default histogram buckets (upper bounds, ascending); histograms only. */
  readonly buckets?: readonly number[];
  /** The catalogue group the metric belongs to; `custom` for a service's own metric. */
  readonly group: MetricGroup;
  /**
   * How values combine across cluster workers and across instances; defaults to `sum`
   * (counters, histograms, per-process state). Shared state that every replica reads alike
   * (a queue's depth in Redis, a storage backend's usage) is `max`.
   */
  readonly aggregator?: MetricAggregator;
  /** The Python reference stack’s name, when this name differs from it. */
  readonly reportName?: string;
  /** Why the name differs from the Python reference stack’s, when it does. */
  readonly renameReason?: string;
  /**
   * The name and labels under `naming: 'otel'`, for a metric that an OpenTelemetry semantic
   * convention covers; a metric without it keeps its name and labels in both namings.
   */
  readonly otel?: OtelNaming<L>;
}

/**
 * How a metric is named under `createObservability({ naming: 'otel' })`: as OpenTelemetry's
 * Prometheus exporter writes the semantic convention's instrument (dots become `_`, the unit
 * `s` adds `_seconds`), with its attributes as label names.
 *
 * @typeParam L - The metric's label names.
 * @example
 * ```ts
 * import type { OtelNaming } from '@transcode-flow/observability';
 * const naming: OtelNaming<'method'> = {
 *   instrument: 'http.server.request.duration',
 *   stability: 'stable',
 *   name: 'http_server_request_duration_seconds',
 *   labels: { method: 'http_request_method' },
 * };
 * ```
 */
export interface OtelNaming<L extends string = string> {
  /** The semantic convention's instrument, e.g. `http.server.request.duration`. */
  readonly instrument: string;
  /** The instrument's status in the semantic conventions. */
  readonly stability: 'stable' | 'development';
  /** The metric's name under `naming: 'otel'` (before the user's prefix). */
  readonly name: string;
  /** Label renames, from the catalogue's label to the attribute as the exporter writes it; a label left out keeps its name. */
  readonly labels?: { readonly [K in L]?: string };
  /**
   * For a metric that OpenTelemetry has no instrument for because another one's sample holds
   * the same series (a request counter is the duration histogram's `_count`): the catalogue
   * name of that metric. Under `naming: 'otel'` this metric is then not exposed, and `name`
   * is that sample's name, which the presets query in its place.
   */
  readonly sampleOf?: string;
}

/**
 * What {@link defineMetric} takes: a {@link MetricDefinition} whose `group` may be left out
 * (a service's own metric is in the `custom` group).
 *
 * @example
 * ```ts
 * import type { MetricDefinitionInput } from '@transcode-flow/observability';
 * const input: MetricDefinitionInput<'uploads_total', 'outcome', 'counter'> = {
 *   name: 'uploads_total',
 *   type: 'counter',
 *   help: 'Uploads received, by outcome.',
 *   labelNames: ['outcome'],
 * };
 * ```
 */
export type MetricDefinitionInput<
  N extends string = string,
  L extends string = string,
  T extends MetricType = MetricType,
> = Omit<MetricDefinition<N, L, T>, 'group' | 'otel'> & {
  /** The catalogue group; leave it out for a service's own metric (it is then `custom`). */
  readonly group?: MetricGroup;
  /** The name and labels under `naming: 'otel'` (see {@link MetricDefinition.otel}). */
  readonly otel?: OtelNaming<NoInfer<L>>;
};

/**
 * Declares a metric, keeping the literal name and label names in its type so that its
 * handle checks label names at compile time. The catalogue declares every SDK metric with
 * it; a service declares its own metrics the same way and passes them to
 * `createObservability({ customMetrics: { ... } })`, which checks them (name, type, labels,
 * buckets, clashes with the catalogue), registers them behind the same cardinality guard and
 * prefix, and gives typed handles on `observability.custom`. Without `group`, the metric is in
 * the `custom` group. Nothing is checked here: the checks run in `createObservability`, which
 * knows the prefix and the constant labels.
 *
 * @example
 * ```ts
 * import { createObservability, defineMetric } from '@transcode-flow/observability';
 *
 * const uploads = defineMetric({
 *   name: 'uploads_total',
 *   type: 'counter',
 *   help: 'Uploads received, by outcome.',
 *   labelNames: ['outcome'],
 *   unit: 'requests',
 * });
 * const observability = createObservability({ customMetrics: { uploads } });
 * observability.custom.uploads.inc({ outcome: 'stored' });
 * ```
 */
export function defineMetric<const N extends string, const T extends MetricType, const L extends string = never>(
  definition: MetricDefinitionInput<N, L, T>,
): MetricDefinition<N, L, T> {
  return { ...definition, group: definition.group ?? 'custom' };
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
