import { collectDefaultMetrics, Registry } from 'prom-client';
import { CATALOGUE, CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import type { MetricDefinition, RuntimeMetricDefinition } from '../catalogue/define-metric.js';
import { runtimeMetrics } from '../catalogue/runtime.js';
import { ObservabilityError } from './errors.js';
import type { MetricHandles } from './handles.js';
import { GuardedCounter } from './metrics/counter.js';
import { GuardedGauge } from './metrics/gauge.js';
import type { GuardedMetric, GuardedMetricConfig, MetricEvents } from './metrics/guarded-metric.js';
import { GuardedHistogram } from './metrics/histogram.js';
import type { ResolvedOptions } from './options.js';

/** A metric the SDK created, whatever its type. */
type AnyGuardedMetric = GuardedMetric<never> & { readonly type: 'counter' | 'gauge' | 'histogram' };

/** The metrics built from the catalogue, and the registry they are in. */
interface BuiltRegistry {
  readonly registry: Registry;
  readonly handles: MetricHandles;
  /** Every metric created, by exposed (prefixed) name, enabled or not. */
  readonly byName: ReadonlyMap<string, AnyGuardedMetric>;
}

function createMetric(
  definition: MetricDefinition,
  options: ResolvedOptions,
  events: MetricEvents,
  maxSeries: number,
  exemplarDropped: (metricName: string) => void,
): AnyGuardedMetric {
  const override = options.metrics[definition.name] ?? {};
  const dropped = new Set<string>(override.dropLabels ?? []);
  const config: GuardedMetricConfig = {
    name: options.prefix + definition.name,
    help: definition.help,
    labelNames: definition.labelNames.filter((label) => !dropped.has(label)),
    constLabels: options.defaultLabels,
    maxSeries: override.maxSeries ?? maxSeries,
    maxLabelValueLength: options.maxLabelValueLength,
    aggregator: definition.aggregator ?? 'sum',
    collectTimeoutMs: options.collectTimeoutMs,
    events,
  };
  switch (definition.type) {
    case 'counter':
      return new GuardedCounter(config) as unknown as AnyGuardedMetric;
    case 'gauge':
      return new GuardedGauge(config) as unknown as AnyGuardedMetric;
    case 'histogram':
      return new GuardedHistogram({
        ...config,
        buckets: override.buckets ?? definition.buckets ?? [],
        exemplars: options.exemplars,
        exemplarDropped,
      }) as unknown as AnyGuardedMetric;
  }
}

/** Refuses, before anything is registered, a registry that already holds one of the names. */
function assertFree(registry: Registry, names: readonly string[], option: string, advice: string): void {
  const taken = names.find((name) => registry.getSingleMetric(name) !== undefined);
  if (taken !== undefined) {
    throw new ObservabilityError(
      'TFO_ERR_DUPLICATE_METRIC',
      `the registry already holds a metric named ${taken}; ${advice}`,
      option,
    );
  }
}

/** What the registry needs of a prom-client metric to expose it under another name. */
interface PromClientMetric {
  readonly type: string;
  readonly aggregator?: string;
  get(): Promise<{ name: string; help: string }> | { name: string; help: string };
  reset(): void;
}

/**
 * Replaces, in the registry, a prom-client runtime metric by a view of it under the
 * catalogue's conforming name and help. The view reads prom-client's metric (its own
 * scrape-time collect included) through its public `get()`, so the values are prom-client's.
 */
function renameRuntimeMetric(registry: Registry, prefix: string, definition: RuntimeMetricDefinition): void {
  if (definition.promClientName === undefined) return;
  const source = registry.getSingleMetric(prefix + definition.promClientName) as unknown as
    PromClientMetric | undefined;
  if (source === undefined) return;
  const name = prefix + definition.name;
  const view = {
    name,
    help: definition.help,
    type: source.type,
    aggregator: source.aggregator ?? 'sum',
    get: async () => ({ ...(await source.get()), name, help: definition.help }),
    reset: () => source.reset(),
  };
  registry.removeSingleMetric(prefix + definition.promClientName);
  registry.registerMetric(view as never);
}

/**
 * Creates every catalogue metric behind the cardinality guard and registers the enabled
 * ones (and, when asked, prom-client's runtime metrics, the few that prom-client names
 * against the naming rules under their catalogue name) in the registry. Exemplars that
 * break the OpenMetrics rules are counted here, in `observability_exemplars_dropped_total`.
 */
export function buildRegistry(options: ResolvedOptions, events: MetricEvents): BuiltRegistry {
  const registry = options.registry ?? new Registry();
  const byName = new Map<string, AnyGuardedMetric>();
  const handles: Record<string, AnyGuardedMetric> = {};
  // The SDK's own counters are labelled by metric name, so they can always hold one series per metric.
  const sdkCap = Math.max(options.maxSeriesPerMetric, CATALOGUE_DEFINITIONS.length * 2);
  const quiet: MetricEvents = { overflow() {}, invalidValue() {}, collectError() {} };
  const exemplarDropped = (metric: string): void =>
    (handles as unknown as MetricHandles).observabilityExemplarsDroppedTotal.inc({ metric });
  for (const [key, definition] of Object.entries(CATALOGUE) as [string, MetricDefinition][]) {
    const isSdk = definition.group === 'sdk';
    const metric = createMetric(
      definition,
      options,
      isSdk ? quiet : events,
      isSdk ? sdkCap : options.maxSeriesPerMetric,
      exemplarDropped,
    );
    handles[key] = metric;
    byName.set(metric.name, metric);
  }
  const enabled = [...byName.values()].filter(
    (metric) => options.metrics[metric.name.slice(options.prefix.length)]?.enabled !== false,
  );
  assertFree(
    registry,
    enabled.map((metric) => metric.name),
    'registry',
    'pass a registry without it, another `prefix`, or reuse the first observability object.',
  );
  if (options.defaultMetrics !== false) {
    assertFree(
      registry,
      runtimeMetrics.flatMap((metric) =>
        [metric.name, metric.promClientName ?? metric.name].map((name) => options.prefix + name),
      ),
      'defaultMetrics',
      'the registry already collects Node.js runtime metrics, so pass `defaultMetrics: false`.',
    );
  }
  for (const metric of enabled) registry.registerMetric(metric as never);
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({
      register: registry,
      prefix: options.prefix,
      labels: { ...options.defaultLabels },
      ...options.defaultMetrics,
    });
    for (const definition of runtimeMetrics) renameRuntimeMetric(registry, options.prefix, definition);
  }
  return { registry, handles: handles as unknown as MetricHandles, byName };
}
