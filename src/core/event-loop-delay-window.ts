import type { Registry } from 'prom-client';

/** The event loop delay statistics that prom-client reads from `monitorEventLoopDelay()`. */
const WINDOW_STATS = ['min', 'max', 'stddev', 'p50', 'p90', 'p99'] as const;

/** What this module needs of a prom-client gauge. */
interface GaugeLike {
  get(): Promise<{ values: { value: number }[] }>;
}

/**
 * prom-client resets its event loop delay histogram at each scrape. A scrape that comes before
 * the histogram took a sample (right after start, or two scrapes within its resolution) reads
 * an empty histogram: a mean of NaN, but a minimum of 2^63 ns (292 years) and a maximum and
 * percentiles of 0, which dashboards would show as real delays. This makes every statistic of
 * such an empty window NaN, like the mean, so that Prometheus stores "no value" and
 * `max_over_time` and friends skip it.
 */
export function blankEmptyEventLoopWindow(registry: Registry, prefix: string): void {
  const mean = registry.getSingleMetric(`${prefix}nodejs_eventloop_lag_mean_seconds`) as GaugeLike | undefined;
  if (mean === undefined) return;
  for (const stat of WINDOW_STATS) {
    const metric = registry.getSingleMetric(`${prefix}nodejs_eventloop_lag_${stat}_seconds`) as GaugeLike | undefined;
    if (metric === undefined) continue;
    const read = metric.get.bind(metric);
    metric.get = async () => {
      const data = await read();
      const [meanValue] = (await mean.get()).values;
      if (meanValue === undefined || !Number.isNaN(meanValue.value)) return data;
      return { ...data, values: data.values.map((sample) => ({ ...sample, value: Number.NaN })) };
    };
  }
}
