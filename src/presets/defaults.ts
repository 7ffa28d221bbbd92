/**
 * Every default of the monitoring presets, in one place, the way kubernetes-mixin keeps its
 * `config.libsonnet`: the scrape targets' job names and addresses, the intervals, the rate
 * windows and quantiles of the recording rules, the service level objectives, the threshold of
 * every alert, and every alert's timing (its `for` and the look-back windows of its expression),
 * plus the fixed windows of the runbook queries and dashboard panels. The alert, rule and
 * dashboard declarations only fill these in, and a user's preset config overrides the
 * thresholds, `for`s and the rest it exposes (see `docs/presets.md`).
 */
import type { ReceiverKey, ScrapeTarget } from './config/preset-config.js';

/** The job label of each scrape target; every selector matches on it. */
export const DEFAULT_JOBS: Readonly<Record<ScrapeTarget, string>> = {
  service: 'transcode-flow',
  scheduler: 'transcode-flow-scheduler',
  node: 'node',
  cadvisor: 'cadvisor',
  postgres: 'postgresql',
  redis: 'redis',
  minio: 'minio',
};

/** The `host:port` of each scrape target: the service names of the rendered docker-compose. */
export const DEFAULT_TARGETS: Readonly<Record<ScrapeTarget, readonly string[]>> = {
  service: ['app:3000'],
  scheduler: ['scheduler:3001'],
  node: ['node-exporter:9100'],
  cadvisor: ['cadvisor:8080'],
  postgres: ['postgres-exporter:9187'],
  redis: ['redis-exporter:9121'],
  minio: ['minio:9000'],
};

/** Extra label matchers on every selector (none: the job label alone tells the targets apart). */
export const DEFAULT_SELECTOR: Readonly<Record<string, string>> = {};

/** Prometheus settings: how often it scrapes and evaluates, and what it stamps on what it sends. */
export const DEFAULT_PROMETHEUS = {
  /** The path the service serves its metrics on. */
  metricsPath: '/metrics',
  /** How often the service is scraped. */
  scrapeInterval: '15s',
  /** How often rules and alerts are evaluated. */
  evaluationInterval: '30s',
  /** Labels on everything Prometheus sends out (remote write, federation, alerts). */
  externalLabels: { cluster: 'transcode-flow', environment: 'production' },
} as const;

/**
 * The window of every `rate()` in the recording rules. The recorded names carry it
 * (`job:api_requests:rate5m`), so a change here renames them too.
 */
export const RATE_WINDOW = '5m';

/** The quantiles the recording rules record for each duration histogram. */
export const RECORDED_QUANTILES: readonly string[] = ['0.5', '0.95', '0.99'];

/** The windows the SLO error ratios are recorded over (the burn-rate alerts pair them). */
export const SLO_WINDOWS: readonly string[] = ['5m', '30m', '1h', '6h'];

/** The service level objectives the burn-rate alerts and SLO rules are built from. */
export const DEFAULT_SLO = {
  /** Share of requests that must not fail with a 5xx. */
  availability: 0.995,
  /** Share of requests that must finish within `latencyThresholdSeconds`. */
  latency: 0.99,
  /** The latency objective's bound: a bucket bound of `api_request_duration_seconds`. */
  latencyThresholdSeconds: 0.5,
} as const;

/** Where each alert's runbook lives; `{alertname}` is replaced. */
export const DEFAULT_RUNBOOK_URL =
  'https://github.com/transcode-flow/observability/blob/main/docs/runbooks/{alertname}.md';

/** The Slack channel of each Alertmanager receiver. */
export const DEFAULT_SLACK_CHANNELS: Readonly<Record<ReceiverKey, string>> = {
  default: '#alerts',
  critical: '#alerts-critical',
  warning: '#alerts',
  info: '#alerts-info',
  jobs: '#team-jobs',
  database: '#team-database',
  storage: '#team-storage',
  api: '#team-api',
};

/**
 * The default threshold of every alert that has one, by alert name, in the order of the rule
 * files. Each comment says what the number measures; the alert's runbook says why.
 */
