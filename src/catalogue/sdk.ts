import { defineMetric } from './define-metric.js';

/** The SDK's own health: what the cardinality guard and the value checks did, and what a scrape costs. */
export const sdkMetrics = {
  /** `observability_series_overflow_total`: Recordings folded into the overflow series because the metric reached its series cap, by metric. */
  observabilitySeriesOverflowTotal: defineMetric({
    name: 'observability_series_overflow_total',
    type: 'counter',
    help: 'Recordings folded into the overflow series because the metric reached its series cap, by metric.',
    labelNames: ['metric'],
    unit: 'requests',
    group: 'sdk',
  }),
  /** `observability_invalid_values_total`: Recordings dropped because the value was not a valid number for the metric (NaN, a negative counter increment or histogram observation, …), by metric. */
  observabilityInvalidValuesTotal: defineMetric({
    name: 'observability_invalid_values_total',
    type: 'counter',
    help: 'Recordings dropped because the value was not a valid number for the metric (NaN, a negative counter increment or histogram observation, …), by metric.',
    labelNames: ['metric'],
    unit: 'requests',
    group: 'sdk',
  }),
  /** `observability_exemplars_dropped_total`: Exemplars left out because they break the OpenMetrics rules (a label name outside `[a-zA-Z][a-zA-Z0-9_]*`, more than 128 code points, no labels), by metric; the observation itself was recorded. */
  observabilityExemplarsDroppedTotal: defineMetric({
    name: 'observability_exemplars_dropped_total',
    type: 'counter',
    help: 'Exemplars left out because they break the OpenMetrics rules (a label name outside [a-zA-Z][a-zA-Z0-9_]*, more than 128 code points, no labels), by metric; the observation itself was recorded.',
    labelNames: ['metric'],
    unit: 'requests',
    group: 'sdk',
  }),
  /** `observability_collect_errors_total`: Scrape-time collectors that threw, rejected or timed out, by metric; the metric kept its last values. */
  observabilityCollectErrorsTotal: defineMetric({
    name: 'observability_collect_errors_total',
    type: 'counter',
    help: 'Scrape-time collectors that threw, rejected or timed out, by metric; the metric kept its last values.',
    labelNames: ['metric'],
    unit: 'requests',
    group: 'sdk',
  }),
  /** `observability_scrape_duration_seconds`: How long the last collection took (from the first metric read to the last one collected, scrape-time collectors included), in seconds. */
  observabilityScrapeDurationSeconds: defineMetric({
    name: 'observability_scrape_duration_seconds',
    type: 'gauge',
    help: 'How long the last collection of the metrics took, from the first metric read to the last one collected (scrape-time collectors included); absent until the first one ends.',
    labelNames: [],
    unit: 'seconds',
    group: 'sdk',
    aggregator: 'max',
  }),
  /** `observability_series`: Series (label sets) each SDK metric holds at the scrape, the overflow series excluded, by metric; compare with the series cap. */
  observabilitySeries: defineMetric({
    name: 'observability_series',
    type: 'gauge',
    help: 'Series (label sets) each registered SDK metric holds at the scrape, the overflow series excluded, by metric; a histogram exposes its buckets, sum and count for each.',
    labelNames: ['metric'],
    unit: 'series',
    group: 'sdk',
    aggregator: 'max',
  }),
};
