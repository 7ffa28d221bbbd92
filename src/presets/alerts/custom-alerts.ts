/**
 * Alert definitions for a service's own metrics, built from the `customMetrics` section of the
 * preset config: the same shape as the presets' alerts, so that the same renderers write their
 * rules, promtool tests and runbook pages.
 */
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import type { ResolvedCustomAlert } from '../config/custom-metrics.js';
import { durationSeconds } from '../config/validation.js';
import type { ValueFormat } from '../humanize.js';
import { quote } from '../promql.js';
import { quantileCase, rateCase } from './helpers.js';
import { above, below } from './test-values.js';
import type { AlertDefinition, AlertTestCase, RuleContext, TestContext, TextContext } from './types.js';

/** How the value is shown: by the unit the metric's name ends in; a counter's rate is a plain number. */
function formatOf(alert: ResolvedCustomAlert): ValueFormat {
  if (alert.metric.type === 'counter') return 'number';
  if (alert.metric.name.endsWith('_seconds')) return 'duration';
  if (alert.metric.name.endsWith('_bytes')) return 'bytes';
  return alert.metric.name.endsWith('_ratio') ? 'percent' : 'number';
}

/** The series of the metric the rule selects: the service's job, the config's selector and the alert's matchers. */
function selected(alert: ResolvedCustomAlert, c: RuleContext, suffix = ''): string {
  const matchers = Object.entries(alert.matchers).map(([label, value]) => `${label}=${quote(value)}`);
  return `${c.config.prefix}${alert.metric.name}${suffix}${c.selector('service', ...matchers)}`;
}

/** The value the rule compares with the threshold, grouped by `job` and the alert's `by` labels. */
function compared(alert: ResolvedCustomAlert, c: RuleContext, by = ['job', ...alert.by]): string {
  const labels = by.join(', ');
  const { metric, window } = alert;
  if (metric.type === 'counter') return `sum by (${labels}) (rate(${selected(alert, c)}[${window}]))`;
  if (metric.type === 'gauge') {
    // Shared state (max, min, avg across replicas) is taken once per series, then the series are added up.
    const inner = selected(alert, c);
    if (metric.operator === 'sum' || metric.labelNames.every((label) => by.includes(label))) {
      return `${metric.operator} by (${labels}) (${inner})`;
    }
    return `sum by (${labels}) (${metric.operator} by (${['job', ...metric.labelNames].join(', ')}) (${inner}))`;
  }
  return `histogram_quantile(${alert.quantile}, sum by (${labels}, le) (rate(${selected(alert, c, '_bucket')}[${window}])))`;
}

/** What is compared, in words: "the rate per second of media_uploads_total{outcome="failed"}". */
function subject(alert: ResolvedCustomAlert, t: TextContext): string {
  const matchers = Object.entries(alert.matchers).map(([label, value]) => `${label}=${quote(value)}`);
  const series = `${t.config.prefix}${alert.metric.name}${matchers.length === 0 ? '' : `{${matchers.join(',')}}`}`;
  if (alert.metric.type === 'counter') return `the rate per second of ${series} over ${alert.window}`;
  if (alert.metric.type === 'gauge') return series;
  return `the p${Math.round(alert.quantile * 1000) / 10} of ${series} over ${alert.window}`;
}

/** The alert's own text with `{value}`, `{threshold}` and `{labels.X}` filled in. */
function filled(template: string, t: TextContext): string {
  return template
    .replaceAll('{value}', t.value)
    .replaceAll('{threshold}', t.threshold)
    .replace(/\{labels\.([^}]*)\}/g, (_, label: string) => t.label(label));
}

/** "job media-api, outcome failed": the labels the alert fires with, in words. */
function where(alert: ResolvedCustomAlert, t: TextContext): string {
  return ['job', ...alert.by].map((label) => `${label} ${t.label(label)}`).join(', ');
}

