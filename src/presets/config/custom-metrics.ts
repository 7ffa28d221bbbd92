/**
 * The `customMetrics` section of the preset config: a service's own metrics (as it declares
 * them with `defineMetric`) and the alerts it asks for on them, checked field by field.
 */
import type { MetricType } from '../../catalogue/define-metric.js';
import { metricGroup } from '../../catalogue/groups.js';
import type { Component, Severity } from '../alerts/types.js';
import { checkKeys, invalidPresetConfig, numberIn, record, text, waitDuration, duration } from './validation.js';

/**
 * An alert on one of the service's own metrics, rendered into `prometheus/alerts/custom.yml`
 * with a promtool test that shows it firing and staying quiet, and a runbook page.
 *
 * What `above` (or `below`) compares depends on the metric's type: for a counter, its
 * per-second rate over `window`; for a gauge, its value; for a histogram, its `quantile` over
 * `window`, in the metric's unit (seconds for durations).
 *
 * @example
 * ```ts
 * import type { CustomAlertConfig } from '@transcode-flow/observability/presets';
 *
 * const failures: CustomAlertConfig = {
 *   name: 'UploadFailuresHigh',
 *   above: 0.5,
 *   matchers: { outcome: 'failed' },
 *   for: '10m',
 *   summary: 'Uploads fail',
 * };
 * ```
 */
export interface CustomAlertConfig {
  /** The alert's name: letters, digits and `_`, starting with a letter; not one of the presets' alerts. */
  name: string;
  /** Fires above this value (a counter's rate per second, a gauge's value, a histogram's quantile). */
  above?: number;
  /** Gauges only: fires below this value instead. */
  below?: number;
  /** Histograms only: the quantile compared, between 0 and 1. Default: `0.95`. */
  quantile?: number;
  /** Counters and histograms: the rate window. Default: `5m`. */
  window?: string;
  /** How long the condition must hold before the alert fires, above zero. Default: `5m`. */
  for?: string;
  /** `critical`, `warning` or `info`. Default: `warning`. */
  severity?: Severity;
  /** The component Alertmanager routes on. Default: `api`. */
  component?: Component;
  /** Labels of the metric to alert on separately (one alert per value). Default: none (one alert per job). */
  by?: readonly string[];
  /** Equality matchers on the metric's own labels (e.g. `{ outcome: 'failed' }`). Default: none. */
  matchers?: Readonly<Record<string, string>>;
  /**
   * The summary; `{value}`, `{threshold}` and `{labels.NAME}` (`job` or a label of `by`) are filled in.
   * Default: what is compared with what.
   */
  summary?: string;
  /** The description, with the same placeholders. Default: the value, the series and the threshold. */
  description?: string;
  /** The runbook page's text. Default: stubs that name the field to fill in. */
  runbook?: {
    /** What the alert means. */
    meaning?: string;
    /** What it costs the users. */
    impact?: string;
    /** The steps to take. */
    mitigation?: readonly string[];
  };
}

/**
 * One of the service's own metrics in the preset config: the fields of its `defineMetric`
 * declaration (so a definition can be spread in), plus the alerts wanted on it.
 *
 * @example
 * ```ts
 * import type { CustomMetricPresetConfig } from '@transcode-flow/observability/presets';
 *
 * const uploads: CustomMetricPresetConfig = {
 *   name: 'uploads_total',
 *   type: 'counter',
 *   labelNames: ['outcome'],
 *   alerts: [{ name: 'UploadFailuresHigh', above: 0.5, matchers: { outcome: 'failed' } }],
 * };
 * ```
 */
export interface CustomMetricPresetConfig {
  /** The name without the prefix, as declared with `defineMetric`. */
  name: string;
  /** `counter`, `gauge` or `histogram`. */
  type: MetricType;
  /** Its label names. Default: none. */
  labelNames?: readonly string[];
  /** Histograms: the bucket bounds. Default: prom-client's (0.005 to 10). */
  buckets?: readonly number[];
  /** The help text (not rendered; accepted so that a definition can be spread in). */
  help?: string;
  /** The unit (not rendered; accepted so that a definition can be spread in). */
  unit?: string;
  /** The group `defineMetric` gives a service's own metric: `custom`. */
  group?: string;
  /** How its series combine across instances: `sum` (the default), `max`, `min`, `first` or `average`. */
  aggregator?: string;
  /** The alerts to render on it. Default: none. */
  alerts?: readonly CustomAlertConfig[];
}

