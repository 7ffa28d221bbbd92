import { ratio, splitCounterCase } from './helpers.js';
import { job, REQUEST } from './api-helpers.js';
import type { AlertDefinition, RuleContext } from './types.js';

const errorRunbook = (c: RuleContext) =>
  [
    ['5xx ratio by route', c.r('job_route:api_request_errors:ratio_rate5m')],
    [
      'Requests per second by route and status',
      `sum by (route, status_code) (rate(${c.m('api_requests_total')}${c.s('service')}[5m]))`,
    ],
  ] as const;

function errors(
  name: AlertDefinition['name'],
  severity: AlertDefinition['severity'],
  threshold: number,
  impact: string,
): AlertDefinition {
  return {
    name,
    component: 'api',
    severity,
    for: severity === 'critical' ? '2m' : '5m',
    format: 'percent',
    threshold: ratio(threshold, 'a ratio of 5xx responses to all responses'),
    expr: (c, t) => `${c.r('job:api_request_errors:ratio_rate5m')} > ${t}`,
    summary: (t) => `${t.label('job')} answers with server errors`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('job')} failed with a 5xx over 5 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(
        c,
        c.m('api_requests_total'),
        c.labels('service', REQUEST),
        'status_code',
        ['500', '200'],
        job(c),
      ),
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
export const API_ERROR_ALERTS: readonly AlertDefinition[] = [
  errors('HighAPIErrorRate', 'warning', 0.05, 'Some users get errors; clients retry and add load.'),
  errors('CriticalAPIErrorRate', 'critical', 0.2, 'Many users get errors: the API is effectively down for them.'),
  {
    name: 'APIEndpointDown',
    component: 'api',
    severity: 'critical',
    for: '2m',
    format: 'percent',
    threshold: ratio(1, 'a ratio of 5xx responses of one route', true),
    expr: (c, t) => `${c.r('job_route:api_request_errors:ratio_rate5m')} >= ${t}`,
    summary: (t) => `Route ${t.label('route')} fails every request`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('route')} on ${t.label('job')} failed with a 5xx over 5 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(
        c,
        c.m('api_requests_total'),
        c.labels('service', REQUEST),
        'status_code',
        ['503', '200'],
        job(c, { route: REQUEST.route }),
        true,
      ),
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
    for: '10m',
    format: 'percent',
    threshold: ratio(0.25, 'a ratio of 4xx responses to all responses'),
    expr: (c, t) => `${c.r('job:api_request_client_errors:ratio_rate5m')} > ${t}`,
    summary: (t) => `Many requests to ${t.label('job')} are refused`,
    description: (t) =>
      `${t.value} of the requests to ${t.label('job')} got a 4xx over 5 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(
        c,
        c.m('api_requests_total'),
        c.labels('service', REQUEST),
        'status_code',
        ['404', '200'],
        job(c),
      ),
    runbook: {
      meaning: 'Many requests are refused as client errors (bad input, auth, not found, rate limits).',
      impact: 'A client integration may be broken, or someone is probing the API.',
      diagnosis: errorRunbook,
      mitigation: [
        'Find the status codes and routes; a spike of 401/403 after a key rotation, 404 after a route change, 429 for a noisy key.',
      ],
    },
  },
];
