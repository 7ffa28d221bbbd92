/**
 * Issue 16: "Metric names are typed as catalogue names" in the presets. Checked by tsc through
 * preset-metric-names.test.ts: each `@ts-expect-error` must stay an error (a misspelt name no
 * longer compiles), and the correct names must compile.
 */
import type { RuleContext } from '../../src/presets/alerts/types.js';
import { aggregate } from '../../src/presets/promql.js';

declare const c: RuleContext;

// Catalogue names, histogram series and runtime metrics compile.
c.metric('api_requests_total');
c.metric('api_request_duration_seconds_bucket');
c.metric('queue_oldest_waiting_job_age_seconds');
aggregate('queue_workers_active', 'job, queue', 'queue_workers_active');

// @ts-expect-error a misspelt catalogue name
c.metric('api_request_total');
// @ts-expect-error a series a counter does not have
c.metric('api_requests_total_bucket');
// @ts-expect-error a misspelt name in an aggregation
aggregate('queue_worker_active', 'job, queue', 'queue_workers_active');
// @ts-expect-error an exporter metric is not an SDK metric
c.metric('redis_up');
