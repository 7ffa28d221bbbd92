import { aggregate } from '../promql.js';
import type { DashboardSpec, PanelContext } from './panel.js';
import { quantile, rate } from './panel.js';

/** The Python reference stack’s API performance dashboard, plus the SLO burn rates. */
export function apiPerformance(c: PanelContext): DashboardSpec {
  const requests = (by: string, ...matchers: string[]) => rate(c, 'api_requests_total', by, ...matchers);
  const slo = c.config.slo;
  return {
    uid: 'tfo-api-performance',
    file: 'api-performance',
    title: 'Transcode Flow / API performance',
    summary: 'Traffic, errors, latency, rate limits, webhooks, storage and cache.',
    panels: [
      {
        title: 'Request rate by endpoint',
        type: 'timeseries',
        unit: 'reqps',
        description: 'Requests per second, by route template.',
        queries: [{ expr: requests('route'), legend: '{{route}}' }],
      },
      {
        title: 'Error rate (4xx, 5xx)',
        type: 'timeseries',
        unit: 'percentunit',
        description: 'Share of requests answered with a client (4xx) or server (5xx) error.',
        queries: [
          { expr: `${requests('', 'status_code=~"4.."')} / ${requests('')}`, legend: '4xx' },
          { expr: `${requests('', 'status_code=~"5.."')} / ${requests('')}`, legend: '5xx' },
        ],
      },
      {
        title: 'Request latency percentiles',
        type: 'timeseries',
        unit: 's',
        description: 'p50, p95 and p99 of request duration, all routes.',
        queries: [0.5, 0.95, 0.99].map((q) => ({
          expr: quantile(c, q, 'api_request_duration_seconds'),
          legend: `p${q * 100}`,
        })),
      },
      {
        title: 'Request latency p95 by endpoint',
        type: 'timeseries',
        unit: 's',
        description: 'p95 of request duration, by route.',
        queries: [{ expr: quantile(c, 0.95, 'api_request_duration_seconds', 'route'), legend: '{{route}}' }],
      },
      {
        title: 'In-progress requests by endpoint',
        type: 'timeseries',
        unit: 'short',
        description: 'Requests being served now, by route.',
        queries: [
          {
            expr: aggregate('api_requests_in_progress', 'route', `${c.metric('api_requests_in_progress')}${c.sdk()}`),
            legend: '{{route}}',
          },
        ],
      },
      {
        title: 'Rate limiting & quota',
        type: 'timeseries',
        unit: 'reqps',
        description: 'Requests refused by rate limits and quotas, per second.',
        queries: [
          { expr: rate(c, 'api_key_rate_limit_exceeded_total', ''), legend: 'rate limited' },
          { expr: rate(c, 'api_key_quota_exceeded_total', ''), legend: 'quota exceeded' },
        ],
      },
      {
        title: 'Webhook delivery success rate',
        type: 'timeseries',
        unit: 'percentunit',
        description: 'Share of webhook deliveries that succeeded, by event.',
        queries: [
          {
            expr: `${rate(c, 'webhook_sent_total', 'event', 'outcome="success"')} / ${rate(c, 'webhook_sent_total', 'event')}`,
            legend: '{{event}}',
          },
        ],
      },
      {
        title: 'Storage operation duration',
        type: 'timeseries',
        unit: 's',
        description: 'p95 of storage operation time, by operation and backend.',
        queries: [
          {
            expr: quantile(c, 0.95, 'storage_operation_duration_seconds', 'operation, backend'),
            legend: '{{backend}} {{operation}}',
          },
        ],
      },
      {
        title: 'Cache performance (hit/miss rate)',
        type: 'timeseries',
        unit: 'ops',
        description: 'Cache hits and misses per second, by cache.',
        queries: [
          {
            expr: rate(c, 'cache_operations_total', 'cache, operation', 'operation=~"hit|miss"'),
            legend: '{{cache}} {{operation}}',
          },
        ],
      },
      {
        title: 'SLO burn rate (1h)',
        type: 'timeseries',
        unit: 'short',
        description: `How many times faster than the objectives allow the error budget burns (availability ${slo.availability}, latency ${slo.latency} within ${slo.latencyThresholdSeconds}s); 14.4 pages.`,
        queries: [
          {
            expr: `${c.recorded('job:api_request_errors:ratio_rate1h')}{job=~"$job"} / (1 - ${slo.availability})`,
            legend: 'availability',
          },
          {
            expr: `${c.recorded('job:api_request_slow:ratio_rate1h')}{job=~"$job"} / (1 - ${slo.latency})`,
            legend: 'latency',
          },
        ],
      },
      {
        title: 'API endpoint performance summary',
        type: 'table',
        unit: 'short',
        width: 24,
        description: 'Per route: requests per second, 5xx share and p95 latency over 5 minutes (recording rules).',
        queries: [
          { expr: `${c.recorded('job_route:api_requests:rate5m')}{job=~"$job"}`, instant: true },
          { expr: `${c.recorded('job_route:api_request_errors:ratio_rate5m')}{job=~"$job"}`, instant: true },
          {
            expr: `${c.recorded('job_route:api_request_duration_seconds:histogram_quantile')}{job=~"$job",quantile="0.95"}`,
            instant: true,
          },
        ],
      },
    ],
  };
}
