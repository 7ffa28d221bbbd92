import type { MetricHandles } from '../handles.js';
import type { GuardedMetric } from './guarded-metric.js';

/** What the SDK's scrape-time collectors read of the other metrics. */
type Watched = Pick<GuardedMetric<never>, 'name' | 'seriesCount' | 'pendingCollection'>;

/** Waits, within the scrape, for the collectors of `metrics` (each bounded by the collect timeout). */
async function afterCollectors(metrics: readonly Watched[]): Promise<void> {
  // A registry starts reading every metric in one synchronous pass: one await later, every
  // metric of this scrape has started its collection, including those registered after this one.
  await null;
  await Promise.all(metrics.map((metric) => metric.pendingCollection));
}

/**
 * Wires the scrape-time collectors of the SDK's own metrics over the registered ones:
 * `observability_series{metric}` is set to the series each holds once their collectors are
 * done (so series a collector creates count in the same scrape), and
 * `observability_collect_errors_total` waits for the other collectors so that an error is
 * counted in the scrape that hit it. Each reads only counts the metrics keep, so the cost is
 * one gauge set per registered metric per scrape.
 */
export function addSdkCollectors(handles: MetricHandles, registered: readonly Watched[]): void {
  const series = handles.observabilitySeries;
  const errors = handles.observabilityCollectErrorsTotal;
  // Neither waits on itself; the series count does not wait on the error count, which waits on it.
  const counted = registered.filter((metric) => metric.name !== series.name && metric.name !== errors.name);
  series.addCollector(async () => {
    await afterCollectors(counted);
    for (const metric of counted) series.set({ metric: metric.name }, metric.seriesCount);
    if (registered.some((metric) => metric.name === errors.name))
      series.set({ metric: errors.name }, errors.seriesCount);
    // Its own series last, once it holds every other.
    series.set({ metric: series.name }, 0);
    series.set({ metric: series.name }, series.seriesCount);
  });
  const others = registered.filter((metric) => metric.name !== errors.name);
  errors.addCollector(() => afterCollectors(others));
}
