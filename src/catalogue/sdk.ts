import { defineMetric } from './define-metric.js';

/** The SDK's own health: what the cardinality guard and the value checks did. */
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
  /** `observability_invalid_values_total`: Recordings dropped because the value was not a valid number for the metric (NaN, negative counter increment, …), by metric. */
  observabilityInvalidValuesTotal: defineMetric({
    name: 'observability_invalid_values_total',
    type: 'counter',
    help: 'Recordings dropped because the value was not a valid number for the metric (NaN, negative counter increment, …), by metric.',
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
};
