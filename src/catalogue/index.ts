import { apiKeyMetrics } from './api-keys.js';
import { apiMetrics } from './api.js';
import { appMetrics } from './app.js';
import { cacheMetrics } from './cache.js';
import { databaseMetrics } from './database.js';
import type { MetricDefinition } from './define-metric.js';
import { jobMetrics } from './jobs.js';
import { queueWorkerMetrics } from './queue-workers.js';
import { sdkMetrics } from './sdk.js';
import { storageMetrics } from './storage.js';
import { videoMetrics } from './video.js';
import { webhookMetrics } from './webhooks.js';

/**
 * The catalogue: every metric the SDK registers, keyed by the name of its handle on
 * `observability.metrics`. It is the single source of truth from which the registry,
 * the metrics reference (`docs/metrics.md`), the alert rules and the dashboards derive.
 *
 * @example
 * ```ts
 * import { CATALOGUE } from '@transcode-flow/observability';
 *
 * for (const definition of Object.values(CATALOGUE)) {
 *   console.log(definition.name, definition.type, definition.labelNames.join(','));
 * }
 * ```
 */
export const CATALOGUE = {
  ...apiMetrics,
  ...jobMetrics,
  ...videoMetrics,
  ...storageMetrics,
  ...webhookMetrics,
  ...databaseMetrics,
  ...cacheMetrics,
  ...queueWorkerMetrics,
  ...apiKeyMetrics,
  ...appMetrics,
  ...sdkMetrics,
};

/**
 * The catalogue's type: handle key to definition, with literal names and label names.
 *
 * @example
 * ```ts
 * import type { Catalogue } from '@transcode-flow/observability';
 * type RequestLabels = Catalogue['apiRequestsTotal']['labelNames'][number]; // 'method' | 'route' | 'status_code'
 * ```
 */
export type Catalogue = typeof CATALOGUE;

/**
 * The name (without prefix) of a metric in the catalogue.
 *
 * @example
 * ```ts
 * import type { MetricName } from '@transcode-flow/observability';
 * const name: MetricName = 'api_requests_total';
 * ```
 */
export type MetricName = Catalogue[keyof Catalogue]['name'];

/**
 * The label names of the catalogue metric called `N`.
 *
 * @example
 * ```ts
 * import type { LabelNameOf } from '@transcode-flow/observability';
 * const label: LabelNameOf<'api_requests_total'> = 'route';
 * ```
 */
export type LabelNameOf<N extends MetricName> = Extract<
  Catalogue[keyof Catalogue],
  {
    /** The metric name the definition is picked by. */
    name: N;
  }
>['labelNames'][number];

/** Every definition in catalogue order. */
export const CATALOGUE_DEFINITIONS: readonly MetricDefinition[] = Object.values(CATALOGUE);
