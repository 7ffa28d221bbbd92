import type { CollectionClock } from './collection-clock.js';
import { normalizeLabels, OVERFLOW_LABEL_VALUE, seriesKey } from './labels.js';

/** One series of a metric: its exposed labels and whatever state its type keeps. */
export interface Cell {
  /** Labels as exposed, constant labels included. */
  readonly labels: Readonly<Record<string, string>>;
  /** False once the series was removed or the metric reset; bound handles then re-resolve. */
  live: boolean;
  /** True for the overflow series: each recording into it is counted as folded. */
  readonly folded: boolean;
}

/** What a metric reports back to the SDK about rejected or folded recordings. */
export interface MetricEvents {
  overflow(metricName: string): void;
  invalidValue(metricName: string): void;
  collectError(metricName: string, error: unknown): void;
}

/** Settings shared by every metric type. */
export interface GuardedMetricConfig {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly constLabels: Readonly<Record<string, string>>;
  readonly maxSeries: number;
  readonly maxLabelValueLength: number;
  readonly aggregator: string;
  readonly collectTimeoutMs: number;
  readonly events: MetricEvents;
  /** Times each collection of the metrics it is shared by (the scrape duration). */
  readonly clock?: CollectionClock;
  /** Called once, at the first series, for a metric that is not exposed (its group is off). */
  readonly firstSeries?: () => void;
  /**
   * The name each renamed label is exposed under (`naming: 'otel'`): recordings keep the
   * catalogue's label names, and a series gets its exposed labels once, when it is created.
   */
  readonly exposedLabels?: Readonly<Record<string, string>>;
}

/** A value line in prom-client's exposition model. */
export interface MetricValue {
  value: number;
  labels: Record<string, string | number>;
  metricName?: string;
  sharedLabels?: Record<string, string>;
  exemplar?: { labelSet: Record<string, string>; value: number; timestamp: number };
}

/** What a metric returns to prom-client's registry at scrape time. */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: string;
  values: MetricValue[];
  aggregator: string;
}

/** A scrape-time callback that refreshes a metric's values before they are read. */
export type Collector = () => void | Promise<void>;

/**
 * The storage and cardinality guard every SDK metric shares. It implements the part of
 * prom-client's metric interface that a `Registry` uses (`name`, `help`, `type`,
 * `aggregator`, `get()`, `reset()`), so it registers in any prom-client registry, is
 * aggregated by `AggregatorRegistry`, and is exposed by `registry.metrics()`.
 *
 * Series are found by a key built from the label values as a scraper reads them
 * (well-formed, cut to `maxLabelValueLength`). A metric holds at most `maxSeries` series;
 * past that, a new label set is recorded into one overflow series whose labels are all
 * {@link OVERFLOW_LABEL_VALUE}, and each recording folded there is reported, while series
 * that exist keep updating. Recording never throws.
 */
export abstract class GuardedMetric<C extends Cell> {
  readonly name: string;
  readonly help: string;
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labelNames: readonly string[];
  readonly aggregator: string;
  protected readonly config: GuardedMetricConfig;
  protected series = new Map<string, C>();
  private overflowCell: C | undefined;
  private unlabelled: C | undefined;
  private readonly collectors: Collector[] = [];

  constructor(config: GuardedMetricConfig) {
    this.config = config;
    this.name = config.name;
    this.help = config.help;
    this.labelNames = config.labelNames;
    this.aggregator = config.aggregator;
  }

  /** Creates the state of a new series with the given exposed labels (`folded` for the overflow series). */
  protected abstract createCell(labels: Readonly<Record<string, string>>, folded: boolean): C;

  /** Appends the exposition values of one series. */
  protected abstract snapshotCell(cell: C, out: MetricValue[], split: boolean): void;

  /** Number of series held, the overflow series excluded. */
  get seriesCount(): number {
    return this.labelNames.length === 0 ? (this.unlabelled ? 1 : 0) : this.series.size;
  }

  /**
   * Finds or creates the series for a label set; never throws. Past the cap this is the
   * overflow series: the caller records into it through {@link hit}, which counts the fold.
   */
  protected cellFor(labels: Readonly<Record<string, unknown>> | undefined): C {
    if (this.labelNames.length === 0) return (this.unlabelled ??= this.firstCell(this.config.constLabels));
    const key = seriesKey(this.labelNames, labels);
    return this.series.get(key) ?? this.admit(key, labels);
  }

  /** Finds the series of a label set without creating it. */
  protected peek(labels: Readonly<Record<string, unknown>> | undefined): C | undefined {
    if (this.labelNames.length === 0) return this.unlabelled;
    const normalized = normalizeLabels(this.labelNames, labels, this.config.maxLabelValueLength);
    return this.series.get(seriesKey(this.labelNames, normalized));
  }

