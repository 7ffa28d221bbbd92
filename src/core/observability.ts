import type { Registry } from 'prom-client';
import type { MetricName } from '../catalogue/index.js';
import type { Logger } from '../logging/logger.js';
import type { CustomHandles, MetricHandles } from './handles.js';
import type { RequestHooks } from './http/request-scope.js';

/**
 * The object every part of the SDK works from: the registry, the catalogue's metric
 * handles, the logger and the request hooks the HTTP adapters call. `createObservability`
 * builds it; the adapters, job wrappers, ffmpeg and integration helpers take it as their
 * first argument. Declared here, apart from the code that assembles it, so that the parts that
 * use it import only this type.
 *
 * @example
 * ```ts
 * import { createObservability, type Observability } from '@transcode-flow/observability';
 *
 * const observability: Observability = createObservability({ serviceName: 'transcoder' });
 * observability.logger.info('ready');
 * ```
 *
 * @typeParam C - The service's own metric definitions (the `customMetrics` option), which type {@link Observability.custom}.
 * @typeParam H - The extra label names of the HTTP request metrics (the `httpLabels` option), which type the adapters' `customLabels`.
 */
export interface Observability<C = Record<never, never>, H extends string = string> {
  /** The prom-client registry holding every SDK metric (the one passed in, or a new one). */
  readonly registry: Registry;
  /** Typed handles for every catalogue metric, keyed as in {@link CATALOGUE}. */
  readonly metrics: MetricHandles;
  /** Typed handles for the service's own metrics, keyed as in the `customMetrics` option. */
  readonly custom: CustomHandles<C>;
  /** Whether histogram observations keep OpenMetrics exemplars (the `exemplars` option). */
  readonly exemplars: boolean;
  /** The metric-name prefix in use (`''` when none). */
  readonly prefix: string;
  /** The extra label names of `api_requests_total` and `api_request_duration_seconds` (the `httpLabels` option; `[]` when none). */
  readonly httpLabels: readonly H[];
  /** Constant labels added to every series. */
  readonly defaultLabels: Readonly<Record<string, string>>;
  /**
   * The contextual JSON logger: it writes the access-log lines, and `getLogger()` returns it
   * inside the requests this object's adapters record.
   */
  readonly logger: Logger;
  /**
   * What the HTTP adapters made with this object do for each request: its logging context
   * (request id, method, route, API-key prefix, and this object's logger for `getLogger()`)
   * and, unless `accessLog: false`, its access-log line. See {@link RequestHooks}.
   */
  readonly requestHooks: RequestHooks;
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
