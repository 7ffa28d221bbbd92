import { aggregate } from '../promql.js';
import { bucketsOf, ratio, splitCounterCase } from './helpers.js';
import { job, quantileAlert } from './api-helpers.js';
import { above, below } from './test-values.js';
import { durationSeconds } from '../config/validation.js';
import { ALERT_TIMING, THRESHOLDS } from '../defaults.js';
import { spelledWindow } from './window-text.js';
import { defineAlerts } from './define-alerts.js';

const STORAGE = bucketsOf('storageOperationDurationSeconds');

const CACHE = ALERT_TIMING.CacheMissRateHigh;

/** Storage and cache alerts: slow storage operations, a storage quota nearly full, cache misses. */
export const API_STORAGE_CACHE_ALERTS = defineAlerts([
  quantileAlert({
    name: 'StorageOperationsSlow',
    component: 'storage',
    threshold: THRESHOLDS.StorageOperationsSlow,
    buckets: STORAGE,
    metric: 'storage_operation_duration_seconds',
    for: ALERT_TIMING.StorageOperationsSlow.for,
    window: ALERT_TIMING.StorageOperationsSlow.window,
    by: 'job, operation, backend',
    labels: { operation: 'write', backend: 's3' },
    what: 'storage operation time',
    meaning: 'Storage reads or writes are slow.',
    impact: 'Uploads, downloads and transcodes slow down.',
    mitigation: ['Check the storage backend (MinIO, S3) and the network to it; look for large files or throttling.'],
  }),
  {
    name: 'CacheMissRateHigh',
    component: 'api',
    severity: 'warning',
    for: CACHE.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.CacheMissRateHigh, 'a ratio of misses to lookups'),
    window: () => durationSeconds(CACHE.window),
    expr: (
      c,
      t,
    ) => `${aggregate('cache_operations_total', 'job, cache', `rate(${c.metric('cache_operations_total')}${c.selector('service', 'operation="miss"')}[${CACHE.window}])`)}
/
${aggregate('cache_operations_total', 'job, cache', `rate(${c.metric('cache_operations_total')}${c.selector('service', 'operation=~"hit|miss"')}[${CACHE.window}])`)}
> ${t}`,
    summary: (t) => `Cache ${t.label('cache')} misses often`,
    description: (t) =>
      `${t.value} of the lookups in cache ${t.label('cache')} of ${t.label('job')} missed over ${spelledWindow(CACHE.window)} (threshold ${t.threshold}).`,
    test: (c) =>
      splitCounterCase(c, {
        metric: c.metric('cache_operations_total'),
        labels: c.labels('service', { cache: 'renditions' }),
        label: 'operation',
        bad: 'miss',
        good: 'hit',
        firingLabels: job(c, { cache: 'renditions' }),
      }),
    runbook: {
      meaning: 'Most cache lookups miss.',
      impact: 'More load reaches the database and storage; latency rises.',
      diagnosis: (c) => [
        [
          'Operations by type',
          aggregate(
            'cache_operations_total',
            'cache, operation',
            `rate(${c.metric('cache_operations_total')}${c.selector('service')}[${CACHE.window}])`,
          ),
        ],
      ],
      mitigation: ['Check whether the cache was flushed or restarted (RedisDown), or whether keys expire too soon.'],
    },
  },
  {
    name: 'StorageQuotaNearlyFull',
    component: 'storage',
    severity: 'warning',
    for: ALERT_TIMING.StorageQuotaNearlyFull.for,
    format: 'percent',
    threshold: ratio(THRESHOLDS.StorageQuotaNearlyFull, 'a ratio of used bytes to the quota'),
    expr: (c, t) =>
      `${aggregate('storage_used_bytes', 'job, backend', `${c.metric('storage_used_bytes')}${c.selector('service')}`)} / ${aggregate('storage_quota_bytes', 'job, backend', `${c.metric('storage_quota_bytes')}${c.selector('service')}`)} > ${t}`,
    summary: (t) => `Storage ${t.label('backend')} is nearly full`,
    description: (t) =>
      `${t.value} of the quota of storage ${t.label('backend')} used by ${t.label('job')} is used (threshold ${t.threshold}).`,
    test: (c) => {
      const labels = c.labels('service', { backend: 's3' });
      const build = (used: number) => [
        c.gauge(c.metric('storage_used_bytes'), labels, 2 ** 40 * used),
        c.gauge(c.metric('storage_quota_bytes'), labels, 2 ** 40),
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
          `${aggregate('storage_used_bytes', 'backend', `${c.metric('storage_used_bytes')}${c.selector('service')}`)} / ${aggregate('storage_quota_bytes', 'backend', `${c.metric('storage_quota_bytes')}${c.selector('service')}`)}`,
        ],
      ],
      mitigation: ['Delete expired renditions; raise the quota.'],
    },
  },
]);
