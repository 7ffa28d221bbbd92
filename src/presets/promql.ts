import { EXTERNAL_METRIC_NAMES } from '../catalogue/external-metrics.js';
import { CATALOGUE_DEFINITIONS } from '../catalogue/index.js';
import { runtimeMetrics } from '../catalogue/runtime.js';
import type { InputSeries, RuleContext, TestContext, TextContext } from './alerts/types.js';
import { formatValue, TEMPLATE_FUNCTION, type ValueFormat } from './humanize.js';
import type { ResolvedPresetConfig, ScrapeTarget } from './preset-config.js';

const HISTOGRAM_SUFFIXES = ['_bucket', '_count', '_sum'];

/** Every SDK metric name a rule may use (without prefix), histogram series included. */
const SDK_NAMES: ReadonlySet<string> = new Set(
  [...CATALOGUE_DEFINITIONS, ...runtimeMetrics].flatMap((definition) =>
    definition.type === 'histogram' || definition.type === 'summary'
      ? [definition.name, ...HISTOGRAM_SUFFIXES.map((suffix) => definition.name + suffix)]
      : [definition.name],
  ),
);

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
    m(name) {
      if (!SDK_NAMES.has(name)) throw new Error(`preset rule uses ${name}, which the SDK does not emit`);
      return config.prefix + name;
    },
    x(name) {
      if (!EXTERNAL_METRIC_NAMES.has(name))
        throw new Error(`preset rule uses ${name}, which is not in EXTERNAL_METRICS`);
      return name;
    },
    s(target, ...matchers) {
      const pairs = Object.entries(labels(target)).map(([key, value]) => `${key}=${quote(value)}`);
      return `{${[...pairs, ...matchers].join(',')}}`;
    },
    r(name) {
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
