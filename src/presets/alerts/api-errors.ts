import { aggregate } from '../promql.js';
import { ratio, splitCounterCase } from './helpers.js';
import { job, REQUEST } from './api-helpers.js';
import { ALERT_TIMING, DIAGNOSIS_WINDOW, RATE_WINDOW, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';
import type { AlertDefinition, RuleContext, Severity } from './types.js';

const errorRunbook = (c: RuleContext) =>
  [
    ['5xx ratio by route', c.recorded('job_route:api_request_errors:ratio_rate5m')],
    [
      'Requests per second by route and status',
      aggregate(
        'api_requests_total',
        'route, status_code',
        `rate(${c.metric('api_requests_total')}${c.selector('service')}[${DIAGNOSIS_WINDOW}])`,
      ),
    ],
  ] as const;

/** A service-wide 5xx ratio alert: a warning and a critical one share everything else. */
function errors<const N extends string>(spec: {
  readonly name: N;
  readonly severity: Severity;
  /** The default `for` (`ALERT_TIMING`): critical waits less than warning. */
  readonly for: string;
  /** The default ratio of 5xx responses. */
  readonly threshold: number;
  /** What it costs the users, for the runbook. */
  readonly impact: string;
}): AlertDefinition<N> {
  const { name, severity, threshold, impact } = spec;
  return {
    name,
    component: 'api',
    severity,
    for: spec.for,
    format: 'percent',
    threshold: ratio(threshold, 'a ratio of 5xx responses to all responses'),
    expr: (c, t) => `${c.recorded('job:api_request_errors:ratio_rate5m')} > ${t}`,
    summary: (t) => `${t.label('job')} answers with server errors`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('job')} failed with a 5xx over ${spelledWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(c, {
        metric: c.metric('api_requests_total'),
        labels: c.labels('service', REQUEST),
        label: 'status_code',
        bad: '500',
        good: '200',
        firingLabels: job(c),
      }),
    runbook: {
      meaning: 'A share of the API requests fail with a server error.',
      impact,
      diagnosis: errorRunbook,
      mitigation: [
        'Read the error logs of the failing routes; roll back a recent deploy; check the dependencies with /health/detailed.',
      ],
    },
  };
}

/** API error alerts: 5xx ratios of the service and of one route, and 4xx ratios. */
export const API_ERROR_ALERTS = defineAlerts([
  errors({
    name: 'HighAPIErrorRate',
    severity: 'warning',
    for: ALERT_TIMING.HighAPIErrorRate.for,
    threshold: THRESHOLDS.HighAPIErrorRate,
    impact: 'Some users get errors; clients retry and add load.',
  }),
  errors({
    name: 'CriticalAPIErrorRate',
    severity: 'critical',
    for: ALERT_TIMING.CriticalAPIErrorRate.for,
    threshold: THRESHOLDS.CriticalAPIErrorRate,
    impact: 'Many users get errors: the API is effectively down for them.',
  }),
  {
    name: 'APIEndpointDown',
    component: 'api',
    severity: 'critical',
    for: ALERT_TIMING.APIEndpointDown.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.APIEndpointDown, 'a ratio of 5xx responses of one route', true),
    expr: (c, t) => `${c.recorded('job_route:api_request_errors:ratio_rate5m')} >= ${t}`,
    summary: (t) => `Route ${t.label('route')} fails every request`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('route')} on ${t.label('job')} failed with a 5xx over ${spelledWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(c, {
        metric: c.metric('api_requests_total'),
        labels: c.labels('service', REQUEST),
        label: 'status_code',
        bad: '503',
        good: '200',
        firingLabels: job(c, { route: REQUEST.route }),
        inclusive: true,
      }),
    runbook: {
      meaning: 'One route answers (almost) only with server errors.',
      impact: 'That feature is down for every user.',
      diagnosis: errorRunbook,
      mitigation: [
        'Read the logs of that route; check the dependency it needs (storage for downloads, the queue for job submission).',
      ],
    },
  },
  {
    name: 'High4xxErrorRate',
    component: 'api',
    severity: 'warning',
    for: ALERT_TIMING.High4xxErrorRate.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.High4xxErrorRate, 'a ratio of 4xx responses to all responses'),
    expr: (c, t) => `${c.recorded('job:api_request_client_errors:ratio_rate5m')} > ${t}`,
    summary: (t) => `Many requests to ${t.label('job')} are refused`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('job')} got a 4xx over ${spelledWindow(RATE_WINDOW)} (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(c, {
        metric: c.metric('api_requests_total'),
        labels: c.labels('service', REQUEST),
        label: 'status_code',
        bad: '404',
        good: '200',
        firingLabels: job(c),
      }),
    runbook: {
      meaning: 'Many requests are refused as client errors (bad input, auth, not found, rate limits).',
      impact: 'A client integration may be broken, or someone is probing the API.',
      diagnosis: errorRunbook,
      mitigation: [
        'Find the status codes and routes; a spike of 401/403 after a key rotation, 404 after a route change, 429 for a noisy key.',
      ],
    },
  },
]);
