import type { Observability } from '../core/observability.js';
import { invalidOption, ObservabilityError } from '../core/errors.js';
import { durationMs, positiveInteger } from '../core/option-checks.js';
import { errorReason } from './time-operation.js';

/** What a webhook delivery sends and how hard it tries. */
export interface WebhookDeliveryOptions {
  /** Receiver URL. Only its origin and path appear in error messages, never its query. */
  url: string | URL;
  /** The `event` label (`job.completed`, …); keep it to a bounded set of names. */
  event: string;
  /** Body: a string or bytes as they are, anything else as JSON. Default: no body. */
  payload?: unknown;
  /** Extra request headers (e.g. a signature). `content-type: application/json` is added for JSON bodies. Default: none. */
  headers?: Record<string, string>;
  /** HTTP method. Default: `'POST'`. */
  method?: string;
  /** How long one attempt may take, headers and body included, in ms. Default: `10000`. */
  timeoutMs?: number;
  /** Attempts in all, the first included (the retry cap is `maxAttempts - 1`). Default: `5`. */
  maxAttempts?: number;
  /** Backoff before the first retry, in ms; doubles for each later retry. Default: `500`. */
  baseDelayMs?: number;
  /** Longest backoff between two attempts, in ms (also caps a `Retry-After`). Default: `30000`. */
  maxDelayMs?: number;
  /** Aborts the whole delivery, including a backoff in progress. Default: none. */
  signal?: AbortSignal;
  /** The `fetch` to use. Default: the global `fetch`. */
  fetch?: typeof fetch;
}

/** A delivery that a receiver accepted. */
export interface WebhookDeliveryResult {
  /** HTTP status of the accepted attempt (2xx). */
  readonly status: number;
  /** Attempts made, the accepted one included. */
  readonly attempts: number;
}

type Attempt =
  | { ok: true; status: number }
  | { ok: false; retryable: boolean; problem: string; retryAfterMs?: number; cause?: unknown };

const RETRYABLE_STATUS = new Set([408, 425, 429, 500, 502, 503, 504]);

/** The receiver as it may appear in a message: origin and path, never credentials or query. */
function describeUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}

function encodeBody(payload: unknown, headers: Record<string, string>): string | Uint8Array | undefined {
  if (payload === undefined) return undefined;
  if (typeof payload === 'string' || payload instanceof Uint8Array) return payload;
  if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type')) {
    headers['content-type'] = 'application/json';
  }
  return JSON.stringify(payload);
}

function retryAfterMs(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/** Exponential backoff with equal jitter: half the step fixed, half random, capped. */
function backoffMs(retry: number, baseDelayMs: number, maxDelayMs: number): number {
  const step = Math.min(maxDelayMs, baseDelayMs * 2 ** (retry - 1));
  return step / 2 + Math.random() * (step / 2);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Delivers one webhook with `fetch`: each attempt has a timeout; network errors, timeouts
 * and 408/425/429/5xx answers are retried with exponential backoff and jitter (honouring
 * `Retry-After`, capped by `maxDelayMs`) up to `maxAttempts`; other 4xx answers are final.
 * Records `webhook_duration_seconds{event,outcome}` per attempt, `webhook_retries_total{event}`
 * per retry and `webhook_sent_total{event,outcome}` once at the end.
 *
 * @param observability - The object from `createObservability()`.
 * @param options - See {@link WebhookDeliveryOptions}.
 * @returns The accepted attempt's status and the number of attempts.
 * @throws ObservabilityError `TFO_ERR_WEBHOOK_DELIVERY_FAILED` when every attempt failed or
 * an answer was not retryable (the last failure is its `cause`); `TFO_ERR_INVALID_OPTION`
 * for a bad option; the signal's reason when `signal` aborts.
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * import { deliverWebhook } from '@transcode-flow/observability/integrations';
 *
 * const observability = createObservability({ groups: ['webhooks'] });
 * const { status, attempts } = await deliverWebhook(observability, {
 *   url: 'https://example.com/hooks/transcode',
 *   event: 'job.completed',
 *   payload: { jobId: 'abc123', status: 'completed' },
 *   timeoutMs: 5000,
 *   maxAttempts: 4,
 * });
 * ```
 */
export async function deliverWebhook(
  observability: Pick<Observability, 'metrics'>,
  options: WebhookDeliveryOptions,
): Promise<WebhookDeliveryResult> {
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    throw invalidOption('url', 'is not an absolute URL', 'an http(s) URL such as https://example.com/hooks');
  }
  // Each duration is a timer's: above 2^31-1 ms Node would fire it at once.
  const timeoutMs = durationMs('timeoutMs', options.timeoutMs, 10_000);
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts, 5);
  const baseDelayMs = durationMs('baseDelayMs', options.baseDelayMs, 500, 0);
  const maxDelayMs = durationMs('maxDelayMs', options.maxDelayMs, 30_000, 0);
  const doFetch = options.fetch ?? fetch;
  const headers = { ...options.headers };
  const body = encodeBody(options.payload, headers);
  const { metrics } = observability;
  const event = options.event;

  const attempt = async (): Promise<Attempt> => {
    const signal = options.signal
      ? AbortSignal.any([options.signal, AbortSignal.timeout(timeoutMs)])
      : AbortSignal.timeout(timeoutMs);
    const start = process.hrtime.bigint();
    const record = (ok: boolean): void =>
      metrics.webhookDurationSeconds.observe(
        { event, outcome: ok ? 'success' : 'failure' },
        Number(process.hrtime.bigint() - start) / 1e9,
      );
    try {
      const response = await doFetch(url, { method: options.method ?? 'POST', headers, body, signal });
      await response.arrayBuffer();
      record(response.ok);
      if (response.ok) return { ok: true, status: response.status };
      return {
        ok: false,
        retryable: RETRYABLE_STATUS.has(response.status),
        problem: `answered ${response.status}`,
        retryAfterMs: retryAfterMs(response),
      };
    } catch (error) {
      record(false);
      if (options.signal?.aborted) throw options.signal.reason;
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        ok: false,
        retryable: true,
        problem: timedOut
          ? `timed out after ${timeoutMs} ms`
          : `failed (${errorReason((error as Error).cause ?? error)})`,
        cause: error,
      };
    }
  };

  let n = 1;
  let last = await attempt();
  while (!last.ok && last.retryable && n < maxAttempts) {
    metrics.webhookRetriesTotal.inc({ event });
    await sleep(Math.min(maxDelayMs, last.retryAfterMs ?? backoffMs(n, baseDelayMs, maxDelayMs)), options.signal);
    n++;
    last = await attempt();
  }
  metrics.webhookSentTotal.inc({ event, outcome: last.ok ? 'success' : 'failure' });
  if (last.ok) return { status: last.status, attempts: n };
  const where = `webhook ${event} to ${describeUrl(url)} ${last.problem}`;
  throw new ObservabilityError(
    'TFO_ERR_WEBHOOK_DELIVERY_FAILED',
    last.retryable
      ? `${where} on the last of ${maxAttempts} attempts; expected a 2xx answer. Check that the receiver is up and answers within timeoutMs (${timeoutMs} ms), or raise timeoutMs or maxAttempts.`
      : `${where} on attempt ${n}, an answer that is not retried; expected a 2xx answer. Check the URL, headers and payload the receiver expects.`,
    'url',
    last.cause === undefined ? undefined : { cause: last.cause },
  );
}
