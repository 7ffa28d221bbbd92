import { exemplarLabelSet } from './exemplar.js';
import { type Cell, GuardedMetric, type GuardedMetricConfig, type MetricValue } from './guarded-metric.js';

interface Exemplar {
  labelSet: Record<string, string>;
  value: number;
  timestamp: number;
}

interface HistogramCell extends Cell {
  /** Observations per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: Float64Array;
  sum: number;
  count: number;
  exemplars: (Exemplar | undefined)[] | undefined;
}

/** A bound histogram series: observes without any label lookup. */
export interface BoundHistogram {
  /** Records one observation; negative or non-finite values are dropped and counted. */
  observe(value: number, exemplarLabels?: Record<string, string>): void;
  /** Starts a timer; calling the returned function observes the elapsed seconds and returns them. */
  startTimer(): () => number;
}

/** Settings of a histogram on top of the common ones. */
interface GuardedHistogramConfig extends GuardedMetricConfig {
  readonly buckets: readonly number[];
  readonly exemplars: boolean;
  /** Reports an exemplar left out because it breaks the OpenMetrics rules; its observation is kept. */
  readonly exemplarDropped: (metricName: string) => void;
}

/**
 * An observation a histogram can record: a finite number, zero or more. Every catalogue
 * histogram measures something that cannot be negative (a duration, a size, a ratio, a count),
 * and OpenMetrics forbids a negative `_sum` next to non-negative buckets: strict parsers reject
 * the whole scrape over one.
 */
function isObservation(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value !== Infinity;
}

/** A distribution of observations in fixed buckets, stored by the cardinality guard. */
export class GuardedHistogram extends GuardedMetric<HistogramCell> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];
  private readonly bounds: Float64Array;
  private readonly exemplars: boolean;
  private readonly exemplarDropped: (metricName: string) => void;
  /** The `le` label of each bucket, +Inf last; shared by every series. */
  private readonly leLabels: Record<string, string | number>[];

  constructor(config: GuardedHistogramConfig) {
    super(config);
    this.buckets = config.buckets;
    this.bounds = Float64Array.from(config.buckets);
    this.exemplars = config.exemplars;
    this.exemplarDropped = config.exemplarDropped;
    this.leLabels = [...config.buckets.map((le) => ({ le })), { le: '+Inf' }];
  }

  protected createCell(labels: Readonly<Record<string, string>>, folded: boolean): HistogramCell {
    return {
      labels,
      live: true,
      folded,
      counts: new Float64Array(this.bounds.length + 1),
      sum: 0,
      count: 0,
      exemplars: undefined,
    };
  }

  /** Records a valid observation into a series, and its exemplar when exemplars are on and it is valid. */
  private record(cell: HistogramCell, value: number, exemplarLabels: Record<string, string> | undefined): void {
    this.hit(cell);
    const bounds = this.bounds;
    let i = 0;
    while (i < bounds.length && value > bounds[i]!) i++;
    cell.counts[i]!++;
    cell.sum += value;
    cell.count++;
    if (exemplarLabels !== undefined && this.exemplars) {
      const labelSet = exemplarLabelSet(exemplarLabels);
      if (labelSet === undefined) return this.exemplarDropped(this.name);
      cell.exemplars ??= new Array<Exemplar | undefined>(bounds.length + 1);
      cell.exemplars[i] = { labelSet, value, timestamp: Date.now() / 1000 };
    }
  }

  /** Starts a timer that hands the elapsed seconds to `observe` and returns them. */
  private timer(observe: (seconds: number) => void): () => number {
    const start = process.hrtime.bigint();
    return () => {
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      observe(seconds);
      return seconds;
    };
  }

  protected snapshotCell(cell: HistogramCell, out: MetricValue[], split: boolean): void {
    const bucketLabels = this.leLabels;
    let cumulative = 0;
    for (let i = 0; i < cell.counts.length; i++) {
      cumulative += cell.counts[i]!;
      const value: MetricValue = {
        value: cumulative,
        labels: split ? bucketLabels[i]! : { ...cell.labels, ...bucketLabels[i]! },
        metricName: `${this.name}_bucket`,
      };
      if (split) value.sharedLabels = cell.labels as Record<string, string>;
      const exemplar = cell.exemplars?.[i];
      if (exemplar) value.exemplar = exemplar;
      out.push(value);
    }
    out.push({ value: cell.sum, labels: cell.labels, metricName: `${this.name}_sum` });
    out.push({ value: cell.count, labels: cell.labels, metricName: `${this.name}_count` });
  }

  /** Records one observation in the series of `labels`. */
  observe(
    labels: Readonly<Record<string, unknown>> | number | undefined,
    value?: number | Record<string, string>,
    exemplarLabels?: Record<string, string>,
  ): void {
    if (typeof labels === 'number') return this.observe(undefined, labels, value as Record<string, string> | undefined);
    if (!isObservation(value)) return this.invalid();
    this.record(this.cellFor(labels), value, exemplarLabels);
  }

  /** Starts a timer for the series of `labels`; the returned function observes and returns the elapsed seconds. */
  startTimer(labels?: Readonly<Record<string, unknown>>): () => number {
    return this.timer((seconds) => this.observe(labels, seconds));
  }

  /** Returns a handle bound to the series of `labels`. */
  labels(labels?: Readonly<Record<string, unknown>>): BoundHistogram {
    let cell = this.cellFor(labels);
    const observe = (value: number, exemplarLabels?: Record<string, string>): void => {
      if (!isObservation(value)) return this.invalid();
      if (!cell.live) cell = this.cellFor(labels);
      this.record(cell, value, exemplarLabels);
    };
    return { observe, startTimer: () => this.timer(observe) };
  }

  /** Count and sum of the series of `labels` (zeros when it does not exist). */
  value(labels?: Readonly<Record<string, unknown>>): { count: number; sum: number } {
    const cell = this.peek(labels);
    return { count: cell?.count ?? 0, sum: cell?.sum ?? 0 };
  }
}
