import { type Cell, GuardedMetric, type MetricValue } from './guarded-metric.js';

interface GaugeCell extends Cell {
  value: number;
}

/** A bound gauge series: updates without any label lookup. */
export interface BoundGauge {
  /** Adds `value` (default 1). */
  inc(value?: number): void;
  /** Subtracts `value` (default 1). */
  dec(value?: number): void;
  /** Sets the value. */
  set(value: number): void;
}

/** A value that goes up and down, stored by the cardinality guard. */
export class GuardedGauge extends GuardedMetric<GaugeCell> {
  readonly type = 'gauge';

  protected createCell(labels: Readonly<Record<string, string>>, folded: boolean): GaugeCell {
    return { labels, live: true, folded, value: 0 };
  }

  protected snapshotCell(cell: GaugeCell, out: MetricValue[]): void {
    out.push({ value: cell.value, labels: cell.labels });
  }

  /** Adds `value` (default 1) to the series of `labels`. */
  inc(labels?: Readonly<Record<string, unknown>> | number, value = 1): void {
    if (typeof labels === 'number') return this.inc(undefined, labels);
    if (!Number.isFinite(value)) return this.invalid();
    this.hit(this.cellFor(labels)).value += value;
  }

  /** Subtracts `value` (default 1) from the series of `labels`. */
  dec(labels?: Readonly<Record<string, unknown>> | number, value = 1): void {
    if (typeof labels === 'number') return this.dec(undefined, labels);
    if (!Number.isFinite(value)) return this.invalid();
    this.hit(this.cellFor(labels)).value -= value;
  }

  /** Sets the series of `labels` to `value`. */
  set(labels: Readonly<Record<string, unknown>> | number | undefined, value?: number): void {
    if (typeof labels === 'number') return this.set(undefined, labels);
    if (typeof value !== 'number' || Number.isNaN(value)) return this.invalid();
    this.hit(this.cellFor(labels)).value = value;
  }

  /** Returns a handle bound to the series of `labels`. */
  labels(labels?: Readonly<Record<string, unknown>>): BoundGauge {
    let cell = this.cellFor(labels);
    const live = (): GaugeCell => this.hit(cell.live ? cell : (cell = this.cellFor(labels)));
    return {
      inc: (value = 1) => (Number.isFinite(value) ? void (live().value += value) : this.invalid()),
      dec: (value = 1) => (Number.isFinite(value) ? void (live().value -= value) : this.invalid()),
      set: (value) =>
        typeof value === 'number' && !Number.isNaN(value) ? void (live().value = value) : this.invalid(),
    };
  }

  /** The current value of the series of `labels` (0 when it does not exist). */
  value(labels?: Readonly<Record<string, unknown>>): number {
    return this.peek(labels)?.value ?? 0;
  }
}
