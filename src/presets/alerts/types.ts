import type { CatalogueGroup } from '../../catalogue/groups.js';
import type { ValueFormat } from '../humanize.js';
import type { ResolvedPresetConfig, ScrapeTarget } from '../config/preset-config.js';
import type { ExporterMetricName, SdkSeriesName } from '../metric-names.js';
import type { AlertName } from './names.js';

/**
 * How urgent an alert is; Alertmanager routes on it.
 *
 * @example
 * ```ts
 * import type { Severity } from '@transcode-flow/observability/presets';
 *
 * const severity: Severity = 'warning';
 * ```
 */
export type Severity = 'critical' | 'warning' | 'info';

/**
 * The part of the system an alert is about; Alertmanager routes on it too.
 *
 * @example
 * ```ts
 * import type { Component } from '@transcode-flow/observability/presets';
 *
 * const component: Component = 'storage';
 * ```
 */
export type Component = 'jobs' | 'system' | 'database' | 'storage' | 'api';

/** What rules are written with: metric names with the prefix, selectors, recording rule names. */
export interface RuleContext {
  readonly config: ResolvedPresetConfig;
  /** The exposed name of an SDK metric (catalogue, histogram series or runtime), prefix included. */
  metric(name: SdkSeriesName): string;
  /** The name of an exporter metric from `EXTERNAL_METRICS` (exporters take no prefix). */
  exporterMetric(name: ExporterMetricName): string;
  /** A selector such as `{job="transcode-flow",status_code=~"5.."}` for a scrape target plus extra matchers. */
  selector(target: ScrapeTarget, ...matchers: string[]): string;
  /** A recording rule name (`level:metric:operation`) with the prefix on its metric part. */
  recorded(name: string): string;
}

/** One input series of a promtool test. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** What a promtool test of an alert feeds in and expects. */
export interface AlertTestCase {
  /** Series that make the alert fire, and the labels and value it fires with. */
  readonly fire: { series: InputSeries[]; labels: Record<string, string>; value: number };
  /** Series for which it must stay silent. */
  readonly quiet: { series: InputSeries[] };
}

/** Builders for test input; every series carries the target's selector labels. */
export interface TestContext extends RuleContext {
  /** The threshold rendered into the rule. */
  readonly threshold: number;
  /** How many one-minute steps each input series needs. */
  readonly minutes: number;
  /** The selector labels of a target, plus `extra`. */
  labels(target: ScrapeTarget, extra?: Record<string, string>): Record<string, string>;
  /** A counter that grows by `perSecond` each second, sampled each minute. */
  counter(name: string, labels: Record<string, string>, perSecond: number): InputSeries;
  /** A gauge that holds `value`. */
  gauge(name: string, labels: Record<string, string>, value: number): InputSeries;
  /** A histogram (`_bucket`, `_count`, `_sum`) whose observations (`perSecond`) all land in bucket `index`. */
  histogram(
    name: string,
    labels: Record<string, string>,
    buckets: readonly number[],
    index: number,
    perSecond: number,
  ): InputSeries[];
}

/** Renders annotation text either as a Go template or as the text the template yields. */
export interface TextContext {
  readonly config: ResolvedPresetConfig;
  /** A label of the alert: `{{ $labels.name }}` or its value. */
  label(name: string): string;
  /** The alert's value, humanized. */
  readonly value: string;
  /** The threshold, formatted like the value. */
  readonly threshold: string;
}

/** How a threshold may be set, checked when the config is resolved. */
export interface ThresholdSpec {
  readonly default: number;
  /** What the number means, for error messages (e.g. "a ratio of failed to finished jobs"). */
  readonly meaning: string;
  readonly min?: number;
  readonly max?: number;
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

/** One runbook: what the alert means, what it costs, how to diagnose and how to mitigate. */
export interface RunbookEntry {
  readonly meaning: string;
  readonly impact: string;
  /** PromQL to run while diagnosing, each with what it shows. */
  readonly diagnosis: (c: RuleContext) => readonly (readonly [what: string, query: string])[];
  readonly mitigation: readonly string[];
}

/**
 * Everything about one alert, declared once; renderers only fill in the config's values.
 *
 * @typeParam N - The alert's name. The family tables declare each alert with its literal name
 *   (`defineAlerts`), and `AlertName` is read back from them, so the list of names is kept
 *   in one place. Nothing in a definition's own type refers to `AlertName`, which is what lets the
 *   names come from the definitions without a type cycle through `ResolvedPresetConfig`.
 */
export interface AlertDefinition<N extends string = AlertName> {
  readonly name: N;
  readonly component: Component;
  readonly severity: Severity;
  /** Default `for` duration. */
  readonly for: string;
  /**
   * Why the alert is about one scrape target and so keeps (or fires with) its `instance`
   * label: a host, a container, a process or a target that is down. Every other alert
   * aggregates `instance` away and means the same behind any number of replicas and in a
   * long-term store.
   */
  readonly perInstance?: string;
  /** The Python reference stack’s name when this one differs (Celery and Airflow alerts). */
  readonly reportName?: string;
  /**
   * Catalogue groups the alert belongs to besides those of the metrics it reads, for an alert
   * whose metric says nothing of its domain (the job scheduler's `up`): it is rendered only when
   * they are on too.
   */
  readonly groups?: readonly CatalogueGroup[];
  readonly threshold?: ThresholdSpec;
  /** For alerts whose threshold follows from other settings (the SLO objectives): that threshold. */
  readonly derivedThreshold?: (config: ResolvedPresetConfig) => number;
  /** How the value (and the threshold) is shown. */
  readonly format: ValueFormat;
  /** The longest range the rule looks back over, in seconds (default 300). */
  readonly window?: (threshold: number) => number;
  expr(c: RuleContext, threshold: number): string;
  summary(t: TextContext): string;
  description(t: TextContext): string;
  test(c: TestContext): AlertTestCase;
  readonly runbook: RunbookEntry;
}
