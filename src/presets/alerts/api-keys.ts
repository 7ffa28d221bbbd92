import { aggregate } from '../promql.js';
import { increaseCase, positive, rateCase } from './helpers.js';
import { job } from './api-helpers.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { lastWindow, spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';

const RATE_LIMIT = ALERT_TIMING.APIRateLimitExceeded;
const QUOTA = ALERT_TIMING.APIQuotaExceededFrequently;

/** API key alerts: rate limits and quotas hit by one key. */
export const API_KEY_ALERTS = defineAlerts([
  {
    name: 'APIRateLimitExceeded',
    component: 'api',
    severity: 'info',
    for: RATE_LIMIT.for,
    format: 'number',
    threshold: positive(THRESHOLDS.APIRateLimitExceeded, 'rate-limited requests per second for one key'),
    expr: (c, t) =>
      `${aggregate('api_key_rate_limit_exceeded_total', 'job, key_prefix', `rate(${c.metric('api_key_rate_limit_exceeded_total')}${c.selector('service')}[${RATE_LIMIT.window}])`)} > ${t}`,
    summary: (t) => `API key ${t.label('key_prefix')}… hits its rate limit`,
    description: (t) =>
      `Key ${t.label('key_prefix')}… is refused ${t.value} requests per second by the rate limit (threshold ${t.threshold}).`,
    test: (c) =>
      rateCase(c, {
        metric: c.metric('api_key_rate_limit_exceeded_total'),
        labels: c.labels('service', { key_prefix: 'tf_live_' }),
        firingLabels: job(c, { key_prefix: 'tf_live_' }),
      }),
    runbook: {
      meaning: 'One API key keeps hitting its rate limit.',
      impact: 'That client’s requests are refused; nobody else is affected.',
      diagnosis: (c) => [
        [
          'Refusals by key prefix',
          aggregate(
            'api_key_rate_limit_exceeded_total',
            'key_prefix',
            `rate(${c.metric('api_key_rate_limit_exceeded_total')}${c.selector('service')}[${RATE_LIMIT.window}])`,
          ),
        ],
      ],
      mitigation: ['Contact the key’s owner, or raise its limit if the traffic is legitimate.'],
    },
  },
  {
    name: 'APIQuotaExceededFrequently',
    component: 'api',
    severity: 'info',
    for: QUOTA.for,
    format: 'number',
    threshold: positive(
      THRESHOLDS.APIQuotaExceededFrequently,
      `quota refusals for one key within ${spelledWindow(QUOTA.window)}`,
    ),
    window: () => durationSeconds(QUOTA.window),
    expr: (c, t) =>
      `${aggregate('api_key_quota_exceeded_total', 'job, key_prefix', `increase(${c.metric('api_key_quota_exceeded_total')}${c.selector('service')}[${QUOTA.window}])`)} > ${t}`,
    summary: (t) => `API key ${t.label('key_prefix')}… keeps exceeding its quota`,
    description: (t) =>
      `Key ${t.label('key_prefix')}… was refused ${t.value} requests for its quota in ${lastWindow(QUOTA.window)} (threshold ${t.threshold}).`,
    test: (c) =>
      increaseCase(c, {
        metric: c.metric('api_key_quota_exceeded_total'),
        labels: c.labels('service', { key_prefix: 'tf_live_' }),
        windowSeconds: durationSeconds(QUOTA.window),
        firingLabels: job(c, { key_prefix: 'tf_live_' }),
      }),
    runbook: {
      meaning: 'One API key keeps running into its quota.',
      impact: 'That client cannot submit more work.',
      diagnosis: (c) => [
        [
          'Quota refusals by key prefix',
          aggregate(
            'api_key_quota_exceeded_total',
            'key_prefix',
            `increase(${c.metric('api_key_quota_exceeded_total')}${c.selector('service')}[${QUOTA.window}])`,
          ),
        ],
      ],
      mitigation: ['Tell the customer, or raise the quota.'],
    },
  },
]);
