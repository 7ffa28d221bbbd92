import { deliverWebhook } from '@transcode-flow/observability/integrations';
import { getLogger, type Observability } from '@transcode-flow/observability';
import type { JobRecord, JobStore } from './job-store.js';

/** Settings of the completion webhook. */
export interface WebhookSettings {
  readonly timeoutMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
}

/** The body of a completion webhook. */
export interface JobWebhookPayload {
  readonly jobId: string;
  readonly status: JobRecord['status'];
  readonly outputs: JobRecord['outputs'];
  readonly error?: JobRecord['error'];
}

/**
 * Sends the completion webhook of a finished job to the URL given with it, through the SDK's
 * `deliverWebhook` (retries with backoff; `webhook_sent_total`, `webhook_duration_seconds`,
 * `webhook_retries_total`), and records the outcome on the job. Never throws: a failed
 * delivery is logged and kept on the job record.
 *
 * @param observability - The object from `createObservability()`.
 * @param store - The job store.
 * @param jobId - The finished job.
 * @param settings - Timeout, attempts and backoff.
 * @example
 * ```ts
 * await sendCompletionWebhook(observability, store, 'abc123', { timeoutMs: 5000, maxAttempts: 3, baseDelayMs: 500 });
 * ```
 */
export async function sendCompletionWebhook(
  observability: Observability,
  store: JobStore,
  jobId: string,
  settings: WebhookSettings,
): Promise<void> {
  const job = store.get(jobId);
  if (job?.webhook === undefined) return;
  const log = getLogger('transcode-service.webhooks');
  const payload: JobWebhookPayload = { jobId, status: job.status, outputs: job.outputs, error: job.error };
  try {
    const { status, attempts } = await deliverWebhook(observability, {
      url: job.webhook.url,
      event: `job.${job.status}`,
      payload,
      ...settings,
    });
    store.update(jobId, { webhook: { url: job.webhook.url, status: 'delivered', attempts } });
    log.info({ status, attempts }, 'completion webhook delivered');
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    store.update(jobId, { webhook: { url: job.webhook.url, status: 'failed', error: message } });
    log.warning({ err: error }, 'completion webhook failed');
  }
}