/**
 * A custom alert with every default filled in and every field checked, as
 * `resolvePresetConfig(config).customAlerts` lists them.
 *
 * @example
 * ```ts
 * import { resolvePresetConfig } from '@transcode-flow/observability/presets';
 *
 * const [lag] = resolvePresetConfig({
 *   customMetrics: { lag: { name: 'ingest_lag_seconds', type: 'gauge', alerts: [{ name: 'IngestLagging', above: 30 }] } },
 * }).customAlerts;
 * console.log(lag?.for, lag?.severity); // 5m warning
 * ```
 */
export interface ResolvedCustomAlert {
  /** The alert's name. */
  readonly name: string;
  /** The config field the alert was declared at, for messages and runbook stubs (`customMetrics.uploads.alerts[0]`). */
  readonly field: string;
  /** The metric the alert reads. */
  readonly metric: {
    /** Its name without the prefix. */
    readonly name: string;
    /** `counter`, `gauge` or `histogram`. */
    readonly type: MetricType;
    /** Its label names. */
    readonly labelNames: readonly string[];
    /** Its bucket bounds (histograms; empty otherwise). */
    readonly buckets: readonly number[];
    /** The PromQL operator that combines a gauge's series across instances. */
    readonly operator: 'sum' | 'max' | 'min' | 'avg';
  };
  /** `>` (above) or `<` (below, gauges only). */
  readonly comparison: '>' | '<';
  /** The value compared with. */
  readonly threshold: number;
  /** The quantile compared (histograms). */
  readonly quantile: number;
  /** The rate window (counters and histograms). */
  readonly window: string;
  /** How long the condition must hold before the alert fires. */
  readonly for: string;
  /** `critical`, `warning` or `info`. */
  readonly severity: Severity;
  /** The component Alertmanager routes on. */
  readonly component: Component;
  /** The metric's labels the alert is evaluated by, besides `job`. */
  readonly by: readonly string[];
  /** Equality matchers on the metric's labels. */
  readonly matchers: Readonly<Record<string, string>>;
  /** The summary with its placeholders, or `undefined` for the default one. */
  readonly summary: string | undefined;
  /** The description with its placeholders, or `undefined` for the default one. */
  readonly description: string | undefined;
  /** The runbook text the config gives; `undefined` parts become stubs. */
  readonly runbook: {
    /** What the alert means. */
    readonly meaning: string | undefined;
    /** What it costs the users. */
    readonly impact: string | undefined;
    /** The steps to take. */
    readonly mitigation: readonly string[] | undefined;
  };
}

/** prom-client's default buckets, which a histogram declared without buckets gets. */
const DEFAULT_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const ALERT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];
const COMPONENTS: readonly Component[] = ['jobs', 'system', 'database', 'storage', 'api'];
const OPERATORS = { sum: 'sum', max: 'max', first: 'max', min: 'min', average: 'avg' } as const;
const METRIC_KEYS = ['name', 'type', 'labelNames', 'buckets', 'help', 'unit', 'group', 'aggregator', 'alerts'];
const ALERT_KEYS = [
  'name',
  'above',
  'below',
  'quantile',
  'window',
  'for',
  'severity',
  'component',
  'by',
  'matchers',
  'summary',
  'description',
  'runbook',
];

function oneOf<T extends string>(field: string, value: unknown, fallback: T, allowed: readonly T[]): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) {
    throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, `one of ${allowed.join(', ')}`);
  }
  return value as T;
}

/** A field that has no default: its absence is named as such. */
function required(field: string, value: unknown, expected: string): unknown {
  if (value === undefined) throw invalidPresetConfig(field, 'is missing', expected);
  return value;
}

function list(field: string, value: unknown): unknown[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, 'a list');
  return value as unknown[];
}

/** The metric's name: valid, typed by its suffix, and not one the catalogue exposes. */
function metricName(field: string, value: unknown, type: MetricType): string {
  const name = text(field, required(field, value, 'the metric name, as declared with defineMetric'), '');
  if (!NAME.test(name) || name.startsWith('__')) {
    throw invalidPresetConfig(
      field,
      `is ${JSON.stringify(name)}`,
      'a metric name matching [a-zA-Z_][a-zA-Z0-9_]* without the prefix, not starting with __',
    );
  }
  if ((type === 'counter') !== name.endsWith('_total')) {
    throw invalidPresetConfig(
      field,
      `is ${JSON.stringify(name)}`,
      type === 'counter' ? 'a counter name ending in _total' : `a ${type} name that does not end in _total`,
    );
  }
  if (metricGroup(name) !== undefined) {
    throw invalidPresetConfig(
      field,
      `is ${JSON.stringify(name)}, a metric of the SDK's catalogue`,
      'the name of one of your own metrics (the catalogue metrics have their own alerts)',
    );
  }
  return name;
}

