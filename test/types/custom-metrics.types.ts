/**
 * Compile-time checks of a service's own metrics (`customMetrics`, `observability.custom`)
 * and of the `groups` option: type-checked by test/types/handles.test.ts. Each
 * `@ts-expect-error` must stay an error.
 */
import { createObservability, defineMetric, type Observability } from '../../src/index.js';

const uploads = defineMetric({
  name: 'uploads_total',
  type: 'counter',
  help: 'Uploads received, by outcome.',
  labelNames: ['outcome', 'tenant'],
  unit: 'requests',
});
const queueLag = defineMetric({
  name: 'ingest_lag_seconds',
  type: 'gauge',
  help: 'Seconds between an upload and its ingestion.',
  labelNames: [],
});
const segmentSize = defineMetric({
  name: 'segment_size_bytes',
  type: 'histogram',
  help: 'Size of the segments written, by rendition.',
  labelNames: ['rendition'],
  buckets: [1e5, 1e6, 1e7],
});

const observability = createObservability({
  defaultMetrics: false,
  groups: ['api', 'jobs'],
  customMetrics: { uploads, queueLag, segmentSize },
});
const { custom } = observability;

// Correct label sets compile.
custom.uploads.inc({ outcome: 'stored', tenant: 'acme' });
custom.uploads.inc({ outcome: 'stored', tenant: 'acme' }, 2);
custom.uploads.labels({ outcome: 'rejected', tenant: 'acme' }).inc();
custom.queueLag.set(1.5);
custom.segmentSize.observe({ rendition: '720p' }, 2_000_000);
const end = custom.segmentSize.startTimer({ rendition: '360p' });
end();
// Catalogue handles are unchanged next to them.
observability.metrics.jobsQueued.set({ queue: 'q', job_type: 'video' }, 1);
// An object with custom metrics is still an Observability for the helpers that take one.
const plain: Observability = observability;
void plain;

// @ts-expect-error a label the metric does not declare
custom.uploads.inc({ outcome: 'stored', tenant: 'acme', user: 'u1' });
// @ts-expect-error a missing label
custom.uploads.inc({ outcome: 'stored' });
// @ts-expect-error labels on a metric that has none
custom.queueLag.set({ queue: 'q' }, 1);
// @ts-expect-error a counter cannot be set
custom.uploads.set({ outcome: 'stored', tenant: 'acme' }, 1);
// @ts-expect-error a histogram has no inc()
custom.segmentSize.inc({ rendition: '720p' });
// @ts-expect-error a key that was not passed in customMetrics
custom.downloads.inc();
// @ts-expect-error without customMetrics there are no custom handles
createObservability().custom.uploads.inc({ outcome: 'stored', tenant: 'acme' });

// @ts-expect-error a type that is not a metric type
defineMetric({ name: 'x_total', type: 'summary', help: 'x', labelNames: [] });
// @ts-expect-error a unit that is not one the catalogue knows
defineMetric({ name: 'temp_celsius', type: 'gauge', help: 'x', labelNames: [], unit: 'celsius' });

createObservability({ groups: 'all' });
createObservability({ groups: ['video', 'storage', 'webhooks', 'database', 'cache', 'queue_workers', 'api_keys'] });
// @ts-expect-error a group that does not exist
createObservability({ groups: ['http'] });
// @ts-expect-error `runtime` follows defaultMetrics, not groups
createObservability({ groups: ['runtime'] });
// @ts-expect-error neither an array nor 'all'
createObservability({ groups: 'api' });
