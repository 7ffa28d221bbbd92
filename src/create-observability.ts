import type { Registry } from 'prom-client';
import type { MetricName } from './catalogue/index.js';
import type { MetricHandles } from './core/handles.js';
import type { MetricEvents } from './core/metrics/guarded-metric.js';
import { type ObservabilityOptions, resolveOptions } from './core/options.js';
import { buildRegistry } from './core/registry.js';
import { setDefaultLogger } from './logging/default-logger.js';
import { configureHttpLogging } from './logging/http-context.js';
import { createLogger, type Logger } from './logging/logger.js';
import type { LoggerOptions } from './logging/logger-options.js';

/**
 * The object every part of the SDK works from: the registry, the catalogue's metric
 * handles and what the adapters and helpers need.
 */
export interface Observability {
  /** The prom-client registry holding every SDK metric (the one passed in, or a new one). */
  readonly registry: Registry;
  /** Typed handles for every catalogue metric, keyed as in {@link CATALOGUE}. */
  readonly metrics: MetricHandles;
  /** Whether histogram observations keep OpenMetrics exemplars (the `exemplars` option). */
  readonly exemplars: boolean;
  /** The metric-name prefix in use (`''` when none). */
  readonly prefix: string;
  /** Constant labels added to every series. */
  readonly defaultLabels: Readonly<Record<string, string>>;
  /** The contextual JSON logger (also what `getLogger()` returns), writing the access-log lines. */
  readonly logger: Logger;
  /** Service name and version, as on `app_info`. */
  readonly service: {
    /** The service name (the `serviceName` option, or its default). */
    readonly name: string;
    /** The service version (the `serviceVersion` option, or its default). */
    readonly version: string;
  };
  /** The exposed name of a catalogue metric, prefix included. */
  metricName(name: MetricName): string;
  /** Renders the registry in the Prometheus text format, with its content type. */
  scrape(): Promise<{
    /** The registry's content type, for the `Content-Type` header of the response. */
    contentType: string;
    /** The exposition text. */
    body: string;
  }>;
  /** Removes the SDK's metrics from the registry (runtime metrics stay until `registry.clear()`). */
  close(): void;
}

/**
 * Creates the observability object: every catalogue metric behind the cardinality guard,
 * registered in a prom-client registry, with `app_info` and `app_uptime_seconds` set and,
 * unless turned off, Node.js runtime metrics.
 *
 * Each option is checked here, and a bad one throws an `ObservabilityError` that names it
 * (`TFO_ERR_INVALID_OPTION`, `TFO_ERR_UNKNOWN_METRIC`, `TFO_ERR_UNKNOWN_LABEL`,
 * `TFO_ERR_DUPLICATE_METRIC`); recording through the handles never throws.
 *
 * @param options - See {@link ObservabilityOptions}; every option has a default.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 *
 * const observability = createObservability({
 *   serviceName: 'transcoder',
 *   prefix: 'media_',
 *   defaultLabels: { environment: 'production' },
 *   maxSeriesPerMetric: 500,
 *   metrics: { video_transcode_duration_seconds: { buckets: [10, 60, 300, 1800, 7200] } },
 * });
 * observability.metrics.jobsCreatedTotal.inc({ queue: 'transcode', job_type: 'video' });
 * const { contentType, body } = await observability.scrape();
 * ```
 */
export function createObservability(options: ObservabilityOptions = {}): Observability {
  const resolved = resolveOptions(options);
  // The SDK's own counters report on the other metrics, so they exist only once these are built.
  const sdk: { handles?: MetricHandles } = {};
  const events: MetricEvents = {
    overflow: (metric) => sdk.handles?.observabilitySeriesOverflowTotal.inc({ metric }),
    invalidValue: (metric) => sdk.handles?.observabilityInvalidValuesTotal.inc({ metric }),
    collectError: (metric) => sdk.handles?.observabilityCollectErrorsTotal.inc({ metric }),
  };
  const built = buildRegistry(resolved, events);
  const handles = (sdk.handles = built.handles);

  const startedAt = process.hrtime.bigint();
  handles.appInfo.set(
    { service: resolved.serviceName, version: resolved.serviceVersion, node_version: process.version },
    1,
  );
  const uptime = handles.appUptimeSeconds;
  uptime.addCollector(() => uptime.set(Number(process.hrtime.bigint() - startedAt) / 1e9));
  uptime.set(0);
  // A scrape reads every metric at once; wait for the other metrics' collectors (each bounded by
  // collectTimeoutMs) so that an error they hit is counted in this same scrape, not the next.
  const others = [...built.byName.values()].filter(
    (metric) => metric.name !== handles.observabilityCollectErrorsTotal.name,
  );
  handles.observabilityCollectErrorsTotal.addCollector(async () => {
    await Promise.all(others.map((metric) => metric.pendingCollection));
  });

  const logger =
    options.logger !== undefined && typeof (options.logger as Partial<Logger>).info === 'function'
      ? (options.logger as Logger)
      : createLogger({ name: resolved.serviceName, ...(options.logger as LoggerOptions | undefined) });
  setDefaultLogger(logger);
  configureHttpLogging({ accessLog: resolved.accessLog, logger });

  const registry = built.registry;
  return {
    registry,
    logger,
    metrics: handles,
    prefix: resolved.prefix,
    exemplars: resolved.exemplars,
    defaultLabels: resolved.defaultLabels,
    service: { name: resolved.serviceName, version: resolved.serviceVersion },
    metricName: (name) => resolved.prefix + name,
    async scrape() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
    close() {
      for (const metric of built.byName.values()) {
        if ((registry.getSingleMetric(metric.name) as unknown) === metric) registry.removeSingleMetric(metric.name);
      }
    },
  };
}
