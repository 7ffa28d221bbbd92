import { CATALOGUE_DEFINITIONS } from './index.js';
import type { MetricDefinition, MetricGroup } from './define-metric.js';
import { CATALOGUE_GROUPS, DEFAULT_GROUPS } from './groups.js';
import { RENAMES, REPORT_METRICS, RUNTIME_RENAMES, entryForReportMetric } from './renames.js';
import { namedMetric } from './naming.js';
import { runtimeMetrics } from './runtime.js';

const GROUP_TITLES: Record<MetricGroup, string> = {
  api: 'API (HTTP requests)',
  jobs: 'Jobs',
  video: 'Video processing',
  storage: 'Storage',
  webhooks: 'Webhooks',
  database: 'Database',
  cache: 'Cache',
  queue_workers: 'Queue workers',
  api_keys: 'API keys',
  app: 'Application',
  sdk: 'SDK health',
  runtime: 'Node.js runtime',
  custom: 'Service metrics',
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');
const code = (items: readonly (string | number)[]): string =>
  items.length ? items.map((i) => `\`${i}\``).join(', ') : '—';

function bucketText(definition: MetricDefinition): string {
  if (!definition.buckets) return '—';
  const b = definition.buckets;
  return `${b.length} from ${b[0]} to ${b[b.length - 1]}`;
}

function groupTable(definitions: readonly MetricDefinition[], prefix: string): string[] {
  const lines = ['| Metric | Type | Unit | Labels | Buckets | Description |', '| --- | --- | --- | --- | --- | --- |'];
  for (const d of definitions) {
    lines.push(
      `| \`${prefix}${d.name}\` | ${d.type} | ${d.unit ?? '—'} | ${code(d.labelNames)} | ${bucketText(d)} | ${cell(d.help)} |`,
    );
  }
  return lines;
}

/** Options of {@link renderMetricsReference}. */
export interface MetricsReferenceOptions {
  /** The title, a level-1 heading; none when empty. Default: `'Metrics reference'`. */
  readonly title?: string;
  /** Shown before every name, as `createObservability({ prefix })` exposes it. Default: `''`. */
  readonly prefix?: string;
  /** The level of each group's heading (2 for `##`, from 1 to 6). Default: `2`. */
  readonly headingLevel?: number;
}

/**
 * Renders a Markdown metrics reference for a set of definitions: one table per group, in the
 * order the groups first appear, with each metric's name (prefix included), type, unit, labels,
 * buckets and help. `docs/metrics.md` is made with it from the catalogue; a service renders the
 * reference of its own metrics (the definitions it passes in `customMetrics`) the same way.
 *
 * @param definitions - The definitions, e.g. `Object.values(customMetrics)`.
 * @param options - See {@link MetricsReferenceOptions}.
 * @example
 * ```ts
 * import { defineMetric } from '@transcode-flow/observability';
 * import { renderMetricsReference } from '@transcode-flow/observability/presets';
 *
 * const customMetrics = {
 *   uploadsTotal: defineMetric({ name: 'uploads_total', type: 'counter', help: 'Uploads, by outcome.', labelNames: ['outcome'] }),
 * };
 * const markdown = renderMetricsReference(Object.values(customMetrics), { title: 'Upload service metrics', prefix: 'media_' });
 * ```
 */
export function renderMetricsReference(
  definitions: readonly MetricDefinition[],
  options: MetricsReferenceOptions = {},
): string {
  const { title = 'Metrics reference', prefix = '', headingLevel = 2 } = options;
  const level = Math.min(6, Math.max(1, Math.trunc(headingLevel)));
  const lines: string[] = title === '' ? [] : [`# ${title}`, ''];
  for (const group of new Set(definitions.map((d) => d.group))) {
    lines.push(
      `${'#'.repeat(level)} ${GROUP_TITLES[group]}`,
      '',
      ...groupTable(
        definitions.filter((d) => d.group === group),
        prefix,
      ),
      '',
    );
  }
  return lines.join('\n');
}

/** The table of the groups `createObservability({ groups })` chooses from. */
function groupsSection(): string[] {
  const count = (group: MetricGroup): number => CATALOGUE_DEFINITIONS.filter((d) => d.group === group).length;
  return [
    '## Groups',
    '',
    "A service registers only the groups it uses: `createObservability({ groups: ['api', 'jobs', 'video'] })`, or",
    "`groups: 'all'` for every one. The groups `app` and `sdk` are always on, the Node.js runtime metrics follow",
    '`defaultMetrics`, and a service’s own metrics (`customMetrics`, see [metrics-custom.md](metrics-custom.md)) are',
    'always registered. The handles of a group that is off keep working, but what they record is not exposed (the',
    'first recording logs a warning); `metrics: { <name>: { enabled: true } }` registers one metric of such a group.',
    '',
    '| Group | Metrics | On by default |',
    '| --- | --- | --- |',
    ...CATALOGUE_GROUPS.map(
      (group) =>
        `| \`${group}\` (${GROUP_TITLES[group]}) | ${count(group)} | ${DEFAULT_GROUPS.includes(group) ? 'yes' : 'no'} |`,
    ),
    `| \`app\` (${GROUP_TITLES.app}) | ${count('app')} | always |`,
    `| \`sdk\` (${GROUP_TITLES.sdk}) | ${count('sdk')} | always |`,
    `| \`runtime\` (${GROUP_TITLES.runtime}) | ${runtimeMetrics.length} | with \`defaultMetrics\` (default on) |`,
    '',
  ];
}

/** The names `naming: 'otel'` gives, from the catalogue entries' `otel`. */
function otelSection(): string[] {
  return [
    '## OpenTelemetry naming',
    '',
    "With `createObservability({ naming: 'otel' })` these metrics are exposed under the names and labels",
    'OpenTelemetry’s Prometheus exporter writes for their semantic convention; every other metric keeps its name',
    '(see [otel-naming.md](otel-naming.md)).',
    '',
    "| Name | `naming: 'otel'` | Labels | Convention |",
    '| --- | --- | --- | --- |',
    ...CATALOGUE_DEFINITIONS.filter((d) => d.otel !== undefined).map((d) => {
      const otel = d.otel!;
      const named = namedMetric(d, 'otel');
      const name = named.exposed ? `\`${otel.name}\`` : `not exposed; counted by \`${otel.name}\``;
      const labels = d.labelNames.map((label) => `\`${named.labels[label] ?? label}\``).join(', ');
      return `| \`${d.name}\` | ${name} | ${labels} | \`${otel.instrument}\` (${otel.stability}) |`;
    }),
    '',
  ];
}

/**
 * Renders `docs/metrics.md`, the metrics reference, from the catalogue: every metric by
 * group, the runtime metrics, the Python reference stack’s metrics with their entries, and every rename
 * with its reason. `npm run generate` writes it; a test fails when the file drifts.
 */
export function renderMetricsDoc(): string {
  const lines: string[] = [
    '<!-- Generated by `npm run generate` from src/catalogue. Do not edit by hand. -->',
    '',
    '# Metrics reference',
    '',
    'Every metric the SDK registers, generated from the catalogue (`src/catalogue/`), the single source of truth',
    'from which the registry, the alert rules and the dashboards are derived. Names are shown without a prefix:',
    'with `createObservability({ prefix: "media_" })` every name below, runtime metrics included, starts with `media_`.',
    'Histogram buckets can be replaced per metric with `metrics: { <name>: { buckets: [...] } }`.',
    '',
    `The catalogue declares ${CATALOGUE_DEFINITIONS.length} metrics of the SDK’s own, next to ${runtimeMetrics.length} Node.js runtime metrics. With the`,
    `default groups a service registers ${CATALOGUE_DEFINITIONS.filter((d) => ['app', 'sdk', ...DEFAULT_GROUPS].includes(d.group)).length} of them and the runtime metrics (see [Groups](#groups)).`,
    'Every metric holds at most `maxSeriesPerMetric` series (default 1000); past the cap a new label set is recorded',
    'into one series whose labels are all `__overflow__`, and `observability_series_overflow_total{metric}` counts it.',
    '',
  ];
  lines.push(...groupsSection(), renderMetricsReference(CATALOGUE_DEFINITIONS, { title: '' }));
  lines.push(
    `## ${GROUP_TITLES.runtime}`,
    '',
    'Collected by prom-client’s default metrics (`defaultMetrics: true`, the default), under prom-client’s names except',
    'the three gauges that prom-client names `*_total` (see the renames below), so that `promtool check metrics` finds',
    'nothing wrong with the whole exposition.',
    '',
    '| Metric | Type | Labels | Description |',
    '| --- | --- | --- | --- |',
    ...runtimeMetrics.map((m) => `| \`${m.name}\` | ${m.type} | ${code(m.labelNames)} | ${cell(m.help)} |`),
    '',
    '## The Python reference stack’s metrics',
    '',
    `The Python reference stack this SDK ports (a FastAPI, Celery and Airflow transcoding service monitored with Prometheus and Grafana) lists ${REPORT_METRICS.length} metrics. Each has its entry:`,
    '',
    '| Report group | Report name | Catalogue name |',
    '| --- | --- | --- |',
    ...REPORT_METRICS.map(
      (m) => `| ${m.group} | \`${m.name}\` | \`${entryForReportMetric(m.name)?.name ?? 'MISSING'}\` |`,
    ),
    '',
    '## Renames',
    '',
    'Where a report name or a prom-client runtime metric name breaks the Prometheus naming rules (`promtool check',
    'metrics`) or a strict OpenMetrics parser, or names a technology the Node.js SDK does not use, the SDK uses a',
    'conforming name:',
    '',
    '| Report or prom-client name | Name | Why |',
    '| --- | --- | --- |',
    ...RENAMES.map((r) => `| \`${r.reportName}\` | \`${r.name}\` | ${cell(r.reason)} |`),
    ...RUNTIME_RENAMES.map((r) => `| \`${r.promClientName}\` | \`${r.name}\` | ${cell(r.reason)} |`),
    '',
    ...otelSection(),
  );
  return lines.join('\n');
}
