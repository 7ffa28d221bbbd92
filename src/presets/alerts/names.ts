/**
 * Every alert the presets render, by group: 13 job, 18 system and 18 API alerts (the queue
 * worker and scheduler ones named for BullMQ-style queues, not Celery and Airflow) and the
 * SLO burn-rate alerts.
 * @example
 * ```ts
 * import { ALERT_NAMES } from '@transcode-flow/observability/presets';
 *
 * console.log(ALERT_NAMES.jobs.length, 'job alerts');
 * ```
 */
export const ALERT_NAMES = {
  /** Job and queue alerts (`jobs.yml`): failure rates, backlogs, stuck or slow jobs, queue workers. */
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
  /** System alerts (`system.yml`): memory, CPU, disk, targets down, database pool, restarts, event-loop lag. */
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
  /** API alerts (`api.yml`): error rates, latency, traffic, API keys, webhooks, storage, cache and media steps. */
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
  /** SLO burn-rate alerts (`slo.yml`): fast and slow burn of the availability and latency error budgets. */
  slo: [
    'APIAvailabilityBudgetBurnFast',
    'APIAvailabilityBudgetBurnSlow',
    'APILatencyBudgetBurnFast',
    'APILatencyBudgetBurnSlow',
  ],
} as const;

/**
 * The name of an alert the presets render.
 *
 * @example
 * ```ts
 * import type { AlertName } from '@transcode-flow/observability/presets';
 *
 * const paging: AlertName[] = ['ApplicationDown', 'JobQueueBacklogCritical'];
 * ```
 */
export type AlertName = (typeof ALERT_NAMES)[keyof typeof ALERT_NAMES][number];

/**
 * The rule file (and rule group) an alert belongs to.
 *
 * @example
 * ```ts
 * import type { AlertGroup } from '@transcode-flow/observability/presets';
 *
 * const file = (group: AlertGroup) => `prometheus/alerts/${group}.yml`;
 * ```
 */
export type AlertGroup = keyof typeof ALERT_NAMES;

/**
 * Every alert name, in file order.
 *
 * @example
 * ```ts
 * import { ALL_ALERT_NAMES } from '@transcode-flow/observability/presets';
 *
 * const off = Object.fromEntries(ALL_ALERT_NAMES.map((name) => [name, { enabled: false }]));
 * ```
 */
export const ALL_ALERT_NAMES: readonly AlertName[] = Object.values(ALERT_NAMES).flat();

/**
 * The definitions of one group in the order of `ALERT_NAMES[group]`, the order of its rule file, so
 * that a group can be declared in families. Throws unless every name of the group is defined once.
 */
export function inGroupOrder<T extends { readonly name: AlertName }>(
  group: AlertGroup,
  definitions: readonly T[],
): T[] {
  const names: readonly AlertName[] = ALERT_NAMES[group];
  const ordered = names.flatMap((name) => definitions.filter((definition) => definition.name === name));
  if (ordered.length !== definitions.length || ordered.map((alert) => alert.name).join(',') !== names.join(',')) {
    throw new Error(`alert definitions of ${group} do not match ALERT_NAMES`);
  }
  return ordered;
}
