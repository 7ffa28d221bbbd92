import { type Cell, GuardedMetric, type MetricValue } from './guarded-metric.js';

interface CounterCell extends Cell {
  value: number;
}

/** A bound counter series: increments without any label lookup. */
export interface BoundCounter {
  /** Adds `value` (default 1); negative or non-finite values are dropped and counted. */
  inc(value?: number): void;
}

/** A monotonically increasing count, stored by the cardinality guard. */
export class GuardedCounter extends GuardedMetric<CounterCell> {
  readonly type = 'counter';

  protected createCell(labels: Readonly<Record<string, string>>, folded: boolean): CounterCell {
    return { labels, live: true, folded, value: 0 };
  }

  protected snapshotCell(cell: CounterCell, out: MetricValue[]): void {
    out.push({ value: cell.value, labels: cell.labels });
  }

  /** Adds `value` (default 1) to the series of `labels`. */
  inc(labels?: Readonly<Record<string, unknown>> | number, value = 1): void {
    if (typeof labels === 'number') return this.inc(undefined, labels);
    if (!isIncrement(value)) return this.invalid();
    this.hit(this.cellFor(labels)).value += value;
  }

  /** Returns a handle bound to the series of `labels`. */
  labels(labels?: Readonly<Record<string, unknown>>): BoundCounter {
    let cell = this.cellFor(labels);
    return {
      inc: (value = 1) => {
        if (!isIncrement(value)) return this.invalid();
        if (!cell.live) cell = this.cellFor(labels);
        this.hit(cell).value += value;
      },
    };
  }

  /** The current value of the series of `labels` (0 when it does not exist). */
  value(labels?: Readonly<Record<string, unknown>>): number {
    return this.peek(labels)?.value ?? 0;
  }
}

/** A counter increment must be a finite number, zero or more. */
function isIncrement(value: unknown): value is number {
  return typeof value === 'number' && value >= 0 && value !== Infinity;
}