/** A gauge above (or below) its threshold, and on the other side; any threshold, negative or zero included. */
function gaugeCase(
  alert: ResolvedCustomAlert,
  c: TestContext,
  spec: { metric: string; labels: Record<string, string>; firingLabels: Record<string, string> },
): AlertTestCase {
  const t = c.threshold;
  const high = above(t);
  const low = t > 0 ? below(t) : t - 1;
  const [firing, quiet] = alert.comparison === '>' ? [high, low] : [low, high];
  return {
    fire: { series: [c.gauge(spec.metric, spec.labels, firing)], labels: spec.firingLabels, value: firing },
    quiet: { series: [c.gauge(spec.metric, spec.labels, quiet)] },
  };
}

/** The promtool test input: one series with every label of the metric set (matchers honoured). */
function testCase(alert: ResolvedCustomAlert, c: TestContext): AlertTestCase {
  const values = Object.fromEntries(
    alert.metric.labelNames.map((label) => [label, alert.matchers[label] ?? `${label}-1`]),
  );
  const labels = c.labels('service', values);
  const metric = `${c.config.prefix}${alert.metric.name}`;
  const firingLabels = { job: c.config.jobs.service, ...Object.fromEntries(alert.by.map((l) => [l, values[l]!])) };
  if (alert.metric.type === 'counter') return rateCase(c, { metric, labels, firingLabels });
  if (alert.metric.type === 'gauge') return gaugeCase(alert, c, { metric, labels, firingLabels });
  return quantileCase(c, { metric, labels, firingLabels, buckets: alert.metric.buckets, quantile: alert.quantile });
}

/** The definition of one custom alert. */
function definition(alert: ResolvedCustomAlert): AlertDefinition<string> {
  const comparison = alert.comparison === '>' ? 'above' : 'below';
  return {
    name: alert.name,
    component: alert.component,
    severity: alert.severity,
    for: alert.for,
    format: formatOf(alert),
    ...(alert.metric.type === 'gauge' ? {} : { window: () => durationSeconds(alert.window) }),
    expr: (c, threshold) => `${compared(alert, c)} ${alert.comparison} ${threshold}`,
    summary: (t) =>
      alert.summary === undefined
        ? `${alert.name}: ${subject(alert, t)} is ${comparison} ${t.threshold}`
        : filled(alert.summary, t),
    description: (t) =>
      alert.description === undefined
        ? `${subject(alert, t)} is ${t.value} for ${where(alert, t)} (threshold ${t.threshold}).`
        : filled(alert.description, t),
    test: (c) => testCase(alert, c),
    runbook: {
      meaning:
        alert.runbook.meaning ??
        `The service's own metric ${alert.metric.name} crossed the threshold its team set (\`${alert.field}\` in the preset config). Say what that means in \`${alert.field}.runbook.meaning\`.`,
      impact:
        alert.runbook.impact ?? `Not stated yet: say what it costs the users in \`${alert.field}.runbook.impact\`.`,
      diagnosis: (c) => [
        ['The value the rule compares, by the alert’s labels', compared(alert, c)],
        ['The same, by every label of the metric', compared(alert, c, ['job', 'instance', ...alert.metric.labelNames])],
      ],
      mitigation: alert.runbook.mitigation ?? [
        `Not stated yet: list the steps in \`${alert.field}.runbook.mitigation\`.`,
      ],
    },
  };
}

/** The definitions of the config's custom alerts, in the order the config gives them. */
export function customAlertDefinitions(config: ResolvedPresetConfig): AlertDefinition[] {
  // The renderers index settings by alert name; a custom alert's name is the user's own string.
  return config.customAlerts.map((alert) => definition(alert) as unknown as AlertDefinition);
}

/**
 * The config with the settings of every custom alert next to those of the presets' alerts, so
 * that the renderers (which read an alert's threshold, `for` and severity by its name) render a
 * custom alert as they render the others.
 */
export function withCustomSettings(config: ResolvedPresetConfig): ResolvedPresetConfig {
  const custom = Object.fromEntries(
    config.customAlerts.map((alert) => [
      alert.name,
      { threshold: alert.threshold, for: alert.for, severity: alert.severity, enabled: true },
    ]),
  );
  return { ...config, alerts: { ...config.alerts, ...custom } };
}
