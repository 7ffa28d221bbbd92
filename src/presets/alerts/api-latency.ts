import { bucketsOf, quantileCase, withinBuckets } from './helpers.js';
import { job, REQUEST } from './api-helpers.js';
import type { AlertDefinition, RuleContext } from './types.js';

const LATENCY = bucketsOf('apiRequestDurationSeconds');

/** Runbook queries for slow requests. */
export const latencyRunbook = (c: RuleContext) =>
  [
    ['p95 latency by route', `${c.r('job_route:api_request_duration_seconds:histogram_quantile')}{quantile="0.95"}`],
    ['Requests in flight', `sum by (route) (${c.m('api_requests_in_progress')}${c.s('service')})`],
    ['Event loop lag', `${c.m('nodejs_eventloop_lag_p99_seconds')}${c.s('service')}`],
  ] as const;

function latency(
  name: AlertDefinition['name'],
  severity: AlertDefinition['severity'],
  quantile: string,
  threshold: number,
  impact: string,
): AlertDefinition {
  const q = Number(quantile);
  const percent = `p${Math.round(q * 100)}`;
  return {
    name,
    component: 'api',
    severity,
    for: '5m',
    format: 'duration',
    threshold: withinBuckets(threshold, `seconds of ${percent} request latency`, LATENCY),
    expr: (c, t) =>
      `${c.r('job_route:api_request_duration_seconds:histogram_quantile')}{quantile="${quantile}"} > ${t}`,
    summary: (t) => `Route ${t.label('route')} is slow (${percent})`,
    description: (t) =>
      `The ${percent} latency of ${t.label('route')} on ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) =>
      quantileCase(
        c,
        c.m('api_request_duration_seconds'),
        c.labels('service', { ...REQUEST, status_code: '200' }),
        LATENCY,
        q,
        job(c, { route: REQUEST.route, quantile }),
      ),
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
export const API_LATENCY_ALERTS: readonly AlertDefinition[] = [
  latency('HighAPILatencyP95', 'warning', '0.95', 1, 'Users wait; clients may time out and retry.'),
  latency('CriticalAPILatencyP95', 'critical', '0.95', 2.5, 'Most users wait seconds; timeouts and retries pile up.'),
  latency('HighAPILatencyP99', 'warning', '0.99', 2.5, 'The slowest requests wait long; some clients time out.'),
];
