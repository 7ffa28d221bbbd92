import type { MetricDefinition } from './define-metric.js';
import { CATALOGUE_DEFINITIONS } from './index.js';

/**
 * How the SDK names its metrics and labels: `prometheus` (the catalogue's names, such as
 * `api_request_duration_seconds{method,route,status_code}`) or `otel` (the names OpenTelemetry's
 * Prometheus exporter writes for the semantic conventions, such as
 * `http_server_request_duration_seconds{http_request_method,http_route,http_response_status_code}`).
 *
 * @example
 * ```ts
 * import { createObservability, type MetricNaming } from '@transcode-flow/observability';
 * const naming: MetricNaming = 'otel';
 * const observability = createObservability({ naming });
 * ```
 */
export type MetricNaming = 'prometheus' | 'otel';

/**
 * Every naming, the default first.
 *
 * @example
 * ```ts
 * import { METRIC_NAMINGS } from '@transcode-flow/observability/presets';
 * console.log(METRIC_NAMINGS.join(' | ')); // prometheus | otel
 * ```
 */
export const METRIC_NAMINGS: readonly MetricNaming[] = ['prometheus', 'otel'];

/** What a metric is exposed as under one naming. */
export interface NamedMetric {
  /** The exposed name, before the user's prefix. */
  readonly name: string;
  /** The exposed name of each label that is renamed (catalogue label → exposed label). */
  readonly labels: Readonly<Record<string, string>>;
  /** False when the naming has no metric of its own for it (its series are another metric's sample). */
  readonly exposed: boolean;
}

/**
 * The name and labels a metric definition is exposed with under `naming`: the catalogue's own,
 * or those of its `otel` entry.
 *
 * @example
 * ```ts
 * import { CATALOGUE } from '@transcode-flow/observability';
 * import { namedMetric } from '@transcode-flow/observability/presets';
 * namedMetric(CATALOGUE.apiRequestDurationSeconds, 'otel').name; // 'http_server_request_duration_seconds'
 * ```
 */
export function namedMetric(definition: Pick<MetricDefinition, 'name' | 'otel'>, naming: MetricNaming): NamedMetric {
  const otel = definition.otel;
  if (naming === 'prometheus' || otel === undefined) return { name: definition.name, labels: {}, exposed: true };
  const labels: Record<string, string> = {};
  for (const [from, to] of Object.entries(otel.labels ?? {})) if (to !== undefined) labels[from] = to;
  return { name: otel.name, labels, exposed: otel.sampleOf === undefined };
}

/** One series name the presets may query, and what it becomes under a naming. */
export interface SeriesRename {
  /** The series' exposed name (prefix included). */
  readonly name: string;
  /** Label renames (catalogue label → exposed label) that hold for this series. */
  readonly labels: Readonly<Record<string, string>>;
}

const HISTOGRAM_SAMPLES = ['', '_bucket', '_count', '_sum'];

/**
 * Every catalogue series that a naming renames (a metric's name, and a histogram's `_bucket`,
 * `_count` and `_sum`), keyed by its name under the default naming, both with `prefix`: the
 * table the preset renderers rename queries with. Empty for `prometheus`.
 *
 * @example
 * ```ts
 * // Internal to the presets' rename pass (not a package export).
 * import { seriesRenames } from './naming.js';
 * seriesRenames('otel', '').get('api_requests_total')?.name; // 'http_server_request_duration_seconds_count'
 * ```
 */
export function seriesRenames(
  naming: MetricNaming,
  prefix: string,
  definitions: readonly MetricDefinition[] = CATALOGUE_DEFINITIONS,
): ReadonlyMap<string, SeriesRename> {
  const renames = new Map<string, SeriesRename>();
  if (naming === 'prometheus') return renames;
  for (const definition of definitions) {
    if (definition.otel === undefined) continue;
    const named = namedMetric(definition, naming);
    const samples = definition.type === 'histogram' ? HISTOGRAM_SAMPLES : [''];
    for (const sample of samples) {
      renames.set(prefix + definition.name + sample, { name: prefix + named.name + sample, labels: named.labels });
    }
  }
  return renames;
}
