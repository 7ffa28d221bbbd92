import type { Catalogue } from '../catalogue/index.js';
import type { MetricDefinition } from '../catalogue/define-metric.js';
import type { BoundCounter } from './metrics/counter.js';
import type { BoundGauge } from './metrics/gauge.js';
import type { Collector } from './metrics/guarded-metric.js';
import type { BoundHistogram } from './metrics/histogram.js';
import type { LabelValues } from './metrics/labels.js';

/** Arguments that select a series: none for a metric without labels, else its label values. */
export type LabelArgs<L extends string> = [L] extends [never] ? [] : [labels: LabelValues<L>];

/** What every handle has, whatever its type. */
export interface MetricHandleBase<L extends string> {
  /** The exposed name, prefix included. */
  readonly name: string;
  /** Number of series held now (the overflow series excluded). */
  readonly seriesCount: number;
  /** Removes one series, e.g. a per-transcode progress gauge when the transcode ends. */
  remove(...labels: LabelArgs<L>): void;
  /** Registers a callback run before each scrape; one that throws or hangs is counted, never fatal. */
  addCollector(collector: Collector): void;
}

/**
 * A counter of the catalogue. Label names are checked at compile time.
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * const { metrics } = createObservability({ groups: ['jobs'] });
 * metrics.jobsCreatedTotal.inc({ queue: 'transcode', job_type: 'video' });
 * const created = metrics.jobsCreatedTotal.labels({ queue: 'transcode', job_type: 'video' });
 * created.inc();
 * ```
 */
export interface CounterHandle<L extends string> extends MetricHandleBase<L> {
  /** Adds `value` (default 1). Negative or non-finite values are dropped and counted, never thrown. */
  inc(...args: [L] extends [never] ? [value?: number] : [labels: LabelValues<L>, value?: number]): void;
  /** A handle bound to one series: the fastest way to record the same labels often. */
  labels(...labels: LabelArgs<L>): BoundCounter;
  /** The current value of one series (0 when it does not exist). */
  value(...labels: LabelArgs<L>): number;
}

/**
 * A gauge of the catalogue. Label names are checked at compile time.
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * const { metrics } = createObservability({ groups: ['jobs'] });
 * metrics.jobsQueued.inc({ queue: 'transcode', job_type: 'video' });
 * metrics.storageUsedBytes.set({ backend: 'local' }, 1_048_576);
 * ```
 */
export interface GaugeHandle<L extends string> extends MetricHandleBase<L> {
  /** Adds `value` (default 1). */
  inc(...args: [L] extends [never] ? [value?: number] : [labels: LabelValues<L>, value?: number]): void;
  /** Subtracts `value` (default 1). */
  dec(...args: [L] extends [never] ? [value?: number] : [labels: LabelValues<L>, value?: number]): void;
  /** Sets the value. */
  set(...args: [L] extends [never] ? [value: number] : [labels: LabelValues<L>, value: number]): void;
  /** A handle bound to one series. */
  labels(...labels: LabelArgs<L>): BoundGauge;
  /** The current value of one series (0 when it does not exist). */
  value(...labels: LabelArgs<L>): number;
}

/**
 * A histogram of the catalogue. Label names are checked at compile time.
 *
 * @example
 * ```ts
 * import { createObservability } from '@transcode-flow/observability';
 * const { metrics } = createObservability({ groups: ['database'] });
 * metrics.dbQueryDurationSeconds.observe({ operation: 'select', outcome: 'success' }, 0.012);
 * const end = metrics.thumbnailGenerationDurationSeconds.startTimer();
 * end(); // observes the elapsed seconds
 * ```
 */
export interface HistogramHandle<L extends string> extends MetricHandleBase<L> {
  /** The bucket upper bounds in use (the catalogue's or the override). */
  readonly buckets: readonly number[];
  /**
   * Records one observation; negative or non-finite values are dropped and counted in
   * `observability_invalid_values_total`. With exemplars on, `exemplar` is kept as the bucket's
   * exemplar when OpenMetrics allows it (label names `[a-zA-Z][a-zA-Z0-9_]*`, 128 code points of
   * names and values at most); otherwise it is dropped, the observation kept, and the drop counted
   * in `observability_exemplars_dropped_total`.
   */
  observe(
    ...args: [L] extends [never]
      ? [value: number, exemplar?: Record<string, string>]
      : [labels: LabelValues<L>, value: number, exemplar?: Record<string, string>]
  ): void;
  /** Starts a timer; the returned function observes the elapsed seconds and returns them. */
  startTimer(...labels: LabelArgs<L>): () => number;
  /** A handle bound to one series. */
  labels(...labels: LabelArgs<L>): BoundHistogram;
  /** Observation count and sum of one series (zeros when it does not exist). */
  value(...labels: LabelArgs<L>): {
    /** Number of observations. */
    count: number;
    /** Sum of the observed values. */
    sum: number;
  };
}

/**
 * The handle type for a catalogue definition.
 *
 * @example
 * ```ts
 * import type { Catalogue, HandleFor } from '@transcode-flow/observability';
 * type Requests = HandleFor<Catalogue['apiRequestsTotal']>; // CounterHandle<'method' | 'route' | 'status_code'>
 * ```
 */
export type HandleFor<D> =
  D extends MetricDefinition<string, infer L, infer T>
    ? T extends 'counter'
      ? CounterHandle<L>
      : T extends 'gauge'
        ? GaugeHandle<L>
        : HistogramHandle<L>
    : never;

/**
 * Every handle of the catalogue, keyed as in {@link CATALOGUE}.
 *
 * @example
 * ```ts
 * import { createObservability, type MetricHandles } from '@transcode-flow/observability';
 * const handles: MetricHandles = createObservability().metrics;
 * handles.apiRequestsInProgress.inc({ method: 'GET', route: '/jobs/:jobId' });
 * ```
 */
export type MetricHandles = { readonly [K in keyof Catalogue]: HandleFor<Catalogue[K]> };

/**
 * The typed handles of a service's own metrics (`observability.custom`), keyed as in the
 * `customMetrics` option. Label names are checked at compile time, as for catalogue handles.
 *
 * @example
 * ```ts
 * import { createObservability, defineMetric, type CustomHandles } from '@transcode-flow/observability';
 *
 * const customMetrics = {
 *   uploadsTotal: defineMetric({ name: 'uploads_total', type: 'counter', help: 'Uploads, by outcome.', labelNames: ['outcome'] }),
 * };
 * const custom: CustomHandles<typeof customMetrics> = createObservability({ customMetrics }).custom;
 * custom.uploadsTotal.inc({ outcome: 'stored' });
 * ```
 */
export type CustomHandles<C> = { readonly [K in keyof C]: HandleFor<C[K]> };
