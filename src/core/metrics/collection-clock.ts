/**
 * Times the collections of one observability object's metrics, whatever reads them
 * (`registry.metrics()`, `getMetricsAsJSON()`, the OpenMetrics endpoint, a cluster
 * aggregator): a registry reads every metric in one synchronous pass and each SDK metric
 * settles after at least one await, so a collection runs from the first SDK metric read to the
 * last one settled, the synchronous part of every other metric of the registry included.
 * Overlapping scrapes count as one collection. `collected` is called with each duration.
 */
export class CollectionClock {
  private pending = 0;
  private startedAt = 0;

  constructor(private readonly collected: (seconds: number) => void) {}

  /** Marks one metric read as begun; call the returned function once when it settles. */
  begin(): () => void {
    if (this.pending++ === 0) this.startedAt = performance.now();
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.pending === 0) this.collected((performance.now() - this.startedAt) / 1000);
    };
  }
}
