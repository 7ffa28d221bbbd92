import type { MetricGroup } from './define-metric.js';
import { CATALOGUE_DEFINITIONS } from './index.js';
import { runtimeMetrics } from './runtime.js';

/**
 * A catalogue group that a service chooses with `createObservability({ groups })`. The other
 * groups are not chosen there: `app` (`app_info`, `app_uptime_seconds`) and `sdk` (the SDK's
 * own health and scrape cost) are always on, `runtime` follows the `defaultMetrics` option, and
 * `custom` holds the metrics passed in `customMetrics`.
 *
 * @example
 * ```ts
 * import type { CatalogueGroup } from '@transcode-flow/observability';
 * const groups: CatalogueGroup[] = ['api', 'jobs', 'video'];
 * ```
 */
export type CatalogueGroup = Exclude<MetricGroup, 'app' | 'sdk' | 'runtime' | 'custom'>;

/**
 * Every group that `groups` can choose, in catalogue order.
 *
 * @example
 * ```ts
 * import { CATALOGUE_GROUPS, createObservability } from '@transcode-flow/observability';
 * // The same as `groups: 'all'`.
 * const observability = createObservability({ groups: CATALOGUE_GROUPS });
 * ```
 */
export const CATALOGUE_GROUPS: readonly CatalogueGroup[] = [
  'api',
  'jobs',
  'video',
  'storage',
  'webhooks',
  'database',
  'cache',
  'queue_workers',
  'api_keys',
];

/**
 * The groups on when `groups` is not given: what a plain web service records (the HTTP
 * request metrics), next to the groups that are always on (`app`, `sdk`) and the Node.js
 * runtime metrics (`runtime`, unless `defaultMetrics: false`).
 *
 * @example
 * ```ts
 * import { DEFAULT_GROUPS, createObservability } from '@transcode-flow/observability';
 * // The defaults plus the job metrics.
 * const observability = createObservability({ groups: [...DEFAULT_GROUPS, 'jobs'] });
 * ```
 */
export const DEFAULT_GROUPS: readonly CatalogueGroup[] = ['api'];

/** The groups that are on whatever `groups` says. */
export const ALWAYS_ON_GROUPS: readonly MetricGroup[] = ['app', 'sdk'];

/**
 * The group of a metric, by its name without prefix: a catalogue metric or a Node.js runtime
 * metric, or a sample of one (`_bucket`, `_sum` and `_count` of a histogram); `undefined` for
 * any other name. The preset renderers use it to keep only the alerts
 * and panels whose metrics are in the groups a service turned on.
 *
 * @example
 * ```ts
 * import { metricGroup } from '@transcode-flow/observability';
 * metricGroup('jobs_failed_total'); // 'jobs'
 * metricGroup('process_cpu_seconds_total'); // 'runtime'
 * ```
 */
export function metricGroup(name: string): MetricGroup | undefined {
  const family = (definition: { name: string; type: string }): boolean =>
    definition.name === name ||
    (definition.type === 'histogram' && HISTOGRAM_SAMPLES.some((suffix) => definition.name + suffix === name));
  if (CATALOGUE_DEFINITIONS.some(family)) return CATALOGUE_DEFINITIONS.find(family)!.group;
  return runtimeMetrics.some(family) ? 'runtime' : undefined;
}

const HISTOGRAM_SAMPLES = ['_bucket', '_sum', '_count'];