export const THRESHOLDS = {
  /** A ratio of failed to finished jobs. */
  JobFailureRateHigh: 0.1,
  /** A ratio of failed to finished jobs. */
  JobFailureRateCritical: 0.25,
  /** Retries per created job. */
  HighJobRetryRate: 0.2,
  /** Failed transcodes over 15 minutes. */
  VideoTranscodeFailuresHigh: 5,
  /** A number of waiting jobs. */
  JobQueueBacklog: 100,
  /** A number of waiting jobs. */
  JobQueueBacklogCritical: 500,
  /** Seconds of p95 queue wait. */
  JobQueueWaitTimeLong: 600,
  /** Jobs added to the waiting list over 30 minutes. */
  QueueLengthGrowing: 100,
  /**
   * Seconds the oldest job ready to run has waited. Half an hour: jobs routinely wait minutes in
   * a busy queue (JobQueueWaitTimeLong warns at a p95 of 10 minutes), so a job still unclaimed
   * after 30 minutes means no worker is taking jobs from that queue.
   */
  JobWaitTooLong: 1800,
  /** Seconds of p95 processing time. */
  JobProcessingTimeLong: 1800,
  /** Seconds without any job finishing while jobs are processing. */
  JobStuckInProcessing: 1800,
  /** A number of workers. */
  LowQueueWorkerCount: 2,
  /** A ratio of used to total memory. */
  HighMemoryUsage: 0.85,
  /** A ratio of used to total memory. */
  CriticalMemoryUsage: 0.95,
  /** A ratio of busy CPU time. */
  HighCPUUsage: 0.8,
  /** A ratio of busy CPU time. */
  CriticalCPUUsage: 0.95,
  /** A ratio of working set to memory limit. */
  ContainerMemoryLimitReached: 0.9,
  /** Network errors per second. */
  NetworkConnectivityIssues: 1,
  /** A ratio of free to total space. */
  DiskSpaceLow: 0.15,
  /** A ratio of free to total space. */
  DiskSpaceCritical: 0.05,
  /** A ratio of CPU time waiting for I/O. */
  HighDiskIOWait: 0.2,
  /** A ratio of checked-out to maximum pool connections. */
  HighDatabaseConnectionUsage: 0.8,
  /** A ratio of checked-out to maximum pool connections. */
  DatabaseConnectionPoolExhausted: 1,
  /** Restarts within an hour. */
  HighApplicationRestartRate: 3,
  /** Seconds of p99 event loop delay. */
  HighEventLoopLag: 0.5,
  /** A ratio of 5xx responses to all responses. */
  HighAPIErrorRate: 0.05,
  /** A ratio of 5xx responses to all responses. */
  CriticalAPIErrorRate: 0.2,
  /** A ratio of 5xx responses of one route. */
  APIEndpointDown: 1,
  /** A ratio of 4xx responses to all responses. */
  High4xxErrorRate: 0.25,
  /** Seconds of p95 request latency. */
  HighAPILatencyP95: 1,
  /** Seconds of p95 request latency. */
  CriticalAPILatencyP95: 2.5,
  /** Seconds of p99 request latency. */
  HighAPILatencyP99: 2.5,
  /** Times the request rate of the hour before. */
  HighRequestRateSpike: 3,
  /** Requests in flight. */
  TooManyInProgressRequests: 100,
  /** Rate-limited requests per second for one key. */
  APIRateLimitExceeded: 1,
  /** Quota refusals for one key within an hour. */
  APIQuotaExceededFrequently: 10,
  /** A ratio of failed webhook deliveries. */
  WebhookDeliveryFailures: 0.1,
  /** Retries per delivery. */
  WebhookRetryStorm: 1,
  /** Seconds of p95 storage operation time. */
  StorageOperationsSlow: 5,
  /** A ratio of misses to lookups. */
  CacheMissRateHigh: 0.5,
  /** A ratio of used bytes to the quota. */
  StorageQuotaNearlyFull: 0.9,
  /** Seconds of p95 transcode time. */
  VideoTranscodingTooLong: 1800,
  /** Seconds of p95 transcription time. */
  TranscriptionServiceSlow: 600,
} as const;

/** When an alert fires, and what its expression looks back over. */
export interface AlertTiming {
  /** The default `for`: how long the condition must hold before the alert fires (a config may override it). */
  readonly for: string;
  /**
   * The range of the expression's own `rate`, `increase`, `delta` or `changes`. Absent when the
   * alert compares a gauge, or reads a recording rule (whose range is `RATE_WINDOW`).
   */
  readonly window?: string;
  /** HighRequestRateSpike: the range of the baseline rate, taken that long ago (`[1h] offset 1h`). */
  readonly baseline?: string;
  /** Burn-rate alerts: the short window paired with `window` (both recorded, see `SLO_WINDOWS`). */
  readonly shortWindow?: string;
  /** The range of the runbook's diagnosis queries, where it is neither `window` nor `DIAGNOSIS_WINDOW`. */
  readonly diagnosis?: string;
}

