/**
 * Every default of the monitoring presets, in one place, the way kubernetes-mixin keeps its
 * `config.libsonnet`: the scrape targets' job names and addresses, the intervals, the rate
 * windows and quantiles of the recording rules, the service level objectives, and the
 * threshold of every alert. The alert, rule and dashboard declarations only fill these in, and
 * a user's preset config overrides any of them (see `docs/presets.md`).
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
