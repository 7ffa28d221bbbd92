import { aggregate } from '../promql.js';
import type { DashboardSpec, PanelContext } from './panel.js';
import { rate } from './panel.js';

const FILESYSTEM = 'fstype!~"tmpfs|overlay|squashfs|ramfs"';

/** The Python reference stack’s system overview dashboard. */
export function systemOverview(c: PanelContext): DashboardSpec {
  const node = (...matchers: string[]) => c.selector('node', ...matchers);
  return {
    uid: 'tfo-system-overview',
    file: 'system-overview',
    title: 'Transcode Flow / System overview',
    summary: 'Host resources, service health and traffic at a glance.',
    panels: [
      {
        title: 'Memory usage',
        type: 'gauge',
        unit: 'percentunit',
        min: 0,
        max: 1,
        description: 'Share of host memory in use (node_exporter).',
        queries: [
          {
            expr: `max(1 - ${c.exporterMetric('node_memory_MemAvailable_bytes')}${node()} / ${c.exporterMetric('node_memory_MemTotal_bytes')}${node()})`,
          },
        ],
      },
      {
        title: 'CPU usage',
        type: 'gauge',
        unit: 'percentunit',
        min: 0,
        max: 1,
        description: 'Share of host CPU time not idle (node_exporter).',
        queries: [
          {
            expr: `1 - avg(rate(${c.exporterMetric('node_cpu_seconds_total')}${node('mode="idle"')}[$__rate_interval]))`,
          },
        ],
      },
      {
        title: 'Disk space available',
        type: 'gauge',
        unit: 'percentunit',
        min: 0,
        max: 1,
        description: 'Free share of the fullest filesystem (node_exporter).',
        queries: [
          {
            expr: `min(${c.exporterMetric('node_filesystem_avail_bytes')}${node(FILESYSTEM)} / ${c.exporterMetric('node_filesystem_size_bytes')}${node(FILESYSTEM)})`,
          },
        ],
      },
      {
        title: 'API status',
        type: 'stat',
        unit: 'short',
        min: 0,
        max: 1,
        description: 'Whether Prometheus reaches every instance of the service (1 up, 0 down).',
        queries: [{ expr: `min(up${c.sdk()})` }],
      },
      {
        title: 'API request rate by status',
        type: 'timeseries',
        unit: 'reqps',
        description: 'Requests per second, by status code.',
        queries: [{ expr: rate(c, 'api_requests_total', 'status_code'), legend: '{{status_code}}' }],
      },
      {
        title: 'Jobs by status',
        type: 'timeseries',
        unit: 'short',
        description: 'Job state transitions per second, by the status entered.',
        queries: [{ expr: rate(c, 'job_status_transitions_total', 'status'), legend: '{{status}}' }],
      },
      {
        title: 'Memory usage over time',
        type: 'timeseries',
        unit: 'bytes',
        description: 'Resident memory and V8 heap used by the service processes.',
        queries: [
          {
            expr: `sum by (instance) (${c.metric('process_resident_memory_bytes')}${c.sdk()})`,
            legend: 'RSS {{instance}}',
          },
          {
            expr: `sum by (instance) (${c.metric('nodejs_heap_size_used_bytes')}${c.sdk()})`,
            legend: 'heap {{instance}}',
          },
        ],
      },
      {
        title: 'CPU usage over time',
        type: 'timeseries',
        unit: 'percentunit',
        description: 'CPU time used by the service processes, as a share of one core.',
        queries: [
          {
            expr: `sum by (instance) (rate(${c.metric('process_cpu_seconds_total')}${c.sdk()}[$__rate_interval]))`,
            legend: '{{instance}}',
          },
        ],
      },
      {
        title: 'Event loop lag (p99)',
        type: 'timeseries',
        unit: 's',
        description: 'p99 event loop delay of the service processes; high values mean blocked JavaScript.',
        queries: [
          {
            expr: `max by (instance) (${c.metric('nodejs_eventloop_lag_p99_seconds')}${c.sdk()})`,
            legend: '{{instance}}',
          },
        ],
      },
      {
        title: 'Scrape duration',
        type: 'timeseries',
        unit: 's',
        description:
          'How long the last collection of the metrics took in each service process, scrape-time collectors included: what a scrape of /metrics costs.',
        queries: [
          {
            expr: `max by (instance) (${c.metric('observability_scrape_duration_seconds')}${c.sdk()})`,
            legend: '{{instance}}',
          },
        ],
      },
      {
        title: 'Series per metric, top 10',
        type: 'bargauge',
        unit: 'short',
        width: 24,
        description:
          'The ten SDK metrics holding the most series (label sets) now; compare with the series cap (maxSeriesPerMetric), past which new label sets fold into one overflow series.',
        queries: [
          {
            expr: `topk(10, ${aggregate('observability_series', 'job, metric', `${c.metric('observability_series')}${c.sdk()}`)})`,
            legend: '{{metric}}',
            instant: true,
          },
        ],
      },
      {
        title: 'Service health status',
        type: 'table',
        unit: 'short',
        width: 24,
        description: 'Every scrape target and whether its last scrape succeeded.',
        queries: [{ expr: `up${c.all()}`, instant: true }],
      },
    ],
  };
}