/**
 * The timing of every alert, by alert name, in the order of the rule files (the promtool tests
 * and the text of the annotations follow these values too). A `for` waits out a blip, a restart
 * or a scrape that lands mid-deploy; critical alerts wait less than their warnings. Each comment
 * says what the window measures.
 */
export const ALERT_TIMING = {
  // Jobs: failures.
  /** Reads the recorded failure ratio (`RATE_WINDOW`); the runbook lists failure reasons over 15 minutes. */
  JobFailureRateHigh: { for: '5m', diagnosis: '15m' },
  /** As JobFailureRateHigh, and pages after the same wait. */
  JobFailureRateCritical: { for: '5m', diagnosis: '15m' },
  /** Retries per created job, both counted over the window. */
  HighJobRetryRate: { for: '15m', window: '15m' },
  /** Failed transcodes counted over the window; the runbook counts them by reason over an hour. */
  VideoTranscodeFailuresHigh: { for: '5m', window: '15m', diagnosis: '1h' },
  // Jobs: backlog.
  /** A gauge of waiting jobs. */
  JobQueueBacklog: { for: '10m' },
  /** A gauge of waiting jobs. */
  JobQueueBacklogCritical: { for: '5m' },
  /** Reads the recorded p95 queue wait (`RATE_WINDOW`). */
  JobQueueWaitTimeLong: { for: '10m' },
  /** How much the waiting list grew (`delta`) over the window. */
  QueueLengthGrowing: { for: '15m', window: '30m' },
  /** A gauge: the age of the oldest waiting job. */
  JobWaitTooLong: { for: '5m' },
  // Jobs: processing.
  /** Reads the recorded p95 processing time (`RATE_WINDOW`); the runbook's p95 transcode time spans 15 minutes. */
  JobProcessingTimeLong: { for: '15m', diagnosis: '15m' },
  /** Looks for finished jobs over its threshold (seconds), so it has no window of its own. */
  JobStuckInProcessing: { for: '5m' },
  /** Gauges of waiting and processing jobs. */
  NoJobsBeingProcessed: { for: '15m' },
  // Jobs: workers.
  /** A gauge of active workers. */
  QueueWorkersDown: { for: '2m' },
  /** A gauge of active workers. */
  LowQueueWorkerCount: { for: '10m' },
  // System: hosts and containers.
  /** Gauges of available and total memory. */
  HighMemoryUsage: { for: '5m' },
  /** Gauges of available and total memory. */
  CriticalMemoryUsage: { for: '2m' },
  /** The share of idle CPU time over the window. */
  HighCPUUsage: { for: '10m', window: '5m' },
  /** The share of idle CPU time over the window. */
  CriticalCPUUsage: { for: '5m', window: '5m' },
  /** Gauges of working set and memory limit. */
  ContainerMemoryLimitReached: { for: '5m' },
  /** Receive and transmit errors per second over the window. */
  NetworkConnectivityIssues: { for: '10m', window: '5m' },
  // System: disks.
  /** Gauges of free and total space. */
  DiskSpaceLow: { for: '5m' },
  /** Gauges of free and total space. */
  DiskSpaceCritical: { for: '2m' },
  /** The share of CPU time waiting for I/O over the window. */
  HighDiskIOWait: { for: '10m', window: '5m' },
  // System: scrape targets (the `up`-like gauge is 0).
  /** The service cannot be scraped. */
  ApplicationDown: { for: '1m' },
  /** postgres_exporter cannot reach PostgreSQL. */
  PostgreSQLDown: { for: '1m' },
  /** redis_exporter cannot reach Redis. */
  RedisDown: { for: '1m' },
  /** MinIO cannot be scraped. */
  MinIODown: { for: '1m' },
  /** The job scheduler cannot be scraped. */
  JobSchedulerDown: { for: '1m' },
  // System: database pools.
  /** Gauges of checked-out and maximum connections. */
  HighDatabaseConnectionUsage: { for: '5m' },
  /** Gauges of checked-out and maximum connections. */
  DatabaseConnectionPoolExhausted: { for: '2m' },
  // System: the Node.js runtime.
  /**
   * Changes of the process start time over the window. `changes` over an hour already smooths,
   * but one scrape of a new start time must not page.
   */
  HighApplicationRestartRate: { for: '5m', window: '1h' },
  /** A gauge: the p99 event loop delay. */
  HighEventLoopLag: { for: '5m' },
  // API: errors (the recorded 5xx and 4xx ratios, over `RATE_WINDOW`).
  /** The recorded 5xx ratio of the service. */
  HighAPIErrorRate: { for: '5m' },
  /** The recorded 5xx ratio of the service; pages sooner than HighAPIErrorRate. */
  CriticalAPIErrorRate: { for: '2m' },
  /** The recorded 5xx ratio of one route. */
  APIEndpointDown: { for: '2m' },
  /** The recorded 4xx ratio of the service. */
  High4xxErrorRate: { for: '10m' },
  // API: latency (the recorded quantiles by route, over `RATE_WINDOW`).
  /** The recorded p95 by route. */
  HighAPILatencyP95: { for: '5m' },
  /** The recorded p95 by route. */
  CriticalAPILatencyP95: { for: '5m' },
  /** The recorded p99 by route. */
  HighAPILatencyP99: { for: '5m' },
  // API: traffic.
  /** The request rate over the window, against the rate over `baseline` that ended `baseline` ago. */
  HighRequestRateSpike: { for: '5m', window: '5m', baseline: '1h' },
  /** A gauge of requests in flight. */
  TooManyInProgressRequests: { for: '5m' },
  // API: keys.
  /** Rate-limited requests per second of one key over the window. */
  APIRateLimitExceeded: { for: '5m', window: '5m' },
  /** Quota refusals of one key counted over the window. */
  APIQuotaExceededFrequently: { for: '15m', window: '1h' },
  // API: webhooks.
  /** Failed deliveries over all deliveries, both over the window. */
  WebhookDeliveryFailures: { for: '10m', window: '10m' },
  /** Retries per delivery, both over the window. */
  WebhookRetryStorm: { for: '10m', window: '10m' },
  // API: storage and cache.
  /** The p95 storage operation time over the window. */
  StorageOperationsSlow: { for: '15m', window: '5m' },
  /** Misses over lookups, both over the window. */
  CacheMissRateHigh: { for: '15m', window: '10m' },
  /** Gauges of used bytes and quota. */
  StorageQuotaNearlyFull: { for: '15m' },
  // API: media steps.
  /** The p95 transcode time over the window (transcodes are long and few). */
  VideoTranscodingTooLong: { for: '15m', window: '30m' },
  /** The p95 transcription time over the window. */
  TranscriptionServiceSlow: { for: '15m', window: '15m' },
  // SLO burn rates (multi-window, multi-burn-rate): the recorded bad ratios over a long and a short window.
  /** Burns the 30-day availability budget in about two days: 1 hour, confirmed over 5 minutes. */
  APIAvailabilityBudgetBurnFast: { for: '2m', window: '1h', shortWindow: '5m' },
  /** Burns the 30-day availability budget in about five days: 6 hours, confirmed over 30 minutes. */
  APIAvailabilityBudgetBurnSlow: { for: '15m', window: '6h', shortWindow: '30m' },
  /** As APIAvailabilityBudgetBurnFast, for the latency objective. */
  APILatencyBudgetBurnFast: { for: '2m', window: '1h', shortWindow: '5m' },
  /** As APIAvailabilityBudgetBurnSlow, for the latency objective. */
  APILatencyBudgetBurnSlow: { for: '15m', window: '6h', shortWindow: '30m' },
} as const satisfies Readonly<Record<string, AlertTiming>>;

/**
 * The range of the rates the runbooks' diagnosis queries show (requests, completions, CPU,
 * query times), unless the alert's entry in `ALERT_TIMING` gives its own `window` or `diagnosis`.
 */
export const DIAGNOSIS_WINDOW = '5m';

/** The fixed ranges of dashboard panels (the others read the recording rules). */
export const DASHBOARD_WINDOWS = {
  /** "Job retries (hourly)": retries summed over this range; the panel's title and description say so. */
  jobRetries: '1h',
} as const;
