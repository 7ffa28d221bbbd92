/**
 * PromQL building blocks: the rule context (metric names with the prefix, selectors, recording
 * rule names), the promtool test context, and annotation text as template or as rendered text.
 */
import type { MetricAggregator, MetricDefinition } from '../catalogue/define-metric.js';
import { CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import type { InputSeries, RuleContext, TestContext, TextContext } from './alerts/types.js';
import type { ResolvedPresetConfig, ScrapeTarget } from './config/preset-config.js';
import { formatValue, TEMPLATE_FUNCTION, type ValueFormat } from './humanize.js';
import type { SdkSeriesName } from './metric-names.js';

/** The PromQL operator that combines one metric's series across instances. */
export type AcrossInstances = 'sum' | 'max' | 'min' | 'avg';

/**
 * The catalogue's `aggregator` as a PromQL operator: per-process figures (`sum`) add up;
 * shared state, the same figure in every replica (`max`), is taken once; `first` (the same
 * value everywhere, such as `app_info`) is `max` too.
 */
const OPERATORS: Readonly<Record<MetricAggregator, AcrossInstances | undefined>> = {
  sum: 'sum',
  max: 'max',
  min: 'min',
  first: 'max',
  average: 'avg',
  omit: undefined,
};

const DEFINITIONS: ReadonlyMap<string, MetricDefinition> = new Map(
  CATALOGUE_DEFINITIONS.map((definition) => [definition.name, definition]),
);

/** The catalogue definition of a name, a histogram's series resolved to the histogram. */
function definitionOf(name: SdkSeriesName): MetricDefinition | undefined {
  return DEFINITIONS.get(name) ?? DEFINITIONS.get(name.replace(/_(bucket|count|sum)$/, ''));
}

/**
 * How the series of `name` combine across instances, from the catalogue definition's
 * `aggregator` (`sum` when it has none). A histogram's `_bucket`, `_count` and `_sum`
 * series and Node's runtime metrics (per process) are summed.
 *
 * @example
 * ```ts
 * acrossInstances('queue_length'); // 'max': every replica reads the same depth from Redis
 * acrossInstances('api_requests_total'); // 'sum'
 * ```
 */
export function acrossInstances(name: SdkSeriesName): AcrossInstances {
  const aggregator = definitionOf(name)?.aggregator ?? 'sum';
  const operator = OPERATORS[aggregator];
  if (operator === undefined) throw new Error(`${name} is not aggregated across processes (aggregator: omit)`);
  return operator;
}

function labelList(by: string): string[] {
  return by
    .split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
}

/**
 * Combines the series of `name` (the PromQL `inner`, which selects them) by the labels `by`
 * (`''` for one total), with the operator the catalogue gives it (see {@link acrossInstances}).
 * A summed metric is `sum by (by) (inner)`. Shared state is first taken once per series of the
 * metric itself, by `job` and its own labels, so replicas (whatever their `instance`, `pod` or
 * other target labels) count once, and the distinct series (queues, states) are then added up:
 * `sum by (queue) (max by (job, queue, state) (inner))`; when `by` already holds `job` and every
 * label of the metric, that is just `max by (by) (inner)`. Every rule, alert, panel and runbook
 * query that combines an SDK metric's series goes through it.
 *
 * @example
 * ```ts
 * aggregate('queue_workers_active', 'job, queue', 'queue_workers_active{job="transcode-flow"}');
 * // max by (job, queue) (queue_workers_active{job="transcode-flow"})
 * ```
 */
export function aggregate(name: SdkSeriesName, by: string, inner: string): string {
  const operator = acrossInstances(name);
  const grouped = (op: string, labels: string) =>
    labels === '' ? `${op}(${inner})` : `${op} by (${labels}) (${inner})`;
  if (operator === 'sum') return grouped('sum', by);
  const keys = ['job', ...(definitionOf(name)?.labelNames ?? [])];
  const wanted = labelList(by);
  if (keys.every((key) => wanted.includes(key))) return grouped(operator, by);
  const once = `${operator} by (${keys.join(', ')}) (${inner})`;
  return by === '' ? `sum(${once})` : `sum by (${by}) (${once})`;
}

/** Quotes a label value for PromQL and promtool series notation. */
export function quote(value: string): string {
  return JSON.stringify(value);
}

/** `name{a="1",b="2"}`. */
export function seriesText(name: string, labels: Readonly<Record<string, string>>): string {
  const pairs = Object.entries(labels).map(([key, value]) => `${key}=${quote(value)}`);
  return `${name}{${pairs.join(',')}}`;
}

/** The context rules are written with. */
export function ruleContext(config: ResolvedPresetConfig): RuleContext {
  const labels = (target: ScrapeTarget): Record<string, string> => ({ job: config.jobs[target], ...config.selector });
  return {
    config,
    metric: (name) => config.prefix + name,
    exporterMetric: (name) => name,
    selector(target, ...matchers) {
      const pairs = Object.entries(labels(target)).map(([key, value]) => `${key}=${quote(value)}`);
      return `{${[...pairs, ...matchers].join(',')}}`;
    },
    recorded(name) {
      const [level, metric, operation] = name.split(':');
      return `${level}:${config.prefix}${metric}:${operation}`;
    },
  };
}

function number(value: number): string {
  return String(value);
}

/** The context the promtool test input is built with. */
export function testContext(config: ResolvedPresetConfig, threshold: number, minutes: number): TestContext {
  const rules = ruleContext(config);
  const counter = (name: string, labels: Record<string, string>, perSecond: number): InputSeries => ({
    series: seriesText(name, labels),
    values: perSecond === 0 ? `0x${minutes}` : `0+${number(perSecond * 60)}x${minutes}`,
  });
  return {
    ...rules,
    threshold,
    minutes,
    labels: (target, extra = {}) => ({ job: config.jobs[target], ...config.selector, ...extra }),
    counter,
    gauge: (name, labels, value) => ({ series: seriesText(name, labels), values: `${number(value)}x${minutes}` }),
    histogram(name, labels, buckets, index, perSecond) {
      const bounds = [...buckets.map(number), '+Inf'];
      return [
        ...bounds.map((le, i) => counter(`${name}_bucket`, { ...labels, le }, i >= index ? perSecond : 0)),
        counter(`${name}_count`, labels, perSecond),
        counter(`${name}_sum`, labels, perSecond * (buckets[index] ?? 1)),
      ];
    },
  };
}

/** The annotation text as a Go template. */
export function templateText(
  config: ResolvedPresetConfig,
  format: ValueFormat,
  threshold: number | undefined,
): TextContext {
  return {
    config,
    label: (name) => `{{ $labels.${name} }}`,
    value: `{{ $value | ${TEMPLATE_FUNCTION[format]} }}`,
    threshold: threshold === undefined ? '' : formatValue(threshold, format),
  };
}

/** The annotation text the template yields for an alert with these labels and value. */
export function renderedText(
  config: ResolvedPresetConfig,
  format: ValueFormat,
  threshold: number | undefined,
  labels: Readonly<Record<string, string>>,
  value: number,
): TextContext {
  return {
    config,
    label: (name) => {
      const labelValue = labels[name];
      if (labelValue === undefined) throw new Error(`the test alert has no label ${name}`);
      return labelValue;
    },
    value: formatValue(value, format),
    threshold: threshold === undefined ? '' : formatValue(threshold, format),
  };
}