function labelNames(field: string, value: unknown): string[] {
  const names = list(field, value).map((item, index) => {
    const label = text(`${field}[${index}]`, item, '');
    if (!NAME.test(label) || label.startsWith('__') || label === 'le' || label === 'quantile') {
      throw invalidPresetConfig(
        `${field}[${index}]`,
        `is ${JSON.stringify(label)}`,
        'a label name matching [a-zA-Z_][a-zA-Z0-9_]*, not starting with __, and neither le nor quantile',
      );
    }
    return label;
  });
  names.forEach((label, index) => {
    if (names.indexOf(label) !== index) {
      throw invalidPresetConfig(`${field}[${index}]`, `repeats ${JSON.stringify(label)}`, 'each label listed once');
    }
  });
  return names;
}

function buckets(field: string, value: unknown, type: MetricType): number[] {
  if (value === undefined) return type === 'histogram' ? [...DEFAULT_BUCKETS] : [];
  if (type !== 'histogram') throw invalidPresetConfig(field, 'is set', `no buckets on a ${type}`);
  const bounds = list(field, value).map((item, index) => numberIn(`${field}[${index}]`, item, 0, {}));
  if (bounds.length < 2 || bounds.some((bound, index) => index > 0 && bound <= bounds[index - 1]!)) {
    throw invalidPresetConfig(field, `is ${JSON.stringify(value)}`, 'at least two bucket bounds, strictly ascending');
  }
  return bounds;
}

/** The metric part of an entry, checked. */
function resolveMetric(field: string, given: Record<string, unknown>): ResolvedCustomAlert['metric'] {
  checkKeys(field, given, METRIC_KEYS);
  const types: MetricType[] = ['counter', 'gauge', 'histogram'];
  const type = oneOf(
    `${field}.type`,
    required(`${field}.type`, given.type, `one of ${types.join(', ')}`),
    'counter',
    types,
  );
  const name = metricName(`${field}.name`, given.name, type);
  if (given.group !== undefined && given.group !== 'custom') {
    throw invalidPresetConfig(`${field}.group`, `is ${JSON.stringify(given.group)}`, "'custom' or nothing");
  }
  const aggregator = oneOf(`${field}.aggregator`, given.aggregator, 'sum', ['sum', 'max', 'first', 'min', 'average']);
  return {
    name,
    type,
    labelNames: labelNames(`${field}.labelNames`, given.labelNames),
    buckets: buckets(`${field}.buckets`, given.buckets, type),
    operator: OPERATORS[aggregator],
  };
}

function optionalText(field: string, value: unknown): string | undefined {
  return value === undefined ? undefined : text(field, value, '');
}

/** The placeholders a summary or description may use: `{value}`, `{threshold}` and `{labels.X}` for X in `job` and `by`. */
function template(field: string, value: unknown, labels: readonly string[]): string | undefined {
  const result = optionalText(field, value);
  for (const [, label] of (result ?? '').matchAll(/\{labels\.([^}]*)\}/g)) {
    if (!labels.includes(label!)) {
      throw invalidPresetConfig(
        field,
        `uses {labels.${label}}, which the alert does not carry`,
        `{value}, {threshold} or {labels.X} for X in ${labels.join(', ')} (job and the labels of \`by\`)`,
      );
    }
  }
  if (result !== undefined && /\{\{|\}\}/.test(result)) {
    throw invalidPresetConfig(
      field,
      'holds a Go template ({{ … }})',
      'plain text with {value}, {threshold} or {labels.X}',
    );
  }
  return result;
}

/** The threshold and comparison of an alert, by the metric's type. */
function comparison(
  field: string,
  given: Record<string, unknown>,
  metric: ResolvedCustomAlert['metric'],
): { comparison: '>' | '<'; threshold: number } {
  if (metric.type !== 'gauge' && given.below !== undefined) {
    throw invalidPresetConfig(
      `${field}.below`,
      'is set',
      `\`above\` on a ${metric.type} (only gauges alert below a value)`,
    );
  }
  if ((given.above === undefined) === (given.below === undefined)) {
    throw invalidPresetConfig(
      `${field}.above`,
      given.above === undefined ? 'is missing' : 'is set together with `below`',
      metric.type === 'gauge' ? 'either `above` or `below`, a number' : 'a number',
    );
  }
  const side = given.above === undefined ? 'below' : 'above';
  const at = `${field}.${side}`;
  if (metric.type === 'counter') {
    return { comparison: '>', threshold: numberIn(at, given.above, 0, { min: 0, minExclusive: true }) };
  }
  if (metric.type === 'gauge') {
    return { comparison: side === 'above' ? '>' : '<', threshold: numberIn(at, given[side], 0, {}) };
  }
  const first = metric.buckets[0]!;
  const last = metric.buckets[metric.buckets.length - 2]!;
  const threshold = numberIn(at, given.above, 0, {});
  if (threshold < first || threshold > last) {
    throw invalidPresetConfig(
      at,
      `is ${threshold}, outside the buckets of ${metric.name}`,
      `a number from ${first} to ${last} (a quantile can only be told apart within the histogram's buckets)`,
    );
  }
  return { comparison: '>', threshold };
}

