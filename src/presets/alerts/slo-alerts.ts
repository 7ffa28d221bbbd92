import { seriesText } from '../promql.js';
import { humanizePercentage } from '../humanize.js';
import { bucketsOf, splitCounterCase } from './helpers.js';
import { above, below, bucketAbove, bucketBelow } from './test-values.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertDefinition, AlertTestCase, RuleContext, TestContext } from './types.js';

const LATENCY = bucketsOf('apiRequestDurationSeconds');
const REQUEST = { method: 'GET', route: '/jobs/:jobId' };

/**
 * How many times faster than the objective allows the budget burns, for the fast and the slow
 * pair of the multi-window, multi-burn-rate method (Google SRE workbook). The windows of each
 * pair are in `ALERT_TIMING`.
 */
const FACTOR = { fast: 14.4, slow: 6 } as const;

/** A burn-rate alert's timing: its `for`, and the long and short windows of its recorded ratios. */
interface BurnTiming {
  readonly for: string;
  readonly window: string;
  readonly shortWindow: string;
}

function latencyCase(c: TestContext): AlertTestCase {
  const bound = c.config.slo.latencyThresholdSeconds;
  const fast = bucketBelow(LATENCY, bound);
  const slow = bucketAbove(LATENCY, bound);
  const name = c.metric('api_request_duration_seconds');
  const labels = c.labels('service', { ...REQUEST, status_code: '200' });
  const build = (share: number) => [
    ...[...LATENCY.map(String), '+Inf'].map((le, i) =>
      c.counter(`${name}_bucket`, { ...labels, le }, (i >= fast ? 1 - share : 0) + (i >= slow ? share : 0)),
    ),
    c.counter(`${name}_count`, labels, 1),
  ];
  const firing = above(c.threshold, 1);
  return {
    fire: { series: build(firing), labels: { job: c.config.jobs.service }, value: firing },
    quiet: { series: build(below(c.threshold)) },
  };
}

/** A multi-window burn-rate alert on the availability or latency objective. */
function burn<const N extends string>(spec: {
  readonly name: N;
  /** Which objective's error budget burns. */
  readonly kind: 'availability' | 'latency';
  /** The fast pair pages; the slow one warns. */
  readonly speed: keyof typeof FACTOR;
  /** `ALERT_TIMING` of the alert. */
  readonly timing: BurnTiming;
}): AlertDefinition<N> {
  const { name, kind, timing } = spec;
  const fast = spec.speed === 'fast';
  const window = { long: timing.window, short: timing.shortWindow, factor: FACTOR[spec.speed] };
  const ratioName = kind === 'availability' ? 'api_request_errors' : 'api_request_slow';
  const objective = (c: { config: RuleContext['config'] }) => c.config.slo[kind];
  const bad = kind === 'availability' ? 'failing (5xx)' : 'slower than the latency objective';
  return {
    name,
    component: 'api',
    severity: fast ? 'critical' : 'warning',
    for: timing.for,
    format: 'percent',
    derivedThreshold: (config) => window.factor * (1 - config.slo[kind]),
    window: () => durationSeconds(window.long),
    expr: (c) => {
      const limit = `(${window.factor} * (1 - ${objective(c)}))`;
      return `${c.recorded(`job:${ratioName}:ratio_rate${window.long}`)} > ${limit}
and
${c.recorded(`job:${ratioName}:ratio_rate${window.short}`)} > ${limit}`;
    },
    summary: (t) => `${t.label('job')} burns its ${kind} error budget ${fast ? 'fast' : 'steadily'}`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('job')} were ${bad} over ${window.long} (and ${window.short}): ${window.factor}x the budget of the ${humanizePercentage(objective(t))} ${kind} objective (threshold ${t.threshold}).`,
    test:
      kind === 'availability'
        ? (c) =>
            splitCounterCase(c, {
              metric: c.metric('api_requests_total'),
              labels: c.labels('service', REQUEST),
              label: 'status_code',
              bad: '500',
              good: '200',
              firingLabels: { job: c.config.jobs.service },
            })
        : latencyCase,
    runbook: {
      meaning: `Requests are ${bad} ${window.factor} times faster than the ${kind} objective allows, over both a ${window.long} and a ${window.short} window.`,
      impact: fast
        ? 'At this pace the 30-day error budget is gone in about two days: users are affected now.'
        : 'At this pace the 30-day error budget is gone in about five days.',
      diagnosis: (c) => [
        [`Bad ratio over ${window.long}`, c.recorded(`job:${ratioName}:ratio_rate${window.long}`)],
        [
          'By route',
          kind === 'availability'
            ? c.recorded('job_route:api_request_errors:ratio_rate5m')
            : `${c.recorded('job_route:api_request_duration_seconds:histogram_quantile')}{quantile="0.99"}`,
        ],
        ['Requests per second', seriesText(c.recorded('job:api_requests:rate5m'), {})],
      ],
      mitigation: [
        'Treat as the matching error-rate or latency alert: find the failing or slow routes and their dependency; roll back a recent deploy.',
      ],
    },
  };
}

/** Multi-window, multi-burn-rate SLO alerts for availability and latency. */
export const SLO_ALERTS = defineAlerts([
  burn({
    name: 'APIAvailabilityBudgetBurnFast',
    kind: 'availability',
    speed: 'fast',
    timing: ALERT_TIMING.APIAvailabilityBudgetBurnFast,
  }),
  burn({
    name: 'APIAvailabilityBudgetBurnSlow',
    kind: 'availability',
    speed: 'slow',
    timing: ALERT_TIMING.APIAvailabilityBudgetBurnSlow,
  }),
  burn({
    name: 'APILatencyBudgetBurnFast',
    kind: 'latency',
    speed: 'fast',
    timing: ALERT_TIMING.APILatencyBudgetBurnFast,
  }),
  burn({
    name: 'APILatencyBudgetBurnSlow',
    kind: 'latency',
    speed: 'slow',
    timing: ALERT_TIMING.APILatencyBudgetBurnSlow,
  }),
]);
