import { aggregate } from '../promql.js';
import { bucketsOf, quantileCase, withinBuckets } from './helpers.js';
import { job, REQUEST } from './api-helpers.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertDefinition, RuleContext, Severity } from './types.js';

const LATENCY = bucketsOf('apiRequestDurationSeconds');

/** Runbook queries for slow requests. */
export const latencyRunbook = (c: RuleContext) =>
  [
    [
      'p95 latency by route',
      `${c.recorded('job_route:api_request_duration_seconds:histogram_quantile')}{quantile="0.95"}`,
    ],
    [
      'Requests in flight',
      aggregate('api_requests_in_progress', 'route', `${c.metric('api_requests_in_progress')}${c.selector('service')}`),
    ],
    ['Event loop lag', `${c.metric('nodejs_eventloop_lag_p99_seconds')}${c.selector('service')}`],
  ] as const;

/** A request latency quantile alert on the recorded quantiles. */
function latency<const N extends string>(spec: {
  readonly name: N;
  readonly severity: Severity;
  /** The default `for` (`ALERT_TIMING`). */
  readonly for: string;
  /** The recorded quantile (`0.95` or `0.99`). */
  readonly quantile: string;
  /** The default threshold, in seconds. */
  readonly threshold: number;
  /** What it costs the users, for the runbook. */
  readonly impact: string;
}): AlertDefinition<N> {
  const { name, severity, quantile, threshold, impact } = spec;
  const q = Number(quantile);
  const percent = `p${Math.round(q * 100)}`;
  return {
    name,
    component: 'api',
    severity,
    for: spec.for,
    format: 'duration',
    threshold: withinBuckets(threshold, `seconds of ${percent} request latency`, LATENCY),
    expr: (c, t) =>
      `${c.recorded('job_route:api_request_duration_seconds:histogram_quantile')}{quantile="${quantile}"} > ${t}`,
    summary: (t) => `Route ${t.label('route')} is slow (${percent})`,
    description: (t) =>
      `The ${percent} latency of ${t.label('route')} on ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(c, {
        metric: c.metric('api_request_duration_seconds'),
        labels: c.labels('service', { ...REQUEST, status_code: '200' }),
        buckets: LATENCY,
        quantile: q,
        firingLabels: job(c, { route: REQUEST.route, quantile }),
      }),
    runbook: {
      meaning: `The ${percent} latency of one route is above its threshold.`,
      impact,
      diagnosis: latencyRunbook,
      mitigation: [
        'Find the slow dependency (database, storage, cache) from their duration panels; check CPU and event loop lag.',
        'Roll back a recent deploy if the latency rose with it.',
      ],
    },
  };
}

/** API latency alerts: p95 and p99 request latency by route. */
export const API_LATENCY_ALERTS = defineAlerts([
  latency({
    name: 'HighAPILatencyP95',
    severity: 'warning',
    for: ALERT_TIMING.HighAPILatencyP95.for,
    quantile: '0.95',
    threshold: THRESHOLDS.HighAPILatencyP95,
    impact: 'Users wait; clients may time out and retry.',
  }),
  latency({
    name: 'CriticalAPILatencyP95',
    severity: 'critical',
    for: ALERT_TIMING.CriticalAPILatencyP95.for,
    quantile: '0.95',
    threshold: THRESHOLDS.CriticalAPILatencyP95,
    impact: 'Most users wait seconds; timeouts and retries pile up.',
  }),
  latency({
    name: 'HighAPILatencyP99',
    severity: 'warning',
    for: ALERT_TIMING.HighAPILatencyP99.for,
    quantile: '0.99',
    threshold: THRESHOLDS.HighAPILatencyP99,
    impact: 'The slowest requests wait long; some clients time out.',
  }),
]);
