import { durationSeconds, invalidPresetConfig } from '../config-validation.js';
import { seriesText } from '../context.js';
import {
  bucketsOf,
  gaugeCase,
  increaseCase,
  positive,
  quantileCase,
  rateCase,
  ratio,
  splitCounterCase,
  withinBuckets,
} from './helpers.js';
import { above, below } from './test-values.js';
import type { AlertDefinition, RuleContext, TestContext } from './types.js';

const REQUEST = { method: 'GET', route: '/jobs/:jobId' };
const LATENCY = bucketsOf('apiRequestDurationSeconds');
const STORAGE = bucketsOf('storageOperationDurationSeconds');
const TRANSCODE = bucketsOf('videoTranscodeDurationSeconds');
const TRANSCRIPTION = bucketsOf('transcriptionDurationSeconds');
const job = (c: TestContext, extra: Record<string, string> = {}) => ({ job: c.config.jobs.service, ...extra });

const errorRunbook = (c: RuleContext) =>
  [
    ['5xx ratio by route', c.r('job_route:api_request_errors:ratio_rate5m')],
    [
      'Requests per second by route and status',
      `sum by (route, status_code) (rate(${c.m('api_requests_total')}${c.s('service')}[5m]))`,
    ],
  ] as const;

const latencyRunbook = (c: RuleContext) =>
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

function quantileAlert(
  name: AlertDefinition['name'],
  component: AlertDefinition['component'],
  threshold: number,
  buckets: readonly number[],
  metric: string,
  window: string,
  by: string,
  labels: Record<string, string>,
  text: { what: string; meaning: string; impact: string; mitigation: string[] },
): AlertDefinition {
  const byLabel = by.split(', ').at(-1)!;
  return {
    name,
    component,
    severity: 'warning',
    for: '15m',
    format: 'duration',
    threshold: withinBuckets(threshold, `seconds of p95 ${text.what}`, buckets),
    window: () => Number(window.replace('m', '')) * 60,
    expr: (c, t) =>
      `histogram_quantile(0.95, sum by (${by}, le) (rate(${c.m(`${metric}_bucket`)}${c.s('service')}[${window}]))) > ${t}`,
    summary: (t) => `${text.what} is slow for ${t.label(byLabel)}`,
    description: (t) =>
      `The p95 ${text.what} for ${byLabel} ${t.label(byLabel)} on ${t.label('job')} is ${t.value} (threshold ${t.threshold}).`,
    test: (c) => {
      const firing = Object.fromEntries(
        by.split(', ').map((label) => [label, label === 'job' ? c.config.jobs.service : labels[label]!]),
      );
      return quantileCase(c, c.m(metric), c.labels('service', labels), buckets, 0.95, firing);
    },
    runbook: {
      meaning: text.meaning,
      impact: text.impact,
      diagnosis: (c) => [
        [
          `p95 ${text.what}`,
          `histogram_quantile(0.95, sum by (${by}, le) (rate(${c.m(`${metric}_bucket`)}${c.s('service')}[${window}])))`,
        ],
      ],
      mitigation: text.mitigation,
    },
  };
}

