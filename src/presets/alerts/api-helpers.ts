import { quantileCase, withinBuckets } from './helpers.js';
import type { AlertDefinition, TestContext } from './types.js';

/** The request the API alert tests feed in. */
export const REQUEST = { method: 'GET', route: '/jobs/:jobId' };

/** The labels an API alert fires with: the service's job, plus `extra`. */
export const job = (c: TestContext, extra: Record<string, string> = {}) => ({ job: c.config.jobs.service, ...extra });

/** A warning when the p95 of an operation's duration histogram stays above its threshold. */
export function quantileAlert(
  name: AlertDefinition['name'],
  component: AlertDefinition['component'],
  threshold: number,
  buckets: readonly number[],
  metric: string,
  window: string,
  by: string,
  labels: Record<string, string>,
  text: { what: string; meaning: string; impact: string; mitigation: string[] },
): AlertDefinition {
  const byLabel = by.split(', ').at(-1)!;
  return {
    name,
    component,
    severity: 'warning',
    for: '15m',
    format: 'duration',
    threshold: withinBuckets(threshold, `seconds of p95 ${text.what}`, buckets),
    window: () => Number(window.replace('m', '')) * 60,
    expr: (c, t) =>
      `histogram_quantile(0.95, sum by (${by}, le) (rate(${c.m(`${metric}_bucket`)}${c.s('service')}[${window}]))) > ${t}`,
    summary: (t) => `${text.what} is slow for ${t.label(byLabel)}`,
    description: (t) =>
      `The p95 ${text.what} for ${byLabel} ${t.label(byLabel)} on ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) => {
      const firing = Object.fromEntries(
        by.split(', ').map((label) => [label, label === 'job' ? c.config.jobs.service : labels[label]!]),
      );
      return quantileCase(c, c.m(metric), c.labels('service', labels), buckets, 0.95, firing);
    },
    runbook: {
      meaning: text.meaning,
      impact: text.impact,
      diagnosis: (c) => [
        [
          `p95 ${text.what}`,
          `histogram_quantile(0.95, sum by (${by}, le) (rate(${c.m(`${metric}_bucket`)}${c.s('service')}[${window}])))`,
        ],
      ],
      mitigation: text.mitigation,
    },
  };
}
