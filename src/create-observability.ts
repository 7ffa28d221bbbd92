import type { CustomHandles, MetricHandles } from './core/handles.js';
import { createRequestHooks } from './core/http/request-logging.js';
import type { CustomMetrics } from './core/metrics/custom-definitions.js';
import type { MetricEvents } from './core/metrics/guarded-metric.js';
import { addSdkCollectors } from './core/metrics/sdk-collectors.js';
import type { Observability } from './core/observability.js';
import { type ObservabilityOptions, resolveOptions } from './core/options.js';
import { buildRegistry } from './core/registry.js';
import { offerDefaultLogger } from './logging/default-logger.js';
import { createLogger, type Logger } from './logging/logger.js';
import type { LoggerOptions } from './logging/logger-options.js';

export type { Observability } from './core/observability.js';

/**
 * Creates the observability object: every catalogue metric behind the cardinality guard,
 * registered in a prom-client registry, with `app_info` and `app_uptime_seconds` set and,
 * unless turned off, Node.js runtime metrics; its logger; and the request hooks through which
 * its HTTP adapters give each request a logging context and an access-log line. Nothing is kept
 * in module state: several objects in one process each log as themselves. The first one's
 * logger is also what `getLogger()` returns outside any request or job (see `setDefaultLogger`).
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
export function createObservability<
  const C extends CustomMetrics = Record<never, never>,
  const H extends string = never,
>(options: ObservabilityOptions<C, H> = {}): Observability<C, H> {
  const resolved = resolveOptions(options);
  // The SDK's own counters report on the other metrics, so they exist only once these are built.
  const sdk: { handles?: MetricHandles } = {};
  const events: MetricEvents = {
    overflow: (metric) => sdk.handles?.observabilitySeriesOverflowTotal.inc({ metric }),
    invalidValue: (metric) => sdk.handles?.observabilityInvalidValuesTotal.inc({ metric }),
    collectError: (metric) => sdk.handles?.observabilityCollectErrorsTotal.inc({ metric }),
  };
  // Once per group that is off, the first recording into it says why nothing shows up.
  const warned = new Set<string>();
  const built = buildRegistry(resolved, events, (metric, group) => {
    if (warned.has(group)) return;
    warned.add(group);
    logger.warning(
      { metric, group },
      `${metric} was recorded, but its group \`${group}\` is off, so its metrics are not exposed: add '${group}' to the \`groups\` option of createObservability (or pass groups: 'all').`,
    );
  });
  const handles = (sdk.handles = built.handles);

  const startedAt = process.hrtime.bigint();
  handles.appInfo.set(
    { service: resolved.serviceName, version: resolved.serviceVersion, node_version: process.version },
    1,
  );
  const uptime = handles.appUptimeSeconds;
  uptime.addCollector(() => uptime.set(Number(process.hrtime.bigint() - startedAt) / 1e9));
  uptime.set(0);
  addSdkCollectors(handles, built.exposed);

  const logger =
    options.logger !== undefined && typeof (options.logger as Partial<Logger>).info === 'function'
      ? (options.logger as Logger)
      : createLogger({ name: resolved.serviceName, ...(options.logger as LoggerOptions | undefined) });
  // The first object's logger is what getLogger() returns outside any request or job; inside
  // them, the hooks below make it return this object's own logger.
  offerDefaultLogger(logger);

  const registry = built.registry;
  return {
    registry,
    logger,
    requestHooks: createRequestHooks({ accessLog: resolved.accessLog, logger }),
    metrics: handles,
    custom: built.custom as unknown as CustomHandles<C>,
    prefix: resolved.prefix,
    exemplars: resolved.exemplars,
    defaultLabels: resolved.defaultLabels,
    httpLabels: resolved.httpLabels as readonly H[],
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
