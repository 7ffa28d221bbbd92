import { aggregate } from '../promql.js';
import { positive, ratio, splitCounterCase } from './helpers.js';
import { job } from './api-helpers.js';
import { above, below } from './test-values.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';

const FAILURES = ALERT_TIMING.WebhookDeliveryFailures;
const RETRIES = ALERT_TIMING.WebhookRetryStorm;

/** Webhook alerts: failed deliveries and retry storms. */
export const API_WEBHOOK_ALERTS = defineAlerts([
  {
    name: 'WebhookDeliveryFailures',
    component: 'api',
    severity: 'warning',
    for: FAILURES.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.WebhookDeliveryFailures, 'a ratio of failed webhook deliveries'),
    window: () => durationSeconds(FAILURES.window),
    expr: (
      c,
      t,
    ) => `${aggregate('webhook_sent_total', 'job, event', `rate(${c.metric('webhook_sent_total')}${c.selector('service', 'outcome="failure"')}[${FAILURES.window}])`)}
/
${aggregate('webhook_sent_total', 'job, event', `rate(${c.metric('webhook_sent_total')}${c.selector('service')}[${FAILURES.window}])`)}
> ${t}`,
    summary: (t) => `Webhooks ${t.label('event')} fail`,
    description: (t) =>
      `${t.value} of the ${t.label('event')} webhooks of ${t.label('job')} failed after all attempts over ${spelledWindow(FAILURES.window)} (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(c, {
        metric: c.metric('webhook_sent_total'),
        labels: c.labels('service', { event: 'job.completed' }),
        label: 'outcome',
        bad: 'failure',
        good: 'success',
        firingLabels: job(c, { event: 'job.completed' }),
      }),
    runbook: {
      meaning: 'Webhook deliveries fail even after retries.',
      impact: 'Customers do not learn that their jobs finished.',
      diagnosis: (c) => [
        [
          'Deliveries by outcome',
          aggregate(
            'webhook_sent_total',
            'event, outcome',
            `rate(${c.metric('webhook_sent_total')}${c.selector('service')}[${FAILURES.window}])`,
          ),
        ],
        [
          'p95 delivery time',
          `histogram_quantile(0.95, ${aggregate('webhook_duration_seconds_bucket', 'le, event', `rate(${c.metric('webhook_duration_seconds_bucket')}${c.selector('service')}[${FAILURES.window}])`)})`,
        ],
      ],
      mitigation: [
        'Check the logs for the failing endpoints; a single customer endpoint down is their problem, all failing points to our egress or DNS.',
      ],
    },
  },
  {
    name: 'WebhookRetryStorm',
    component: 'api',
    severity: 'warning',
    for: RETRIES.for,
    format: 'number',
    threshold: positive(THRESHOLDS.WebhookRetryStorm, 'retries per delivery'),
    window: () => durationSeconds(RETRIES.window),
    expr: (
      c,
      t,
    ) => `${aggregate('webhook_retries_total', 'job, event', `rate(${c.metric('webhook_retries_total')}${c.selector('service')}[${RETRIES.window}])`)}
/
${aggregate('webhook_sent_total', 'job, event', `rate(${c.metric('webhook_sent_total')}${c.selector('service')}[${RETRIES.window}])`)}
> ${t}`,
    summary: (t) => `Webhooks ${t.label('event')} are retried heavily`,
    description: (t) =>
      `Each ${t.label('event')} webhook of ${t.label('job')} took ${t.value} retries on average over ${spelledWindow(RETRIES.window)} (threshold ${t.threshold}).`,
    test: (c) => {
      const build = (retries: number) => [
        c.counter(c.metric('webhook_retries_total'), c.labels('service', { event: 'job.completed' }), retries),
        c.counter(
          c.metric('webhook_sent_total'),
          c.labels('service', { event: 'job.completed', outcome: 'success' }),
          1,
        ),
      ];
      const firing = above(c.threshold);
      return {
        fire: { series: build(firing), labels: job(c, { event: 'job.completed' }), value: firing },
        quiet: { series: build(below(c.threshold)) },
      };
    },
    runbook: {
      meaning: 'Webhook deliveries need many retries.',
      impact: 'Retries keep workers and connections busy; deliveries are late.',
      diagnosis: (c) => [
        [
          'Retries per second',
          aggregate(
            'webhook_retries_total',
            'event',
            `rate(${c.metric('webhook_retries_total')}${c.selector('service')}[${RETRIES.window}])`,
          ),
        ],
      ],
      mitigation: ['Find the slow or failing endpoints; lower the retry count or add backoff.'],
    },
  },
]);
