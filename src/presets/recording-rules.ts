import type { MetricName } from '../catalogue/index.js';
import type { RuleContext } from './alerts/types.js';
import { GroupReader, groupsAreOn } from './config/groups.js';
import { acrossInstances, aggregate } from './promql.js';
import { RATE_WINDOW, RECORDED_QUANTILES, SLO_WINDOWS } from './defaults.js';
import type { HistogramName } from './metric-names.js';

/** One recording rule. */
export interface RecordingRule {
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

/** A group of recording rules, written to `prometheus/rules/<file>.yml`. */
export interface RecordingGroup {
  readonly file: string;
  readonly name: string;
  readonly rules: readonly RecordingRule[];
}

function quantiles(c: RuleContext, record: string, metric: HistogramName, by: string): RecordingRule[] {
  return RECORDED_QUANTILES.map((quantile) => ({
    record: c.recorded(record),
    expr: `histogram_quantile(${quantile}, ${aggregate(`${metric}_bucket`, `${by}, le`, `rate(${c.metric(`${metric}_bucket`)}${c.selector('service')}[${RATE_WINDOW}])`)})`,
    labels: { quantile },
  }));
}

function errorRatio(c: RuleContext, by: string, window: string, status: string): string {
  const requests = c.metric('api_requests_total');
  return `${aggregate('api_requests_total', by, `rate(${requests}${c.selector('service', `status_code=~"${status}"`)}[${window}])`)}
/
${aggregate('api_requests_total', by, `rate(${requests}${c.selector('service')}[${window}])`)}`;
}

/**
 * The recording rules that are rendered: those of {@link allRecordingGroups} whose metrics are in
 * the catalogue groups the config turns on (`groups`). A group of rules keeps its file even when
 * none of its rules is left, so the rule files are the same for every config.
 */
export function recordingGroups(c: RuleContext): RecordingGroup[] {
  const reader = groupReader(c);
  return allRecordingGroups(c).map((group) => ({
    ...group,
    rules: group.rules.filter((rule) => groupsAreOn(reader.groups(rule.expr), c.config.groups)),
  }));
}

/**
 * Reads the catalogue groups a rendered expression uses, recording rules included (a recorded
 * name uses the groups of the metrics it is recorded from). Alerts and panels are kept or left
 * out with it.
 */
export function groupReader(c: RuleContext): GroupReader {
  const reader = new GroupReader((name) => c.metric(name));
  for (const group of allRecordingGroups(c)) for (const rule of group.rules) reader.learn(rule.record, rule.expr);
  return reader;
}

/**
 * Every recording rule: request rates, error ratios and latency quantiles by route, job rates
 * and quantiles, and the SLO ratios the burn-rate alerts read. Alerts and dashboards reuse them.
 */
function allRecordingGroups(c: RuleContext): RecordingGroup[] {
  const requests = c.metric('api_requests_total');
  const duration = c.metric('api_request_duration_seconds');
  const queueRate = (metric: MetricName) =>
    aggregate(metric, 'job, queue', `rate(${c.metric(metric)}${c.selector('service')}[${RATE_WINDOW}])`);
  const bound = String(c.config.slo.latencyThresholdSeconds);
  return [
    {
      file: 'api',
      name: 'transcode-flow-api.rules',
      rules: [
        {
          record: c.recorded('job:api_requests:rate5m'),
          expr: aggregate('api_requests_total', 'job', `rate(${requests}${c.selector('service')}[${RATE_WINDOW}])`),
        },
        {
          record: c.recorded('job_route:api_requests:rate5m'),
          expr: aggregate(
            'api_requests_total',
            'job, route',
            `rate(${requests}${c.selector('service')}[${RATE_WINDOW}])`,
          ),
        },
        {
          record: c.recorded('job_status_code:api_requests:rate5m'),
          expr: aggregate(
            'api_requests_total',
            'job, status_code',
            `rate(${requests}${c.selector('service')}[${RATE_WINDOW}])`,
          ),
        },
        {
          record: c.recorded('job_route:api_request_errors:ratio_rate5m'),
          expr: errorRatio(c, 'job, route', RATE_WINDOW, '5..'),
        },
        {
          record: c.recorded('job:api_request_client_errors:ratio_rate5m'),
          expr: errorRatio(c, 'job', RATE_WINDOW, '4..'),
        },
        ...quantiles(c, 'job:api_request_duration_seconds:histogram_quantile', 'api_request_duration_seconds', 'job'),
        ...quantiles(
          c,
          'job_route:api_request_duration_seconds:histogram_quantile',
          'api_request_duration_seconds',
          'job, route',
        ),
      ],
    },
    {
      file: 'jobs',
      name: 'transcode-flow-jobs.rules',
      rules: [
        { record: c.recorded('job_queue:jobs_created:rate5m'), expr: queueRate('jobs_created_total') },
        { record: c.recorded('job_queue:jobs_completed:rate5m'), expr: queueRate('jobs_completed_total') },
        { record: c.recorded('job_queue:jobs_failed:rate5m'), expr: queueRate('jobs_failed_total') },
        {
          record: c.recorded('job_queue:jobs_failure:ratio_rate5m'),
          // A queue whose every job fails has no completion series: count it as zero completions.
          expr: `${queueRate('jobs_failed_total')}
/
(
  ${queueRate('jobs_failed_total')}
  + (${queueRate('jobs_completed_total')} or ${queueRate('jobs_failed_total')} * 0)
)`,
        },
        ...quantiles(
          c,
          'job_queue:job_processing_duration_seconds:histogram_quantile',
          'job_processing_duration_seconds',
          'job, queue',
        ),
        ...quantiles(c, 'job_queue:job_queue_time_seconds:histogram_quantile', 'job_queue_time_seconds', 'job, queue'),
        // Shared state: every replica reads the same figures from Redis; taken once, not per replica.
        {
          record: c.recorded(`job_queue_state:queue_length:${acrossInstances('queue_length')}`),
          expr: aggregate('queue_length', 'job, queue, state', `${c.metric('queue_length')}${c.selector('service')}`),
        },
        {
          record: c.recorded(`job_queue:queue_workers_active:${acrossInstances('queue_workers_active')}`),
          expr: aggregate(
            'queue_workers_active',
            'job, queue',
            `${c.metric('queue_workers_active')}${c.selector('service')}`,
          ),
        },
      ],
    },
    {
      file: 'slo',
      name: 'transcode-flow-slo.rules',
      rules: SLO_WINDOWS.flatMap((window) => [
        { record: c.recorded(`job:api_request_errors:ratio_rate${window}`), expr: errorRatio(c, 'job', window, '5..') },
        {
          record: c.recorded(`job:api_request_slow:ratio_rate${window}`),
          expr: `1 - (
  ${aggregate('api_request_duration_seconds_bucket', 'job', `rate(${duration}_bucket${c.selector('service', `le="${bound}"`)}[${window}])`)}
  /
  ${aggregate('api_request_duration_seconds_count', 'job', `rate(${duration}_count${c.selector('service')}[${window}])`)}
)`,
        },
      ]),
    },
  ];
}
