import { aggregate } from '../promql.js';
import { quantileCase, withinBuckets } from './helpers.js';
import { durationSeconds } from '../config/validation.js';
import type { HistogramName } from '../metric-names.js';
import type { AlertDefinition, Component, RuleContext, TestContext } from './types.js';

/** The request the API alert tests feed in. */
export const REQUEST = { method: 'GET', route: '/jobs/:jobId' };

/** The labels an API alert fires with: the service's job, plus `extra`. */
export const job = (c: TestContext, extra: Record<string, string> = {}) => ({ job: c.config.jobs.service, ...extra });

/** A p95 latency alert on one of the catalogue's duration histograms. */
export interface QuantileAlertSpec<N extends string> {
  /** The alert's name. */
  readonly name: N;
  readonly component: Component;
  /** The default threshold, in seconds; it must lie inside the histogram's buckets. */
  readonly threshold: number;
  /** The histogram's bucket bounds (`bucketsOf(...)`). */
  readonly buckets: readonly number[];
  /** The histogram. */
  readonly metric: HistogramName;
  /** The default `for` (`ALERT_TIMING`). */
  readonly for: string;
  /** The rate window, such as `5m` (`ALERT_TIMING`). */
  readonly window: string;
  /** The `by` labels, such as `job, operation, backend`; the last one names the slow thing. */
  readonly by: string;
  /** The labels of the test series (besides the selector's). */
  readonly labels: Record<string, string>;
  /** What is timed, as in "p95 transcode time". */
  readonly what: string;
  readonly meaning: string;
  readonly impact: string;
  readonly mitigation: string[];
}

/** A warning when the p95 of an operation's duration histogram stays above its threshold. */
export function quantileAlert<const N extends string>(spec: QuantileAlertSpec<N>): AlertDefinition<N> {
  const { by, buckets, metric, window, what } = spec;
  const byLabel = by.split(', ').at(-1)!;
  const p95 = (c: RuleContext) =>
    `histogram_quantile(0.95, ${aggregate(`${metric}_bucket`, `${by}, le`, `rate(${c.metric(`${metric}_bucket`)}${c.selector('service')}[${window}])`)})`;
  return {
    name: spec.name,
    component: spec.component,
    severity: 'warning',
    for: spec.for,
    format: 'duration',
    threshold: withinBuckets(spec.threshold, `seconds of p95 ${what}`, buckets),
    window: () => durationSeconds(window),
    expr: (c, t) => `${p95(c)} > ${t}`,
    summary: (t) => `${what} is slow for ${t.label(byLabel)}`,
    description: (t) =>
      `The p95 ${what} for ${byLabel} ${t.label(byLabel)} on ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) => {
      const firing = Object.fromEntries(
        by.split(', ').map((label) => [label, label === 'job' ? c.config.jobs.service : spec.labels[label]!]),
      );
      return quantileCase(c, {
        metric: c.metric(metric),
        labels: c.labels('service', spec.labels),
        buckets,
        quantile: 0.95,
        firingLabels: firing,
      });
    },
    runbook: {
      meaning: spec.meaning,
      impact: spec.impact,
      diagnosis: (c) => [[`p95 ${what}`, p95(c)]],
      mitigation: spec.mitigation,
    },
  };
}
