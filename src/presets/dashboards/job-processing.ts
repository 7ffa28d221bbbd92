import { aggregate } from '../promql.js';
import { DASHBOARD_WINDOWS } from '../defaults.js';
import type { DashboardSpec, PanelContext } from './panel.js';
import { rate } from './panel.js';

/** The Python reference stack’s job processing dashboard. */
export function jobProcessing(c: PanelContext): DashboardSpec {
  const job = '{job=~"$job"}';
  return {
    uid: 'tfo-job-processing',
    file: 'job-processing',
    title: 'Transcode Flow / Job processing',
    summary: 'Queues, workers, job rates, durations, retries and success.',
    panels: [
      {
        title: 'Jobs in queue',
        type: 'gauge',
        unit: 'short',
        description: 'Jobs waiting in the queues now.',
        queries: [{ expr: aggregate('jobs_queued', '', `${c.metric('jobs_queued')}${c.sdk()}`) }],
      },
      {
        title: 'Jobs processing',
        type: 'gauge',
        unit: 'short',
        description: 'Jobs being processed now.',
        queries: [{ expr: aggregate('jobs_processing', '', `${c.metric('jobs_processing')}${c.sdk()}`) }],
      },
      {
        title: 'Active workers',
        type: 'gauge',
        unit: 'short',
        description: 'Queue workers connected and consuming.',
        queries: [{ expr: aggregate('queue_workers_active', '', `${c.metric('queue_workers_active')}${c.sdk()}`) }],
      },
      {
        title: 'Job failure rate',
        type: 'gauge',
        unit: 'percentunit',
        min: 0,
        max: 1,
        description: 'Share of finished jobs that failed over 5 minutes (recording rule), worst queue.',
        queries: [{ expr: `max(${c.recorded('job_queue:jobs_failure:ratio_rate5m')}${job})` }],
      },
      {
        title: 'Job processing rate',
        type: 'timeseries',
        unit: 'short',
        description: 'Jobs created, completed and failed per second, by queue.',
        queries: [
          { expr: rate(c, 'jobs_created_total', 'queue'), legend: 'created {{queue}}' },
          { expr: rate(c, 'jobs_completed_total', 'queue'), legend: 'completed {{queue}}' },
          { expr: rate(c, 'jobs_failed_total', 'queue'), legend: 'failed {{queue}}' },
        ],
      },
      {
        title: 'Queue depth over time',
        type: 'timeseries',
        unit: 'short',
        description: 'Jobs held by each queue, by state (queue backend) and waiting (job wrapper).',
        queries: [
          {
            expr: aggregate('queue_length', 'queue, state', `${c.metric('queue_length')}${c.sdk()}`),
            legend: '{{queue}} {{state}}',
          },
          {
            expr: aggregate('jobs_queued', 'queue', `${c.metric('jobs_queued')}${c.sdk()}`),
            legend: '{{queue}} queued',
          },
        ],
      },
      {
        title: 'Job processing duration percentiles',
        type: 'timeseries',
        unit: 's',
        description: 'p50, p95 and p99 of job processing time, by queue (recording rules).',
        queries: [
          {
            expr: `${c.recorded('job_queue:job_processing_duration_seconds:histogram_quantile')}${job}`,
            legend: '{{queue}} p{{quantile}}',
          },
        ],
      },
      {
        title: 'Queue wait time',
        type: 'timeseries',
        unit: 's',
        description: 'p50, p95 and p99 of the time jobs waited before processing, by queue (recording rules).',
        queries: [
          {
            expr: `${c.recorded('job_queue:job_queue_time_seconds:histogram_quantile')}${job}`,
            legend: '{{queue}} p{{quantile}}',
          },
        ],
      },
      {
        title: 'Job retries (hourly)',
        type: 'timeseries',
        unit: 'short',
        description: 'Retry attempts over the past hour, by queue.',
        queries: [
          {
            expr: aggregate(
              'job_retries_total',
              'queue',
              `increase(${c.metric('job_retries_total')}${c.sdk()}[${DASHBOARD_WINDOWS.jobRetries}])`,
            ),
            legend: '{{queue}}',
          },
        ],
      },
      {
        title: 'Job success rate',
        type: 'bargauge',
        unit: 'percentunit',
        min: 0,
        max: 1,
        description: 'Share of finished jobs that succeeded over 5 minutes, by queue.',
        queries: [{ expr: `1 - ${c.recorded('job_queue:jobs_failure:ratio_rate5m')}${job}`, legend: '{{queue}}' }],
      },
    ],
  };
}
