import { collectDefaultMetrics, Registry } from 'prom-client';
import { CATALOGUE, CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import type { MetricDefinition, MetricGroup, RuntimeMetricDefinition } from '../catalogue/define-metric.js';
import { type MetricNaming, namedMetric } from '../catalogue/naming.js';
import { runtimeMetrics } from '../catalogue/runtime.js';
import { ObservabilityError } from './errors.js';
import { blankEmptyEventLoopWindow } from './event-loop-delay-window.js';
import type { MetricHandles } from './handles.js';
import { CollectionClock } from './metrics/collection-clock.js';
import { GuardedCounter } from './metrics/counter.js';
import { GuardedGauge } from './metrics/gauge.js';
import type { GuardedMetric, GuardedMetricConfig, MetricEvents } from './metrics/guarded-metric.js';
import { GuardedHistogram } from './metrics/histogram.js';
import type { MetricOverride } from './metrics/metric-override.js';

/**
 * What the registry reads of the resolved options of `createObservability` (`core/options.ts`
 * resolves and checks them; its `ResolvedOptions` adds the service name, version and access log).
 */
export interface RegistryOptions {
  prefix: string;
  defaultLabels: Readonly<Record<string, string>>;
  registry: Registry | undefined;
  defaultMetrics: false | { eventLoopMonitoringPrecision?: number; gcDurationBuckets?: number[] };
  maxSeriesPerMetric: number;
  maxLabelValueLength: number;
  collectTimeoutMs: number;
  exemplars: boolean;
  metrics: Readonly<Record<string, MetricOverride>>;
  /** Every group whose metrics are registered: the chosen ones, `app`, `sdk` and `custom`. */
  groups: ReadonlySet<MetricGroup>;
  customMetrics: ReadonlyMap<string, MetricDefinition>;
  /** The extra label names of the HTTP request counter and histogram (`httpLabels`). */
  httpLabels: readonly string[];
  /** How metrics and labels are named (`naming`). */
  naming: MetricNaming;
}

/** A metric the SDK created, whatever its type. */
export type AnyGuardedMetric = GuardedMetric<never> & { readonly type: 'counter' | 'gauge' | 'histogram' };

/** The metrics built from the catalogue and the service's own definitions, and the registry they are in. */
interface BuiltRegistry {
  readonly registry: Registry;
  readonly handles: MetricHandles;
  /** The service's own metrics, keyed as in the `customMetrics` option. */
  readonly custom: Readonly<Record<string, AnyGuardedMetric>>;
  /** Every metric created, by exposed (prefixed) name, registered or not. */
  readonly byName: ReadonlyMap<string, AnyGuardedMetric>;
  /** The metrics registered in the registry, in registration order. */
  readonly exposed: readonly AnyGuardedMetric[];
}

/** What a metric needs beyond its definition and the options. */
interface MetricContext {
  readonly events: MetricEvents;
  readonly maxSeries: number;
  readonly exemplarDropped: (metricName: string) => void;
  readonly clock: CollectionClock;
  readonly firstSeries: (() => void) | undefined;
}

/** The declared `httpLabels`, for the request counter and histogram; none for any other metric. */
function httpLabelsOf(definition: MetricDefinition, options: RegistryOptions): readonly string[] {
  return definition === CATALOGUE.apiRequestsTotal || definition === CATALOGUE.apiRequestDurationSeconds
    ? options.httpLabels
    : [];
}

function createMetric(
  definition: MetricDefinition,
  options: RegistryOptions,
  context: MetricContext,
): AnyGuardedMetric {
  const { events, maxSeries, exemplarDropped, clock, firstSeries } = context;
  const override = options.metrics[definition.name] ?? {};
  const dropped = new Set<string>(override.dropLabels ?? []);
  const named = namedMetric(definition, options.naming);
  const config: GuardedMetricConfig = {
    name: options.prefix + named.name,
    help: definition.help,
    labelNames: [...definition.labelNames.filter((label) => !dropped.has(label)), ...httpLabelsOf(definition, options)],
    constLabels: options.defaultLabels,
    maxSeries: override.maxSeries ?? maxSeries,
    maxLabelValueLength: options.maxLabelValueLength,
    aggregator: definition.aggregator ?? 'sum',
    collectTimeoutMs: options.collectTimeoutMs,
    events,
    clock,
    ...(firstSeries === undefined ? {} : { firstSeries }),
    ...(Object.keys(named.labels).length === 0 ? {} : { exposedLabels: named.labels }),
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

/** Whether a catalogue metric is registered: `metrics.<name>.enabled` when set, else whether its group is on. */
function isExposed(definition: MetricDefinition, options: RegistryOptions): boolean {
  // Under `naming: 'otel'` a metric whose series are another's sample (the request counter) is not exposed.
  if (!namedMetric(definition, options.naming).exposed) return false;
  return options.metrics[definition.name]?.enabled ?? options.groups.has(definition.group);
}

/**
 * Creates every catalogue metric and every custom metric behind the cardinality guard, and
 * registers the catalogue metrics whose group is on (or that `metrics.<name>.enabled: true`
 * turns on), every custom metric, and, when asked, prom-client's runtime metrics (the few that
 * prom-client names against the naming rules under their catalogue name) in the registry. The
 * metrics of a group that is off keep working unregistered; the first series one of them
 * creates is told to `hiddenGroupRecorded`. Exemplars that break the OpenMetrics rules are
 * counted here, in `observability_exemplars_dropped_total`, and the duration of each
 * collection is set on `observability_scrape_duration_seconds`.
 */
export function buildRegistry(
  options: RegistryOptions,
  events: MetricEvents,
  hiddenGroupRecorded: (metricName: string, group: MetricGroup) => void = () => {},
): BuiltRegistry {
  const registry = options.registry ?? new Registry();
  const byName = new Map<string, AnyGuardedMetric>();
  const handles: Record<string, AnyGuardedMetric> = {};
  const custom: Record<string, AnyGuardedMetric> = {};
  const exposed: AnyGuardedMetric[] = [];
  const sdkNames = new Set<string>();
  // The SDK's own metrics are labelled by metric name, so they can always hold one series per metric.
  const sdkCap = Math.max(options.maxSeriesPerMetric, (CATALOGUE_DEFINITIONS.length + options.customMetrics.size) * 2);
  const quiet: MetricEvents = { overflow() {}, invalidValue() {}, collectError() {} };
  const sdk = handles as unknown as MetricHandles;
  const exemplarDropped = (metric: string): void => sdk.observabilityExemplarsDroppedTotal.inc({ metric });
  const clock = new CollectionClock((seconds) => sdk.observabilityScrapeDurationSeconds.set(seconds));
  const build = (definition: MetricDefinition, registered: boolean, hiddenByGroup: boolean): AnyGuardedMetric => {
    const isSdk = definition.group === 'sdk';
    const metric = createMetric(definition, options, {
      events: isSdk ? quiet : events,
      maxSeries: isSdk ? sdkCap : options.maxSeriesPerMetric,
      exemplarDropped,
      clock,
      firstSeries: hiddenByGroup
        ? () => hiddenGroupRecorded(options.prefix + namedMetric(definition, options.naming).name, definition.group)
        : undefined,
    });
    byName.set(metric.name, metric);
    if (isSdk) sdkNames.add(metric.name);
    if (registered) exposed.push(metric);
    return metric;
  };
  for (const [key, definition] of Object.entries(CATALOGUE) as [string, MetricDefinition][]) {
    const registered = isExposed(definition, options);
    const hiddenByGroup =
      !registered &&
      options.metrics[definition.name]?.enabled !== false &&
      namedMetric(definition, options.naming).exposed;
    handles[key] = build(definition, registered, hiddenByGroup);
  }
  for (const [key, definition] of options.customMetrics) custom[key] = build(definition, true, false);
  // The SDK's own metrics last: their collectors wait on the others', which must start (and time out) first.
  exposed.sort((a, b) => Number(sdkNames.has(a.name)) - Number(sdkNames.has(b.name)));
  assertFree(
    registry,
    exposed.map((metric) => metric.name),
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
  for (const metric of exposed) registry.registerMetric(metric as never);
  if (options.defaultMetrics !== false) {
    collectDefaultMetrics({
      register: registry,
      prefix: options.prefix,
      labels: { ...options.defaultLabels },
      ...options.defaultMetrics,
    });
    for (const definition of runtimeMetrics) renameRuntimeMetric(registry, options.prefix, definition);
    blankEmptyEventLoopWindow(registry, options.prefix);
  }
  return { registry, handles: sdk, custom, byName, exposed };
}