/** The report's 18 API alerts (plus the storage quota alert). */
export const API_ALERTS: readonly AlertDefinition[] = [
  errors('HighAPIErrorRate', 'warning', 0.05, 'Some users get errors; clients retry and add load.'),
  errors('CriticalAPIErrorRate', 'critical', 0.2, 'Many users get errors: the API is effectively down for them.'),
  latency('HighAPILatencyP95', 'warning', '0.95', 1, 'Users wait; clients may time out and retry.'),
  latency('CriticalAPILatencyP95', 'critical', '0.95', 2.5, 'Most users wait seconds; timeouts and retries pile up.'),
  latency('HighAPILatencyP99', 'warning', '0.99', 2.5, 'The slowest requests wait long; some clients time out.'),
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
  {
    name: 'HighRequestRateSpike',
    component: 'api',
    severity: 'warning',
    for: '5m',
    format: 'number',
    threshold: positive(3, 'times the request rate of the hour before'),
    window: () => 7200,
    expr: (c, t) => `sum by (job) (rate(${c.m('api_requests_total')}${c.s('service')}[5m]))
/
sum by (job) (rate(${c.m('api_requests_total')}${c.s('service')}[1h] offset 1h))
> ${t}`,
    summary: (t) => `Request rate to ${t.label('job')} spiked`,
    description: (t) =>
      `${t.label('job')} receives ${t.value} times the request rate of an hour earlier (threshold ${t.threshold}).`,
    test: (c) => {
      const name = seriesText(c.m('api_requests_total'), c.labels('service', { ...REQUEST, status_code: '200' }));
      const spike = Math.floor(c.threshold) + 2;
      const forMinutes = Math.ceil(durationSeconds(c.config.alerts.HighRequestRateSpike.for) / 60);
      if (forMinutes > 50) {
        throw invalidPresetConfig(
          'alerts.HighRequestRateSpike.for',
          `is ${c.config.alerts.HighRequestRateSpike.for}`,
          'at most 50m, since the spike is measured against the hour before',
        );
      }
      // The spike starts so that the last 5 minutes see it and the hour an hour earlier does not.
      const start = c.minutes - 7 - forMinutes;
      const baseline = `0+60x${start}`;
      return {
        fire: {
          series: [
            { series: name, values: `${baseline} ${60 * start + 60 * spike}+${60 * spike}x${c.minutes - start - 1}` },
          ],
          labels: job(c),
          value: spike,
        },
        quiet: { series: [{ series: name, values: `0+60x${c.minutes}` }] },
      };
    },
    runbook: {
      meaning: 'Traffic rose sharply compared with an hour earlier.',
      impact: 'Latency and errors may follow; the queue may back up.',
      diagnosis: (c) => [
        ['Requests per second by route', `sum by (route) (rate(${c.m('api_requests_total')}${c.s('service')}[5m]))`],
        [
          'Requests per API key prefix',
          `topk(10, sum by (key_prefix) (rate(${c.m('api_key_requests_total')}${c.s('service')}[5m])))`,
        ],
      ],
      mitigation: ['Find the source (one key, one route); rate-limit it or scale out.'],
    },
  },
  {
    name: 'TooManyInProgressRequests',
    component: 'api',
    severity: 'warning',
    for: '5m',
    format: 'number',
    threshold: positive(100, 'requests in flight', true),
    expr: (c, t) => `sum by (job) (${c.m('api_requests_in_progress')}${c.s('service')}) > ${t}`,
    summary: (t) => `${t.label('job')} has many requests in flight`,
    description: (t) => `${t.value} requests are in flight on ${t.label('job')} (threshold ${t.threshold}).`,
    test: (c) => gaugeCase(c, c.m('api_requests_in_progress'), c.labels('service', REQUEST), job(c), { integer: true }),
    runbook: {
      meaning: 'Many requests are being served at once: they arrive faster than they finish.',
      impact: 'Memory and latency rise; the process may fall over.',
      diagnosis: latencyRunbook,
      mitigation: ['Find the slow route holding requests (uploads, downloads); add instances.'],
    },
  },
  {
    name: 'APIRateLimitExceeded',
    component: 'api',
    severity: 'info',
    for: '5m',
    format: 'number',
    threshold: positive(1, 'rate-limited requests per second for one key'),
    expr: (c, t) =>
      `sum by (job, key_prefix) (rate(${c.m('api_key_rate_limit_exceeded_total')}${c.s('service')}[5m])) > ${t}`,
    summary: (t) => `API key ${t.label('key_prefix')}… hits its rate limit`,
    description: (t) =>
      `Key ${t.label('key_prefix')}… is refused ${t.value} requests per second by the rate limit (threshold ${t.threshold}).`,
    test: (c) =>
      rateCase(
        c,
        c.m('api_key_rate_limit_exceeded_total'),
        c.labels('service', { key_prefix: 'tf_live_' }),
        job(c, { key_prefix: 'tf_live_' }),
      ),
    runbook: {
      meaning: 'One API key keeps hitting its rate limit.',
      impact: 'That client’s requests are refused; nobody else is affected.',
      diagnosis: (c) => [
        [
          'Refusals by key prefix',
          `sum by (key_prefix) (rate(${c.m('api_key_rate_limit_exceeded_total')}${c.s('service')}[5m]))`,
        ],
      ],
      mitigation: ['Contact the key’s owner, or raise its limit if the traffic is legitimate.'],
    },
  },
  {
    name: 'APIQuotaExceededFrequently',
    component: 'api',
    severity: 'info',
    for: '15m',
    format: 'number',
    threshold: positive(10, 'quota refusals for one key within an hour'),
    window: () => 3600,
    expr: (c, t) =>
      `sum by (job, key_prefix) (increase(${c.m('api_key_quota_exceeded_total')}${c.s('service')}[1h])) > ${t}`,
    summary: (t) => `API key ${t.label('key_prefix')}… keeps exceeding its quota`,
    description: (t) =>
      `Key ${t.label('key_prefix')}… was refused ${t.value} requests for its quota in the last hour (threshold ${t.threshold}).`,
    test: (c) =>
      increaseCase(
        c,
        c.m('api_key_quota_exceeded_total'),
        c.labels('service', { key_prefix: 'tf_live_' }),
        3600,
        job(c, { key_prefix: 'tf_live_' }),
      ),
    runbook: {
      meaning: 'One API key keeps running into its quota.',
      impact: 'That client cannot submit more work.',
      diagnosis: (c) => [
        [
          'Quota refusals by key prefix',
          `sum by (key_prefix) (increase(${c.m('api_key_quota_exceeded_total')}${c.s('service')}[1h]))`,
        ],
      ],
      mitigation: ['Tell the customer, or raise the quota.'],
    },
  },
  {
    name: 'WebhookDeliveryFailures',
    component: 'api',
    severity: 'warning',
    for: '10m',
    format: 'percent',
    threshold: ratio(0.1, 'a ratio of failed webhook deliveries'),
    window: () => 600,
    expr: (c, t) => `sum by (job, event) (rate(${c.m('webhook_sent_total')}${c.s('service', 'outcome="failure"')}[10m]))
/
sum by (job, event) (rate(${c.m('webhook_sent_total')}${c.s('service')}[10m]))
> ${t}`,
    summary: (t) => `Webhooks ${t.label('event')} fail`,
    description: (t) =>
      `${t.value} of the ${t.label('event')} webhooks of ${t.label('job')} failed after all attempts over 10 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(
        c,
        c.m('webhook_sent_total'),
        c.labels('service', { event: 'job.completed' }),
        'outcome',
        ['failure', 'success'],
        job(c, { event: 'job.completed' }),
      ),
    runbook: {
      meaning: 'Webhook deliveries fail even after retries.',
      impact: 'Customers do not learn that their jobs finished.',
      diagnosis: (c) => [
        ['Deliveries by outcome', `sum by (event, outcome) (rate(${c.m('webhook_sent_total')}${c.s('service')}[10m]))`],
        [
          'p95 delivery time',
          `histogram_quantile(0.95, sum by (le, event) (rate(${c.m('webhook_duration_seconds_bucket')}${c.s('service')}[10m])))`,
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
    for: '10m',
    format: 'number',
    threshold: positive(1, 'retries per delivery'),
    window: () => 600,
    expr: (c, t) => `sum by (job, event) (rate(${c.m('webhook_retries_total')}${c.s('service')}[10m]))
/
sum by (job, event) (rate(${c.m('webhook_sent_total')}${c.s('service')}[10m]))
> ${t}`,
    summary: (t) => `Webhooks ${t.label('event')} are retried heavily`,
    description: (t) =>
      `Each ${t.label('event')} webhook of ${t.label('job')} took ${t.value} retries on average over 10 minutes (threshold ${t.threshold}).`,
    test: (c) => {
      const build = (retries: number) => [
        c.counter(c.m('webhook_retries_total'), c.labels('service', { event: 'job.completed' }), retries),
        c.counter(c.m('webhook_sent_total'), c.labels('service', { event: 'job.completed', outcome: 'success' }), 1),
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
        ['Retries per second', `sum by (event) (rate(${c.m('webhook_retries_total')}${c.s('service')}[10m]))`],
      ],
      mitigation: ['Find the slow or failing endpoints; lower the retry count or add backoff.'],
    },
  },
  quantileAlert(
    'StorageOperationsSlow',
    'storage',
    5,
    STORAGE,
    'storage_operation_duration_seconds',
    '5m',
    'job, operation, backend',
    { operation: 'write', backend: 's3' },
    {
      what: 'storage operation time',
      meaning: 'Storage reads or writes are slow.',
      impact: 'Uploads, downloads and transcodes slow down.',
      mitigation: ['Check the storage backend (MinIO, S3) and the network to it; look for large files or throttling.'],
    },
  ),
  {
    name: 'CacheMissRateHigh',
    component: 'api',
    severity: 'warning',
    for: '15m',
    format: 'percent',
    threshold: ratio(0.5, 'a ratio of misses to lookups'),
    window: () => 600,
    expr: (
      c,
      t,
    ) => `sum by (job, cache) (rate(${c.m('cache_operations_total')}${c.s('service', 'operation="miss"')}[10m]))
/
sum by (job, cache) (rate(${c.m('cache_operations_total')}${c.s('service', 'operation=~"hit|miss"')}[10m]))
> ${t}`,
    summary: (t) => `Cache ${t.label('cache')} misses often`,
    description: (t) =>
      `${t.value} of the lookups in cache ${t.label('cache')} of ${t.label('job')} missed over 10 minutes (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(
        c,
        c.m('cache_operations_total'),
        c.labels('service', { cache: 'renditions' }),
        'operation',
        ['miss', 'hit'],
        job(c, { cache: 'renditions' }),
      ),
    runbook: {
      meaning: 'Most cache lookups miss.',
      impact: 'More load reaches the database and storage; latency rises.',
      diagnosis: (c) => [
        [
          'Operations by type',
          `sum by (cache, operation) (rate(${c.m('cache_operations_total')}${c.s('service')}[10m]))`,
        ],
      ],
      mitigation: ['Check whether the cache was flushed or restarted (RedisDown), or whether keys expire too soon.'],
    },
  },
  quantileAlert(
    'VideoTranscodingTooLong',
    'jobs',
    1800,
    TRANSCODE,
    'video_transcode_duration_seconds',
    '30m',
    'job, resolution',
    { resolution: '720p', codec: 'h264', preset: 'medium' },
    {
      what: 'transcode time',
      meaning: 'Transcodes of one resolution take long.',
      impact: 'Jobs finish late; workers stay busy and the queue grows.',
      mitigation: [
        'Compare with the source durations (longer videos take longer); check worker CPU; use a faster preset.',
      ],
    },
  ),
  quantileAlert(
    'TranscriptionServiceSlow',
    'jobs',
    600,
    TRANSCRIPTION,
    'transcription_duration_seconds',
    '15m',
    'job, model',
    { model: 'whisper-base' },
    {
      what: 'transcription time',
      meaning: 'Speech-to-text transcriptions take long.',
      impact: 'Jobs with transcripts finish late.',
      mitigation: ['Check the transcription service or GPU; use a smaller model for long sources.'],
    },
  ),
  {
    name: 'StorageQuotaNearlyFull',
    component: 'storage',
    severity: 'warning',
    for: '15m',
    format: 'percent',
    threshold: ratio(0.9, 'a ratio of used bytes to the quota'),
    expr: (c, t) =>
      `sum by (job, backend) (${c.m('storage_used_bytes')}${c.s('service')}) / sum by (job, backend) (${c.m('storage_quota_bytes')}${c.s('service')}) > ${t}`,
    summary: (t) => `Storage ${t.label('backend')} is nearly full`,
    description: (t) =>
      `${t.value} of the quota of storage ${t.label('backend')} used by ${t.label('job')} is used (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { backend: 's3' });
      const build = (used: number) => [
        c.gauge(c.m('storage_used_bytes'), labels, 2 ** 40 * used),
        c.gauge(c.m('storage_quota_bytes'), labels, 2 ** 40),
      ];
      const firing = above(c.threshold, 1);
      return {
        fire: { series: build(firing), labels: job(c, { backend: 's3' }), value: firing },
        quiet: { series: build(below(c.threshold)) },
      };
    },
    runbook: {
      meaning: 'The storage backend is close to its quota.',
      impact: 'Uploads and renditions will fail to write once it is full.',
      diagnosis: (c) => [
        [
          'Used over quota',
          `sum by (backend) (${c.m('storage_used_bytes')}${c.s('service')}) / sum by (backend) (${c.m('storage_quota_bytes')}${c.s('service')})`,
        ],
      ],
      mitigation: ['Delete expired renditions; raise the quota.'],
    },
  },
];
