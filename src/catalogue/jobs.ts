import { BUCKETS } from './buckets.js';
import { defineMetric } from './define-metric.js';

const JOB_LABELS = ['queue', 'job_type'] as const;

/** Job lifecycle metrics, recorded by the job wrapper. */
export const jobMetrics = {
  /** `job_status_transitions_total`: Job state transitions, by queue, job type and the status entered (created, queued, processing, completed, failed, cancelled). */
  jobStatusTransitionsTotal: defineMetric({
    name: 'job_status_transitions_total',
    type: 'counter',
    help: 'Job state transitions, by queue, job type and the status entered (created, queued, processing, completed, failed, cancelled).',
    labelNames: [...JOB_LABELS, 'status'],
    unit: 'jobs',
    group: 'jobs',
    reportName: 'jobs_total',
    renameReason:
      'In OpenMetrics a counter family `jobs` exposes a `jobs_created` sample, which clashes with the family `jobs_created` of `jobs_created_total`; strict parsers (Python prometheus_client) reject the whole scrape.',
  }),
  /** `jobs_created_total`: Jobs created, by queue and job type. */
  jobsCreatedTotal: defineMetric({
    name: 'jobs_created_total',
    type: 'counter',
    help: 'Jobs created, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `jobs_completed_total`: Jobs that finished successfully, by queue and job type. */
  jobsCompletedTotal: defineMetric({
    name: 'jobs_completed_total',
    type: 'counter',
    help: 'Jobs that finished successfully, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `jobs_failed_total`: Jobs that failed, by queue, job type and a bounded failure reason (error class or code). */
  jobsFailedTotal: defineMetric({
    name: 'jobs_failed_total',
    type: 'counter',
    help: 'Jobs that failed, by queue, job type and a bounded failure reason (error class or code).',
    labelNames: [...JOB_LABELS, 'reason'],
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `jobs_cancelled_total`: Jobs cancelled before they finished, by queue and job type. */
  jobsCancelledTotal: defineMetric({
    name: 'jobs_cancelled_total',
    type: 'counter',
    help: 'Jobs cancelled before they finished, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `jobs_queued`: Jobs waiting in a queue right now, by queue and job type. */
  jobsQueued: defineMetric({
    name: 'jobs_queued',
    type: 'gauge',
    help: 'Jobs waiting in a queue right now, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `jobs_processing`: Jobs being processed right now, by queue and job type. */
  jobsProcessing: defineMetric({
    name: 'jobs_processing',
    type: 'gauge',
    help: 'Jobs being processed right now, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
  }),
  /** `job_processing_duration_seconds`: Time from the start of processing to the end of a job, by queue, job type and final status. */
  jobProcessingDurationSeconds: defineMetric({
    name: 'job_processing_duration_seconds',
    type: 'histogram',
    help: 'Time from the start of processing to the end of a job, by queue, job type and final status.',
    labelNames: [...JOB_LABELS, 'status'],
    unit: 'seconds',
    buckets: BUCKETS.job,
    group: 'jobs',
  }),
  /** `job_queue_time_seconds`: Time a job waited between being enqueued and the start of processing, by queue and job type. */
  jobQueueTimeSeconds: defineMetric({
    name: 'job_queue_time_seconds',
    type: 'histogram',
    help: 'Time a job waited between being enqueued and the start of processing, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'seconds',
    buckets: BUCKETS.job,
    group: 'jobs',
  }),
  /** `job_retries_total`: Job retry attempts, by queue and job type. */
  jobRetriesTotal: defineMetric({
    name: 'job_retries_total',
    type: 'counter',
    help: 'Job retry attempts, by queue and job type.',
    labelNames: JOB_LABELS,
    unit: 'jobs',
    group: 'jobs',
    reportName: 'job_retry_count',
    renameReason:
      'It counts retry attempts, so it is a counter, and counter names end in `_total`; `_count` is reserved for histogram and summary series.',
  }),
};
