/**
 * Compile-time checks of the typed handles: this file is type-checked by `npm run lint`
 * (tsc) and by test/types/handles.test.ts. Each `@ts-expect-error` must stay an error.
 */
import { createObservability, type LabelValues } from '../../src/index.js';

const { metrics } = createObservability({ defaultMetrics: false });

// Correct label sets compile; numbers are accepted as label values.
metrics.apiRequestsTotal.inc({ method: 'GET', route: '/jobs/:jobId', status_code: 200 });
metrics.apiRequestDurationSeconds.observe({ method: 'GET', route: '/jobs/:jobId', status_code: '200' }, 0.1);
metrics.jobsQueued.set({ queue: 'transcode', job_type: 'video' }, 3);
metrics.thumbnailGenerationDurationSeconds.observe(0.4);
metrics.appUptimeSeconds.set(12);
const bound = metrics.apiRequestsInProgress.labels({ method: 'GET', route: '/jobs' });
bound.inc();
bound.dec();
const labels: LabelValues<'queue'> = { queue: 'q' };
metrics.queueWorkersActive.set(labels, 2);

// @ts-expect-error a label the metric does not have
metrics.apiRequestsTotal.inc({ method: 'GET', route: '/a', status_code: 200, path: '/a/1' });
// @ts-expect-error a missing label
metrics.apiRequestsTotal.inc({ method: 'GET', route: '/a' });
// @ts-expect-error a misspelt label
metrics.jobsQueued.inc({ queue: 'q', jobType: 'video' });
// @ts-expect-error a label value that is neither string nor number
metrics.jobsQueued.inc({ queue: 'q', job_type: { name: 'video' } });
// @ts-expect-error labels on a metric that has none
metrics.thumbnailGenerationDurationSeconds.observe({ kind: 'jpeg' }, 0.4);
// @ts-expect-error a histogram has no inc()
metrics.apiRequestDurationSeconds.inc({ method: 'GET', route: '/a', status_code: 200 });
// @ts-expect-error a counter cannot be set
metrics.apiRequestsTotal.set({ method: 'GET', route: '/a', status_code: 200 }, 1);
// @ts-expect-error a metric that is not in the catalogue
metrics.apiRequestTotal.inc();

createObservability({
  metrics: {
    api_requests_in_progress: { dropLabels: ['route'] },
    // @ts-expect-error a label the metric does not have
    api_requests_total: { dropLabels: ['path'] },
  },
});
// @ts-expect-error an override for an unknown metric
createObservability({ metrics: { api_request_total: { maxSeries: 10 } } });
