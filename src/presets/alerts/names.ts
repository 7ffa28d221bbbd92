/**
 * Every alert the presets render, by group: the report's 13 job, 18 system and 18 API
 * alerts (Celery and Airflow ones renamed for their queue-worker equivalents) and the
 * SLO burn-rate alerts.
 */
export const ALERT_NAMES = {
  jobs: [
    'JobFailureRateHigh',
    'JobFailureRateCritical',
    'JobQueueBacklog',
    'JobQueueBacklogCritical',
    'JobProcessingTimeLong',
    'JobStuckInProcessing',
    'NoJobsBeingProcessed',
    'JobQueueWaitTimeLong',
    'HighJobRetryRate',
    'QueueWorkersDown',
    'LowQueueWorkerCount',
    'QueueLengthGrowing',
    'VideoTranscodeFailuresHigh',
  ],
  system: [
    'HighMemoryUsage',
    'CriticalMemoryUsage',
    'HighCPUUsage',
    'CriticalCPUUsage',
    'DiskSpaceLow',
    'DiskSpaceCritical',
    'HighDiskIOWait',
    'ApplicationDown',
    'PostgreSQLDown',
    'RedisDown',
    'MinIODown',
    'JobSchedulerDown',
    'HighDatabaseConnectionUsage',
    'DatabaseConnectionPoolExhausted',
    'HighApplicationRestartRate',
    'ContainerMemoryLimitReached',
    'NetworkConnectivityIssues',
    'HighEventLoopLag',
  ],
  api: [
    'HighAPIErrorRate',
    'CriticalAPIErrorRate',
    'HighAPILatencyP95',
    'CriticalAPILatencyP95',
    'HighAPILatencyP99',
    'APIEndpointDown',
    'High4xxErrorRate',
    'HighRequestRateSpike',
    'TooManyInProgressRequests',
    'APIRateLimitExceeded',
    'APIQuotaExceededFrequently',
    'WebhookDeliveryFailures',
    'WebhookRetryStorm',
    'StorageOperationsSlow',
    'CacheMissRateHigh',
    'VideoTranscodingTooLong',
    'TranscriptionServiceSlow',
    'StorageQuotaNearlyFull',
  ],
  slo: [
    'APIAvailabilityBudgetBurnFast',
    'APIAvailabilityBudgetBurnSlow',
    'APILatencyBudgetBurnFast',
    'APILatencyBudgetBurnSlow',
  ],
} as const;

/** The name of an alert the presets render. */
export type AlertName = (typeof ALERT_NAMES)[keyof typeof ALERT_NAMES][number];

/** The rule file (and rule group) an alert belongs to. */
export type AlertGroup = keyof typeof ALERT_NAMES;

/** Every alert name, in file order. */
export const ALL_ALERT_NAMES: readonly AlertName[] = Object.values(ALERT_NAMES).flat();
