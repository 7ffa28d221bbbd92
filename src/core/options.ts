import type { Registry } from 'prom-client';
import { CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import type { MetricDefinition } from '../catalogue/define-metric.js';
import type { CatalogueGroup } from '../catalogue/groups.js';
import { METRIC_NAMINGS, type MetricNaming } from '../catalogue/naming.js';
import { runtimeMetrics } from '../catalogue/runtime.js';
import { invalidOption, ObservabilityError } from './errors.js';
import { onCloudflareWorkers } from './host-runtime.js';
import {
  closest,
  durationMs,
  isPlainObject,
  optionalString,
  positiveInteger,
  validateBuckets,
} from './option-checks.js';
import { type CustomMetrics, validateCustomMetrics } from './metrics/custom-definitions.js';
import type { MetricOverride, MetricOverrides } from './metrics/metric-override.js';
import type { RegistryOptions } from './registry.js';
import { validateGroups } from './metrics/group-choice.js';
import { validateHttpLabels } from './http/http-labels.js';
import { type AccessLogOptions, type AccessLogSettings, resolveAccessLog } from './http/access-log-options.js';
import type { Logger } from '../logging/logger.js';
import type { LoggerOptions } from '../logging/logger-options.js';

/**
 * Options of {@link createObservability}. Every option is validated when the object is
 * created; a bad one throws an {@link ObservabilityError} naming it.
 *
 * @typeParam C - The service's own metrics (the `customMetrics` option), which type `observability.custom`.
 * @typeParam H - The extra label names of the HTTP request metrics (the `httpLabels` option).
 */
export interface ObservabilityOptions<C extends CustomMetrics = CustomMetrics, H extends string = string> {
  /** Service name, the `service` label of `app_info`. Default: `OTEL_SERVICE_NAME`, else `npm_package_name`, else `unknown_service`. */
  serviceName?: string;
  /** Service version, the `version` label of `app_info`. Default: `npm_package_version`, else `0.0.0`. */
  serviceVersion?: string;
  /** Prepended verbatim to every metric name the SDK registers, runtime metrics included (e.g. `media_`). Default: `''`. */
  prefix?: string;
  /** Constant labels added to every series (e.g. `{ environment: 'production' }`). Default: `{}`. */
  defaultLabels?: Record<string, string>;
  /** The prom-client registry to register into. Default: a new `Registry`. */
  registry?: Registry;
  /**
   * Collect Node.js runtime metrics (prom-client's default metrics). Default: `true`, except on
   * Cloudflare Workers (workerd), which has no `process.cpuUsage`, event-loop or heap statistics:
   * there the default is `false`, and asking for them throws `TFO_ERR_INVALID_OPTION`.
   */
  defaultMetrics?:
    | boolean
    | {
        /** Sampling resolution of the event-loop lag metrics, in ms (a whole number of 1 or more). Default: `10` (Node's). */
        eventLoopMonitoringPrecision?: number;
        /** Bucket upper bounds of `nodejs_gc_duration_seconds`, strictly ascending. Default: prom-client's (`[0.001, 0.01, 0.1, 1, 2, 5]`). */
        gcDurationBuckets?: readonly number[];
      };
  /** The cardinality guard: most series (label sets) one metric may hold before new ones fold into the overflow series. Default: `1000`. */
  maxSeriesPerMetric?: number;
  /** Label values longer than this many UTF-16 code units are cut, on a code point boundary (a surrogate pair is never split). Default: `256`. */
  maxLabelValueLength?: number;
  /** How long a scrape waits for each scrape-time collector, in ms. Default: `1000`. */
  collectTimeoutMs?: number;
  /** Keep OpenMetrics exemplars (e.g. trace ids) on histogram buckets. Default: `false`. */
  exemplars?: boolean;
  /** Per-metric settings keyed by catalogue name; `enabled: true` registers a metric whose group is off. Default: `{}`. */
  metrics?: MetricOverrides;
  /**
   * The catalogue groups to register and expose (see docs/metrics.md), or `'all'`. The `app` and
   * `sdk` groups are always on, and the Node.js runtime metrics follow `defaultMetrics`. The
   * handles of a group that is off still work (recording never throws) but nothing they record
   * is exposed; the first recording into one is logged once as a warning. Default: `['api']`
   * (the HTTP request metrics of a plain web service).
   */
  groups?: readonly CatalogueGroup[] | 'all';
  /**
   * The service's own metrics, declared with `defineMetric` and keyed by handle name: each is
   * checked at creation, registered in the same registry behind the same cardinality guard and
   * prefix, and recorded through its typed handle on `observability.custom`. Default: `{}`.
   */
  customMetrics?: C;
  /** The logger (`observability.logger`, and `getLogger()`'s default): a logger from `createLogger`, or its options. Default: `createLogger({ name: serviceName })`. */
  logger?: Logger | LoggerOptions;
  /**
   * Write one access-log line per request from the HTTP adapters: `true`, `false`, or
   * `{ level?, ignore?, props? }` (see {@link AccessLogOptions}) to choose its level by status,
   * skip requests and add fields from the request. Default: `true`.
   */
  accessLog?: boolean | AccessLogOptions;
  /**
   * Extra label names of `api_requests_total` and `api_request_duration_seconds`, whose values
   * each HTTP adapter's `customLabels` option computes from the request (see
   * `HttpObservabilityOptions.customLabels`). Declared here, once, so that the registry creates
   * the metrics with them and the adapters' `customLabels` is typed from them. Their values stay
   * bounded by `maxSeriesPerMetric` and cut to `maxLabelValueLength`. A name that is not a valid
   * label name, starts with `__`, repeats, is one of the metrics' own labels (`method`, `route`,
   * `status_code`) or `le`/`quantile`, or is a `defaultLabels` name throws
   * `TFO_ERR_INVALID_OPTION`. The in-progress gauge keeps its own labels (`method`, `route`): the
   * values are computed when a request ends. Default: `[]`.
   *
   * @example
   * ```ts
   * import { createObservability } from '@transcode-flow/observability';
   *
   * const observability = createObservability({ httpLabels: ['tenant'] });
   * // then: expressObservability(observability, { customLabels: { tenant: (req) => req.get('x-tenant') } })
   * ```
   */
  httpLabels?: readonly H[];
  /**
   * How metrics and labels are named: `'prometheus'` (the catalogue's names) or `'otel'` (the
   * names OpenTelemetry's Prometheus exporter writes for the semantic conventions, e.g.
   * `http_server_request_duration_seconds{http_route}`; see docs/otel-naming.md). Default: `'prometheus'`.
   */
  naming?: MetricNaming;
}

/** Options after validation, with every default filled in. */
export interface ResolvedOptions extends RegistryOptions {
  serviceName: string;
  serviceVersion: string;
  accessLog: AccessLogSettings;
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = new Set(['le', 'quantile']);
const KNOWN_OPTIONS = new Set<string>([
  'serviceName',
  'serviceVersion',
  'prefix',
  'defaultLabels',
  'registry',
  'defaultMetrics',
  'maxSeriesPerMetric',
  'maxLabelValueLength',
  'collectTimeoutMs',
  'exemplars',
  'metrics',
  'groups',
  'customMetrics',
  'logger',
  'accessLog',
  'httpLabels',
  'naming',
]);
const OVERRIDE_KEYS = new Set(['buckets', 'maxSeries', 'enabled', 'dropLabels']);

function validateOverrides(value: unknown): Record<string, MetricOverride> {
  if (value === undefined) return {};
  if (!isPlainObject(value))
    throw invalidOption('metrics', 'is not an object', 'an object keyed by catalogue metric name');
  const byName = new Map<string, MetricDefinition>(CATALOGUE_DEFINITIONS.map((d) => [d.name, d]));
  const result: Record<string, MetricOverride> = {};
  for (const [name, override] of Object.entries(value)) {
    const option = `metrics.${name}`;
    const definition = byName.get(name);
    if (!definition) {
      throw new ObservabilityError(
        'TFO_ERR_UNKNOWN_METRIC',
        `option \`${option}\` names no metric of the catalogue; expected a name without prefix such as \`${closest(name, [...byName.keys()])}\` (see docs/metrics.md).`,
        option,
      );
    }
    if (!isPlainObject(override))
      throw invalidOption(option, 'is not an object', '{ buckets?, maxSeries?, enabled?, dropLabels? }');
    for (const key of Object.keys(override)) {
      if (!OVERRIDE_KEYS.has(key))
        throw invalidOption(
          `${option}.${key}`,
          'is not a known setting',
          'one of buckets, maxSeries, enabled, dropLabels',
        );
    }
    const resolved: MetricOverride = {};
    if (override.buckets !== undefined) {
      if (definition.type !== 'histogram') {
        throw invalidOption(`${option}.buckets`, `is set on a ${definition.type}`, 'buckets only on histograms');
      }
      resolved.buckets = validateBuckets(`${option}.buckets`, override.buckets);
    }
    if (override.maxSeries !== undefined)
      resolved.maxSeries = positiveInteger(`${option}.maxSeries`, override.maxSeries, 1);
    if (override.enabled !== undefined) {
      if (typeof override.enabled !== 'boolean')
        throw invalidOption(`${option}.enabled`, `is ${JSON.stringify(override.enabled)}`, 'true or false');
      resolved.enabled = override.enabled;
    }
    if (override.dropLabels !== undefined) {
      if (!Array.isArray(override.dropLabels))
        throw invalidOption(`${option}.dropLabels`, 'is not an array', 'an array of label names');
      for (const label of override.dropLabels as unknown[]) {
        if (typeof label !== 'string' || !definition.labelNames.includes(label)) {
          throw new ObservabilityError(
            'TFO_ERR_UNKNOWN_LABEL',
            `option \`${option}.dropLabels\` names ${JSON.stringify(label)}, which ${name} does not have; its labels are ${definition.labelNames.join(', ') || '(none)'}.`,
            `${option}.dropLabels`,
          );
        }
      }
      resolved.dropLabels = override.dropLabels as never;
    }
    result[name] = resolved;
  }
  return result;
}

function validateDefaultLabels(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (!isPlainObject(value))
    throw invalidOption('defaultLabels', 'is not an object', 'an object of label name to string value');
  const used = new Map<string, string>();
  for (const definition of [...CATALOGUE_DEFINITIONS, ...runtimeMetrics]) {
    for (const label of definition.labelNames) if (!used.has(label)) used.set(label, definition.name);
  }
  // The labels `naming: 'otel'` gives them are taken too, whatever the naming.
  for (const definition of CATALOGUE_DEFINITIONS) {
    for (const label of Object.values<string | undefined>(definition.otel?.labels ?? {}))
      if (label !== undefined && !used.has(label)) used.set(label, definition.name);
  }
  const labels: Record<string, string> = {};
  for (const [name, labelValue] of Object.entries(value)) {
    const option = `defaultLabels.${name}`;
    if (!LABEL_NAME.test(name) || name.startsWith('__') || RESERVED_LABELS.has(name)) {
      throw invalidOption(
        option,
        'is not a valid label name',
        'a name matching [a-zA-Z_][a-zA-Z0-9_]*, not starting with __ and not le or quantile',
      );
    }
    if (used.has(name)) {
      throw invalidOption(
        option,
        `collides with the \`${name}\` label of ${used.get(name)}`,
        'a label name no catalogue metric uses (e.g. environment, cluster, region)',
      );
    }
    if (typeof labelValue !== 'string' && typeof labelValue !== 'number') {
      throw invalidOption(option, `is ${JSON.stringify(labelValue)}`, 'a string value');
    }
    labels[name] = String(labelValue);
  }
  return labels;
}

function validateDefaultMetrics(value: unknown): ResolvedOptions['defaultMetrics'] {
  if (value === false) return false;
  if (onCloudflareWorkers()) {
    if (value === undefined) return false;
    throw invalidOption(
      'defaultMetrics',
      `is ${JSON.stringify(value)} on Cloudflare Workers, where workerd has no process.cpuUsage, event-loop or heap statistics to collect`,
      'false, or leave it out (the default there is false)',
    );
  }
  if (value === undefined || value === true) return {};
  if (!isPlainObject(value))
    throw invalidOption(
      'defaultMetrics',
      `is ${JSON.stringify(value)}`,
      'true, false or { eventLoopMonitoringPrecision?, gcDurationBuckets? }',
    );
  const resolved: { eventLoopMonitoringPrecision?: number; gcDurationBuckets?: number[] } = {};
  for (const key of Object.keys(value)) {
    if (key !== 'eventLoopMonitoringPrecision' && key !== 'gcDurationBuckets') {
      throw invalidOption(
        `defaultMetrics.${key}`,
        'is not a known setting',
        'eventLoopMonitoringPrecision or gcDurationBuckets',
      );
    }
  }
  if (value.eventLoopMonitoringPrecision !== undefined) {
    resolved.eventLoopMonitoringPrecision = positiveInteger(
      'defaultMetrics.eventLoopMonitoringPrecision',
      value.eventLoopMonitoringPrecision,
      10,
    );
  }
  if (value.gcDurationBuckets !== undefined)
    resolved.gcDurationBuckets = validateBuckets('defaultMetrics.gcDurationBuckets', value.gcDurationBuckets);
  return resolved;
}

function validateRegistry(value: unknown): Registry | undefined {
  if (value === undefined) return undefined;
  const candidate = value as Partial<Registry> | null;
  if (!candidate || typeof candidate.registerMetric !== 'function' || typeof candidate.metrics !== 'function') {
    throw invalidOption(
      'registry',
      'is not a prom-client Registry',
      'an instance of prom-client’s Registry (new Registry())',
    );
  }
  return value as Registry;
}

function validateNaming(value: unknown): MetricNaming {
  if (value === undefined) return 'prometheus';
  if (typeof value !== 'string' || !(METRIC_NAMINGS as readonly string[]).includes(value)) {
    throw invalidOption(
      'naming',
      `is ${JSON.stringify(value)}`,
      `one of ${METRIC_NAMINGS.map((n) => `'${n}'`).join(', ')}`,
    );
  }
  return value as MetricNaming;
}

/** Checks every option and fills in the defaults; throws an {@link ObservabilityError} naming the first bad option. */
export function resolveOptions(options: ObservabilityOptions<CustomMetrics> = {}): ResolvedOptions {
  if (!isPlainObject(options)) throw invalidOption('options', 'is not an object', 'an options object or nothing');
  for (const key of Object.keys(options)) {
    if (!KNOWN_OPTIONS.has(key))
      throw invalidOption(key, 'is not a known option', `one of ${[...KNOWN_OPTIONS].join(', ')}`);
  }
  const prefix = options.prefix ?? '';
  if (typeof prefix !== 'string' || (prefix !== '' && !METRIC_NAME.test(prefix))) {
    throw invalidOption(
      'prefix',
      `(${JSON.stringify(prefix)}) cannot start a metric name`,
      'letters, digits, _ and :, not starting with a digit (e.g. "media_")',
    );
  }
  if (options.exemplars !== undefined && typeof options.exemplars !== 'boolean') {
    throw invalidOption('exemplars', `is ${JSON.stringify(options.exemplars)}`, 'true or false');
  }
  const env = process.env;
  const defaultLabels = validateDefaultLabels(options.defaultLabels);
  return {
    serviceName: optionalString(
      'serviceName',
      options.serviceName,
      env.OTEL_SERVICE_NAME || env.npm_package_name || 'unknown_service',
    ),
    serviceVersion: optionalString('serviceVersion', options.serviceVersion, env.npm_package_version || '0.0.0'),
    prefix,
    defaultLabels,
    registry: validateRegistry(options.registry),
    defaultMetrics: validateDefaultMetrics(options.defaultMetrics),
    maxSeriesPerMetric: positiveInteger('maxSeriesPerMetric', options.maxSeriesPerMetric, 1000),
    maxLabelValueLength: positiveInteger('maxLabelValueLength', options.maxLabelValueLength, 256),
    collectTimeoutMs: durationMs('collectTimeoutMs', options.collectTimeoutMs, 1000),
    exemplars: options.exemplars ?? false,
    metrics: validateOverrides(options.metrics),
    groups: validateGroups(options.groups),
    customMetrics: validateCustomMetrics(options.customMetrics, defaultLabels),
    accessLog: resolveAccessLog(options.accessLog),
    httpLabels: validateHttpLabels(options.httpLabels, defaultLabels),
    naming: validateNaming(options.naming),
  };
}
