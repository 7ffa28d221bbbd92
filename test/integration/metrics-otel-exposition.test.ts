import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { defineMetric } from '../../src/catalogue/define-metric.js';
import { CATALOGUE, CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { namedMetric } from '../../src/catalogue/naming.js';
import { createObservability } from '../../src/create-observability.js';
import { renderOpenMetrics } from '../../src/core/openmetrics.js';
import { findSamples, metricTypes, parseExposition, parseStrictOpenMetrics } from '../helpers/exposition.js';
import { logCapture } from '../helpers/log-lines.js';
import { requireTool } from '../helpers/tools.js';
import { touchAllMetrics } from '../helpers/touch-all-metrics.js';

/** Every catalogue metric that `naming: 'otel'` renames, with what it becomes: the table this suite checks. */
const RENAMED = CATALOGUE_DEFINITIONS.filter((definition) => definition.otel !== undefined);

/** What OpenTelemetry's Prometheus exporter writes for the semantic conventions the catalogue follows. */
const EXPECTED: Record<string, { name: string; labels: string[]; exposed: boolean }> = {
  api_requests_total: {
    name: 'http_server_request_duration_seconds_count',
    labels: ['http_request_method', 'http_route', 'http_response_status_code'],
    exposed: false,
  },
  api_request_duration_seconds: {
    name: 'http_server_request_duration_seconds',
    labels: ['http_request_method', 'http_route', 'http_response_status_code'],
    exposed: true,
  },
  api_requests_in_progress: {
    name: 'http_server_active_requests',
    labels: ['http_request_method', 'http_route'],
    exposed: true,
  },
  db_query_duration_seconds: {
    name: 'db_client_operation_duration_seconds',
    labels: ['db_operation_name', 'outcome'],
    exposed: true,
  },
};

function promtoolCheck(exposition: string): string[] {
  const result = spawnSync('promtool', ['check', 'metrics'], { input: exposition, encoding: 'utf8' });
  if (result.error) throw result.error;
  return `${result.stdout}${result.stderr}`.split('\n').filter((line) => line.trim() !== '');
}

describe("naming: 'otel'", () => {
  it('renames exactly the metrics of the table, each to the name and labels the OpenTelemetry exporter writes', () => {
    expect(RENAMED.map((definition) => definition.name).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const definition of RENAMED) {
      const named = namedMetric(definition, 'otel');
      const expected = EXPECTED[definition.name]!;
      expect(named.name, definition.name).toBe(expected.name);
      expect(named.exposed, definition.name).toBe(expected.exposed);
      expect(
        definition.labelNames.map((label) => named.labels[label] ?? label),
        definition.name,
      ).toEqual(expected.labels);
      // The default naming keeps the catalogue's name and labels.
      expect(namedMetric(definition, 'prometheus')).toEqual({ name: definition.name, labels: {}, exposed: true });
    }
  });

  for (const prefix of ['', 'media_']) {
    it(`exposes every renamed metric under its OpenTelemetry name and labels, and none under the catalogue's (prefix ${JSON.stringify(prefix)})`, async () => {
      const observability = createObservability({ naming: 'otel', groups: 'all', prefix, defaultMetrics: false });
      touchAllMetrics(observability);
      const { body } = await observability.scrape();
      const samples = parseExposition(body);
      const types = metricTypes(body);
      for (const definition of RENAMED) {
        const expected = EXPECTED[definition.name]!;
        const series = definition.type === 'histogram' ? `${expected.name}_count` : expected.name;
        const found = findSamples(samples, prefix + series);
        expect(found, series).toHaveLength(1);
        expect(Object.keys(found[0]!.labels).sort(), series).toEqual([...expected.labels].sort());
        for (const label of definition.labelNames) {
          expect(Object.values(found[0]!.labels), series).toContain(`${label}_value`);
        }
        expect(types.has(prefix + definition.name), definition.name).toBe(false);
        if (expected.exposed) expect(types.get(prefix + expected.name), expected.name).toBe(definition.type);
      }
      // Every other catalogue metric keeps its name.
      for (const definition of CATALOGUE_DEFINITIONS.filter((d) => d.otel === undefined)) {
        expect(types.get(prefix + definition.name), definition.name).toBe(definition.type);
      }
      observability.close();
    });
  }

  it('counts requests in the histogram: its _count is what the request counter holds under the default naming', async () => {
    const labels = { method: 'POST', route: '/jobs', status_code: 201 };
    const counts: number[] = [];
    for (const naming of ['prometheus', 'otel'] as const) {
      const observability = createObservability({ naming, defaultMetrics: false });
      for (let i = 0; i < 3; i++) {
        observability.metrics.apiRequestsTotal.inc(labels);
        observability.metrics.apiRequestDurationSeconds.observe(labels, 0.02);
      }
      const samples = parseExposition((await observability.scrape()).body);
      counts.push(
        naming === 'prometheus'
          ? findSamples(samples, 'api_requests_total')[0]!.value
          : findSamples(samples, 'http_server_request_duration_seconds_count')[0]!.value,
      );
      observability.close();
    }
    expect(counts).toEqual([3, 3]);
  });

  it('keeps the guard and the SDK metrics on the exposed names: overflow folds into __overflow__ under the renamed labels', async () => {
    const observability = createObservability({ naming: 'otel', defaultMetrics: false, maxSeriesPerMetric: 2 });
    for (const route of ['/a', '/b', '/c']) {
      observability.metrics.apiRequestDurationSeconds.observe({ method: 'GET', route, status_code: 200 }, 0.01);
    }
    const samples = parseExposition((await observability.scrape()).body);
    const overflow = findSamples(samples, 'http_server_request_duration_seconds_count', {
      http_route: '__overflow__',
    });
    expect(overflow).toHaveLength(1);
    expect(
      findSamples(samples, 'observability_series_overflow_total', { metric: 'http_server_request_duration_seconds' }),
    ).toHaveLength(1);
    observability.close();
  });

  it('is accepted by the strict OpenMetrics parser, exemplars included', async () => {
    const observability = createObservability({ naming: 'otel', groups: 'all', exemplars: true });
    touchAllMetrics(observability, 1, { trace_id: '4bf92f3577b34da6a3ce929d0e0e4736' });
    const families = parseStrictOpenMetrics(await renderOpenMetrics(observability.registry));
    const names = new Set(families.map((family) => family.name));
    for (const expected of Object.values(EXPECTED).filter((e) => e.exposed)) {
      expect(names.has(expected.name), expected.name).toBe(true);
    }
    const duration = families.find((family) => family.name === 'http_server_request_duration_seconds')!;
    expect(duration.type).toBe('histogram');
    expect(duration.samples.some((sample) => sample.exemplar !== null)).toBe(true);
    observability.close();
  });

  it('passes promtool check metrics, runtime metrics included', async () => {
    requireTool('promtool', ['--version']);
    const observability = createObservability({
      naming: 'otel',
      groups: 'all',
      defaultLabels: { environment: 'test' },
    });
    touchAllMetrics(observability);
    expect(promtoolCheck((await observability.scrape()).body)).toEqual([]);
    observability.close();
  });

  it('refuses an unknown naming, and a default label that a renamed metric uses, with a coded error', () => {
    expect(() => createObservability({ naming: 'opentelemetry' as never })).toThrow(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION', option: 'naming' }),
    );
    expect(() => createObservability({ naming: 'otel', defaultLabels: { http_route: 'x' } })).toThrow(
      expect.objectContaining({ code: 'TFO_ERR_INVALID_OPTION' }),
    );
  });

  it('logs no "group is off" warning for the request counter it does not expose, and one for a group that is off', async () => {
    const capture = logCapture();
    const observability = createObservability({
      naming: 'otel',
      defaultMetrics: false,
      logger: { destination: capture.destination },
    });
    observability.metrics.apiRequestsTotal.inc({ method: 'GET', route: '/', status_code: 200 });
    observability.metrics.dbQueryDurationSeconds.observe({ operation: 'select', outcome: 'success' }, 0.01);
    const [warning] = await capture.waitFor(1, (line) => line.level === 'warning');
    expect([warning!.group, warning!.metric]).toEqual(['database', 'db_client_operation_duration_seconds']);
    await observability.scrape();
    expect(capture.lines().filter((line) => line.level === 'warning')).toHaveLength(1);
    observability.close();
  });

  it('refuses, in either naming, a custom metric that takes an OpenTelemetry name of the catalogue', () => {
    for (const naming of ['prometheus', 'otel'] as const) {
      const customMetrics = {
        mine: defineMetric({
          name: 'http_server_active_requests',
          type: 'gauge',
          help: 'A gauge of my own.',
          labelNames: [],
        }),
      };
      expect(() => createObservability({ naming, defaultMetrics: false, customMetrics })).toThrow(
        expect.objectContaining({
          code: 'TFO_ERR_DUPLICATE_METRIC',
          message: expect.stringContaining("naming: 'otel'"),
        }),
      );
    }
  });

  it('records through handles that keep the catalogue label names', async () => {
    const observability = createObservability({ naming: 'otel', defaultMetrics: false });
    const handle = observability.metrics.apiRequestDurationSeconds as unknown as { labelNames: readonly string[] };
    expect(handle.labelNames).toEqual(CATALOGUE.apiRequestDurationSeconds.labelNames);
    observability.close();
  });
});
