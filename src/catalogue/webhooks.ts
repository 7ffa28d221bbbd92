import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

/** Webhook delivery metrics, recorded by the webhook delivery helper. */
export const webhookMetrics = {
  /** `webhook_sent_total`: Webhook deliveries finished, by event and outcome (success, failure) after all attempts. */
  webhookSentTotal: defineMetric({
    name: 'webhook_sent_total',
    type: 'counter',
    help: 'Webhook deliveries finished, by event and outcome (success, failure) after all attempts.',
    labelNames: ['event', 'outcome'],
    unit: 'requests',
    group: 'webhooks',
  }),
  /** `webhook_duration_seconds`: Duration of each webhook delivery attempt, by event and outcome. */
  webhookDurationSeconds: defineMetric({
    name: 'webhook_duration_seconds',
    type: 'histogram',
    help: 'Duration of each webhook delivery attempt, by event and outcome.',
    labelNames: ['event', 'outcome'],
    unit: 'seconds',
    buckets: BUCKETS.operation,
    group: 'webhooks',
  }),
  /** `webhook_retries_total`: Webhook delivery retries (attempts after the first), by event. */
  webhookRetriesTotal: defineMetric({
    name: 'webhook_retries_total',
    type: 'counter',
    help: 'Webhook delivery retries (attempts after the first), by event.',
    labelNames: ['event'],
    unit: 'requests',
    group: 'webhooks',
    reportName: 'webhook_retry_count',
    renameReason:
      'It counts retry attempts, so it is a counter, and counter names end in `_total`; `_count` is reserved for histogram and summary series.',
  }),
};
