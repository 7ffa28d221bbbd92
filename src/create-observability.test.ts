import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { findSamples, metricTypes, parseExposition, sampleValue } from '../test/helpers/exposition.js';
import { CATALOGUE_DEFINITIONS } from './catalogue/index.js';
import { runtimeMetrics } from './catalogue/runtime.js';
import { ObservabilityError } from './core/errors.js';
import type { ObservabilityOptions } from './core/options.js';
import { createObservability } from './create-observability.js';

function errorOf(options: unknown): ObservabilityError {
  try {
    createObservability(options as ObservabilityOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(ObservabilityError);
    return error as ObservabilityError;
  }
  throw new Error(`createObservability(${JSON.stringify(options)}) did not throw`);
}

describe('createObservability', () => {
  it('registers every catalogue metric and the runtime metrics in a new registry', async () => {
    const observability = createObservability({ serviceName: 'svc', serviceVersion: '1.2.3', groups: 'all' });
    const text = (await observability.scrape()).body;
    const types = metricTypes(text);
    for (const definition of CATALOGUE_DEFINITIONS)
      expect(types.get(definition.name), definition.name).toBe(definition.type);
    for (const runtime of runtimeMetrics) expect(types.has(runtime.name), runtime.name).toBe(true);
    const samples = parseExposition(text);
    expect(findSamples(samples, 'app_info')).toEqual([
      { name: 'app_info', labels: { service: 'svc', version: '1.2.3', node_version: process.version }, value: 1 },
    ]);
    expect(sampleValue(samples, 'app_uptime_seconds')).toBeGreaterThan(0);
  });

  it('applies the prefix to every metric, runtime metrics included, and default labels to every series', async () => {
    const observability = createObservability({
      prefix: 'media_',
      defaultLabels: { environment: 'staging' },
      groups: ['jobs'],
    });
    observability.metrics.jobsCreatedTotal.inc({ queue: 'q', job_type: 't' });
    const text = (await observability.scrape()).body;
    const names = [...metricTypes(text).keys()];
    expect(names.every((name) => name.startsWith('media_'))).toBe(true);
    expect(names).toContain('media_process_cpu_seconds_total');
    expect(observability.metricName('jobs_created_total')).toBe('media_jobs_created_total');
    const samples = parseExposition(text);
    expect(samples.every((sample) => sample.labels.environment === 'staging')).toBe(true);
    expect(sampleValue(samples, 'media_jobs_created_total', { queue: 'q' })).toBe(1);
  });

  it('uses a registry you pass, next to your own metrics, and close() takes the SDK metrics out', async () => {
    const registry = new Registry();
    new Counter({ name: 'my_own_total', help: 'Mine.', registers: [registry] }).inc();
    const observability = createObservability({ registry, defaultMetrics: false });
    expect(observability.registry).toBe(registry);
    let names = [...metricTypes(await registry.metrics()).keys()];
    expect(names).toContain('my_own_total');
    expect(names).toContain('api_requests_total');
    expect(names).not.toContain('process_cpu_seconds_total');
    observability.close();
    names = [...metricTypes(await registry.metrics()).keys()];
    expect(names).toEqual(['my_own_total']);
  });

  it('overrides buckets and the series cap per metric, drops labels, and leaves disabled metrics out', async () => {
    const observability = createObservability({
      defaultMetrics: false,
      groups: ['api', 'video', 'cache'],
      metrics: {
        video_transcode_duration_seconds: { buckets: [60, 600] },
        api_requests_total: { maxSeries: 2 },
        api_requests_in_progress: { dropLabels: ['route'] },
        cache_operations_total: { enabled: false },
      },
    });
    const { metrics } = observability;
    expect(metrics.videoTranscodeDurationSeconds.buckets).toEqual([60, 600]);
    metrics.videoTranscodeDurationSeconds.observe({ resolution: '720p', codec: 'h264', preset: 'fast' }, 120);
    for (const route of ['/a', '/b', '/c']) metrics.apiRequestsTotal.inc({ method: 'GET', route, status_code: 200 });
    metrics.apiRequestsInProgress.inc({ method: 'GET', route: '/a' });
    metrics.apiRequestsInProgress.inc({ method: 'GET', route: '/b' });
    metrics.cacheOperationsTotal.inc({ cache: 'c', operation: 'hit' });
    const text = (await observability.scrape()).body;
    const samples = parseExposition(text);
    expect(findSamples(samples, 'video_transcode_duration_seconds_bucket').map((s) => s.labels.le)).toEqual([
      '60',
      '600',
      '+Inf',
    ]);
    expect(findSamples(samples, 'api_requests_total')).toHaveLength(3);
    expect(sampleValue(samples, 'api_requests_total', { route: '__overflow__' })).toBe(1);
    expect(sampleValue(samples, 'observability_series_overflow_total', { metric: 'api_requests_total' })).toBe(1);
    expect(findSamples(samples, 'api_requests_in_progress')).toEqual([
      { name: 'api_requests_in_progress', labels: { method: 'GET' }, value: 2 },
    ]);
    expect(metricTypes(text).has('cache_operations_total')).toBe(false);
    expect(metrics.cacheOperationsTotal.value({ cache: 'c', operation: 'hit' })).toBe(1);
  });

  it('counts invalid values per metric instead of throwing into the caller', async () => {
    const observability = createObservability({ defaultMetrics: false });
    const { metrics } = observability;
    expect(() => {
      metrics.jobsCompletedTotal.inc({ queue: 'q', job_type: 't' }, -1);
      metrics.storageUsedBytes.set({ backend: 'disk' }, Number.NaN);
      metrics.dbQueryDurationSeconds.observe({ operation: 'select', outcome: 'success' }, Number.POSITIVE_INFINITY);
    }).not.toThrow();
    const samples = parseExposition((await observability.scrape()).body);
    for (const metric of ['jobs_completed_total', 'storage_used_bytes', 'db_query_duration_seconds']) {
      expect(sampleValue(samples, 'observability_invalid_values_total', { metric })).toBe(1);
    }
  });

  it('refuses a registry that already holds its metrics, without registering anything', () => {
    const registry = new Registry();
    createObservability({ registry });
    const before = registry.getMetricsAsArray().length;
    const error = errorOf({ registry });
    expect(error.code).toBe('TFO_ERR_DUPLICATE_METRIC');
    expect(error.option).toBe('registry');
    expect(registry.getMetricsAsArray().length).toBe(before);
    const other = createObservability({ registry, prefix: 'second_', defaultMetrics: false });
    expect(other.metricName('app_info')).toBe('second_app_info');
  });

  it('refuses runtime metrics twice on one registry and says how to fix it', () => {
    const registry = new Registry();
    createObservability({ registry, prefix: 'a_' });
    const error = errorOf({ registry, prefix: 'a_', metrics: {} });
    expect(error.code).toBe('TFO_ERR_DUPLICATE_METRIC');
    const runtimeError = (() => {
      const fresh = new Registry();
      createObservability({ registry: fresh, prefix: 'x_' });
      fresh.removeSingleMetric('x_app_info');
      return errorOf({ registry: fresh, prefix: 'x_' });
    })();
    expect(runtimeError.code).toBe('TFO_ERR_DUPLICATE_METRIC');
  });
});

describe('bad options fail at creation with an error that names the option', () => {
  const cases: [string, unknown, string, string][] = [
    ['an invalid prefix', { prefix: '9media-' }, 'TFO_ERR_INVALID_OPTION', 'prefix'],
    ['a prefix that is not a string', { prefix: 5 }, 'TFO_ERR_INVALID_OPTION', 'prefix'],
    [
      'an invalid default label name',
      { defaultLabels: { 'bad-name': 'x' } },
      'TFO_ERR_INVALID_OPTION',
      'defaultLabels.bad-name',
    ],
    [
      'a reserved default label',
      { defaultLabels: { __name__: 'x' } },
      'TFO_ERR_INVALID_OPTION',
      'defaultLabels.__name__',
    ],
    [
      'a default label a metric already uses',
      { defaultLabels: { route: 'x' } },
      'TFO_ERR_INVALID_OPTION',
      'defaultLabels.route',
    ],
    [
      'a default label value that is not a string',
      { defaultLabels: { region: {} } },
      'TFO_ERR_INVALID_OPTION',
      'defaultLabels.region',
    ],
    ['a negative cap', { maxSeriesPerMetric: -1 }, 'TFO_ERR_INVALID_OPTION', 'maxSeriesPerMetric'],
    ['a fractional cap', { maxSeriesPerMetric: 1.5 }, 'TFO_ERR_INVALID_OPTION', 'maxSeriesPerMetric'],
    [
      'an override for an unknown metric',
      { metrics: { api_request_total: {} } },
      'TFO_ERR_UNKNOWN_METRIC',
      'metrics.api_request_total',
    ],
    [
      'a label not in the catalogue',
      { metrics: { api_requests_total: { dropLabels: ['path'] } } },
      'TFO_ERR_UNKNOWN_LABEL',
      'metrics.api_requests_total.dropLabels',
    ],
    [
      'buckets on a counter',
      { metrics: { api_requests_total: { buckets: [1] } } },
      'TFO_ERR_INVALID_OPTION',
      'metrics.api_requests_total.buckets',
    ],
    [
      'buckets not ascending',
      { metrics: { api_request_duration_seconds: { buckets: [1, 0.5] } } },
      'TFO_ERR_INVALID_OPTION',
      'metrics.api_request_duration_seconds.buckets[1]',
    ],
    [
      'a bucket that is not finite',
      { metrics: { api_request_duration_seconds: { buckets: [1, Infinity] } } },
      'TFO_ERR_INVALID_OPTION',
      'metrics.api_request_duration_seconds.buckets[1]',
    ],
    [
      'an unknown override setting',
      { metrics: { app_info: { bucket: [] } } },
      'TFO_ERR_INVALID_OPTION',
      'metrics.app_info.bucket',
    ],
    [
      'a per-metric cap of zero',
      { metrics: { app_info: { maxSeries: 0 } } },
      'TFO_ERR_INVALID_OPTION',
      'metrics.app_info.maxSeries',
    ],
    ['an unknown option', { prefx: 'a_' }, 'TFO_ERR_INVALID_OPTION', 'prefx'],
    ['a registry that is not one', { registry: {} }, 'TFO_ERR_INVALID_OPTION', 'registry'],
    ['defaultMetrics of the wrong type', { defaultMetrics: 'yes' }, 'TFO_ERR_INVALID_OPTION', 'defaultMetrics'],
    ['an empty service name', { serviceName: '' }, 'TFO_ERR_INVALID_OPTION', 'serviceName'],
    ['exemplars of the wrong type', { exemplars: 1 }, 'TFO_ERR_INVALID_OPTION', 'exemplars'],
  ];

  it.each(cases)('%s', (_title, options, code, option) => {
    const error = errorOf(options);
    expect(error.code).toBe(code);
    expect(error.option).toBe(option);
    expect(error.message).toContain(`\`${option}\``);
  });

  it('explains what was expected (messages are part of the API)', () => {
    expect(errorOf({ prefix: '9media-' }).message).toMatchInlineSnapshot(
      `"TFO_ERR_INVALID_OPTION: option \`prefix\` ("9media-") cannot start a metric name; expected letters, digits, _ and :, not starting with a digit (e.g. "media_")."`,
    );
    expect(errorOf({ maxSeriesPerMetric: -5 }).message).toMatchInlineSnapshot(
      `"TFO_ERR_INVALID_OPTION: option \`maxSeriesPerMetric\` is -5; expected a whole number of 1 or more."`,
    );
    expect(errorOf({ metrics: { api_request_total: {} } }).message).toMatchInlineSnapshot(
      `"TFO_ERR_UNKNOWN_METRIC: option \`metrics.api_request_total\` names no metric of the catalogue; expected a name without prefix such as \`api_requests_total\` (see docs/metrics.md)."`,
    );
    expect(errorOf({ metrics: { api_requests_total: { dropLabels: ['path'] } } }).message).toMatchInlineSnapshot(
      `"TFO_ERR_UNKNOWN_LABEL: option \`metrics.api_requests_total.dropLabels\` names "path", which api_requests_total does not have; its labels are method, route, status_code."`,
    );
  });
});
