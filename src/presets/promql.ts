/**
 * PromQL building blocks: the rule context (metric names with the prefix, selectors, recording
 * rule names), the promtool test context, and annotation text as template or as rendered text.
 */
import type { InputSeries, RuleContext, TestContext, TextContext } from './alerts/types.js';
import type { ResolvedPresetConfig, ScrapeTarget } from './config/preset-config.js';
import { formatValue, TEMPLATE_FUNCTION, type ValueFormat } from './humanize.js';

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