  private admit(rawKey: string, labels: Readonly<Record<string, unknown>> | undefined): C {
    const normalized = normalizeLabels(this.labelNames, labels, this.config.maxLabelValueLength);
    const key = seriesKey(this.labelNames, normalized);
    if (key !== rawKey) {
      const existing = this.series.get(key);
      if (existing !== undefined) return existing;
    }
    if (this.series.size >= this.config.maxSeries) return this.overflow();
    const exposed = { ...this.config.constLabels, ...this.exposedNames(normalized) };
    const cell = this.series.size === 0 ? this.firstCell(exposed) : this.createCell(exposed, false);
    this.series.set(key, cell);
    return cell;
  }

  /** Creates a metric's first series (or its unlabelled one), telling `firstSeries` once. */
  private firstCell(labels: Readonly<Record<string, string>>): C {
    const firstSeries = this.config.firstSeries;
    if (firstSeries !== undefined && !this.toldFirstSeries) {
      this.toldFirstSeries = true;
      try {
        firstSeries();
      } catch {
        // Telling is a courtesy: recording never throws.
      }
    }
    return this.createCell(labels, false);
  }

  private toldFirstSeries = false;

  /** A series' labels under their exposed names, in the metric's label order. */
  private exposedNames(labels: Record<string, string>): Record<string, string> {
    const renames = this.config.exposedLabels;
    if (renames === undefined) return labels;
    const exposed: Record<string, string> = {};
    for (const name of this.labelNames) exposed[renames[name] ?? name] = labels[name]!;
    return exposed;
  }

  private overflow(): C {
    if (this.overflowCell === undefined) {
      const labels: Record<string, string> = {};
      for (const name of this.labelNames) labels[name] = OVERFLOW_LABEL_VALUE;
      this.overflowCell = this.createCell({ ...this.config.constLabels, ...this.exposedNames(labels) }, true);
    }
    return this.overflowCell;
  }

  /**
   * The series a recording goes into, counted when it is the overflow series: every
   * recording folded there counts once, on every path (bound or not), and a binding
   * that records nothing counts nothing.
   */
  protected hit(cell: C): C {
    if (cell.folded) this.config.events.overflow(this.name);
    return cell;
  }

  /** Reports a value that cannot be recorded; the caller drops it. */
  protected invalid(): void {
    this.config.events.invalidValue(this.name);
  }

  /** Removes the series of a label set, if it exists. Never throws. */
  remove(labels?: Readonly<Record<string, unknown>>): void {
    if (this.labelNames.length === 0) {
      if (this.unlabelled) this.unlabelled.live = false;
      this.unlabelled = undefined;
      return;
    }
    const normalized = normalizeLabels(this.labelNames, labels, this.config.maxLabelValueLength);
    const key = seriesKey(this.labelNames, normalized);
    const cell = this.series.get(key);
    if (cell !== undefined) {
      cell.live = false;
      this.series.delete(key);
    }
  }

  /** Removes every series, as prom-client's `reset()` does. */
  reset(): void {
    for (const cell of this.series.values()) cell.live = false;
    if (this.overflowCell) this.overflowCell.live = false;
    if (this.unlabelled) this.unlabelled.live = false;
    this.series = new Map();
    this.overflowCell = undefined;
    this.unlabelled = undefined;
  }

  /** Adds a callback run before each scrape (bounded by the collect timeout). */
  addCollector(collector: Collector): void {
    this.collectors.push(collector);
  }

  /** The collection in progress for the current scrape, if any; it settles within the collect timeout. */
  pendingCollection: Promise<void> | undefined;

  private async runCollectors(): Promise<void> {
    if (this.collectors.length === 0) return;
    const collection = Promise.all(this.collectors.map((collector) => this.runCollector(collector))).then(() => {});
    this.pendingCollection = collection;
    try {
      await collection;
    } finally {
      if (this.pendingCollection === collection) this.pendingCollection = undefined;
    }
  }

  private async runCollector(collector: Collector): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    try {
      const result = collector();
      if (result && typeof (result as Promise<void>).then === 'function') {
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(
            () =>
              reject(new Error(`collector of ${this.name} did not settle within ${this.config.collectTimeoutMs} ms`)),
            this.config.collectTimeoutMs,
          );
          timer.unref();
        });
        await Promise.race([result, timeout]);
      }
    } catch (error) {
      this.config.events.collectError(this.name, error);
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  private async snapshot(split: boolean): Promise<MetricSnapshot> {
    const settled = this.config.clock?.begin();
    try {
      await this.runCollectors();
      const values: MetricValue[] = [];
      if (this.unlabelled) this.snapshotCell(this.unlabelled, values, split);
      for (const cell of this.series.values()) this.snapshotCell(cell, values, split);
      if (this.overflowCell) this.snapshotCell(this.overflowCell, values, split);
      return { name: this.name, help: this.help, type: this.type, values, aggregator: this.aggregator };
    } finally {
      settled?.();
    }
  }

  /** prom-client's JSON view: every value carries all its labels. */
  get(): Promise<MetricSnapshot> {
    return this.snapshot(false);
  }

  /** prom-client's text view: histogram buckets share their series labels. */
  getForPromString(): Promise<MetricSnapshot> {
    return this.snapshot(true);
  }
}