function resolveAlert(
  field: string,
  value: unknown,
  metric: ResolvedCustomAlert['metric'],
  taken: Set<string>,
): ResolvedCustomAlert {
  const given = record(field, value);
  checkKeys(field, given, ALERT_KEYS);
  const name = text(`${field}.name`, required(`${field}.name`, given.name, 'the alert name'), '');
  if (!ALERT_NAME.test(name)) {
    throw invalidPresetConfig(
      `${field}.name`,
      `is ${JSON.stringify(name)}`,
      'letters, digits and _, starting with a letter',
    );
  }
  if (taken.has(name)) {
    throw invalidPresetConfig(
      `${field}.name`,
      `is ${JSON.stringify(name)}, which is taken`,
      'a name no other alert has',
    );
  }
  taken.add(name);
  const by = labelNames(`${field}.by`, given.by);
  by.forEach((label, index) => {
    if (!metric.labelNames.includes(label)) {
      throw invalidPresetConfig(
        `${field}.by[${index}]`,
        `is ${JSON.stringify(label)}`,
        `a label of ${metric.name}: ${metric.labelNames.join(', ') || '(it has none)'}`,
      );
    }
  });
  const matchers: Record<string, string> = {};
  for (const [label, labelValue] of Object.entries(record(`${field}.matchers`, given.matchers))) {
    if (!metric.labelNames.includes(label)) {
      throw invalidPresetConfig(
        `${field}.matchers.${label}`,
        'is not a label of the metric',
        `a label of ${metric.name}: ${metric.labelNames.join(', ') || '(it has none)'}`,
      );
    }
    matchers[label] = text(`${field}.matchers.${label}`, labelValue, '');
  }
  if (metric.type !== 'histogram' && given.quantile !== undefined) {
    throw invalidPresetConfig(`${field}.quantile`, 'is set', `no quantile on a ${metric.type}`);
  }
  if (metric.type === 'gauge' && given.window !== undefined) {
    throw invalidPresetConfig(`${field}.window`, 'is set', 'no window on a gauge (its value is compared as it is)');
  }
  const runbook = record(`${field}.runbook`, given.runbook);
  checkKeys(`${field}.runbook`, runbook, ['meaning', 'impact', 'mitigation']);
  const carried = ['job', ...by];
  return {
    name,
    field,
    metric,
    ...comparison(field, given, metric),
    quantile: numberIn(`${field}.quantile`, given.quantile, 0.95, {
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
    }),
    window: duration(`${field}.window`, given.window, '5m'),
    for: waitDuration(`${field}.for`, given.for, '5m'),
    severity: oneOf(`${field}.severity`, given.severity, 'warning', SEVERITIES),
    component: oneOf(`${field}.component`, given.component, 'api', COMPONENTS),
    by,
    matchers,
    summary: template(`${field}.summary`, given.summary, carried),
    description: template(`${field}.description`, given.description, carried),
    runbook: {
      meaning: optionalText(`${field}.runbook.meaning`, runbook.meaning),
      impact: optionalText(`${field}.runbook.impact`, runbook.impact),
      mitigation:
        runbook.mitigation === undefined
          ? undefined
          : list(`${field}.runbook.mitigation`, runbook.mitigation).map((step, index) =>
              text(`${field}.runbook.mitigation[${index}]`, step, ''),
            ),
    },
  };
}

/**
 * Checks the `customMetrics` section and returns every alert it asks for, in the order given.
 *
 * @param value - The section: the service's own metrics by the key it names them with.
 * @param presetAlerts - The names of the presets' own alerts, which a custom alert may not take.
 */
export function resolveCustomAlerts(value: unknown, presetAlerts: readonly string[]): ResolvedCustomAlert[] {
  const taken = new Set<string>(presetAlerts);
  const metrics = new Set<string>();
  const alerts: ResolvedCustomAlert[] = [];
  for (const [key, entry] of Object.entries(record('customMetrics', value))) {
    const field = `customMetrics.${key}`;
    const given = record(field, entry);
    const metric = resolveMetric(field, given);
    if (metrics.has(metric.name)) {
      throw invalidPresetConfig(
        `${field}.name`,
        `is ${JSON.stringify(metric.name)}, declared twice`,
        'each metric declared once',
      );
    }
    metrics.add(metric.name);
    list(`${field}.alerts`, given.alerts).forEach((alert, index) =>
      alerts.push(resolveAlert(`${field}.alerts[${index}]`, alert, metric, taken)),
    );
  }
  return alerts;
}
