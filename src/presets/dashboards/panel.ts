import type { RuleContext } from '../alerts/types.js';
import { aggregate } from '../promql.js';
import type { HistogramName, SdkSeriesName } from '../metric-names.js';
import type { YamlValue } from '../render/yaml.js';

/** One query of a panel. */
export interface Query {
  readonly expr: string;
  readonly legend?: string;
  /** Table panels read one instant value per series. */
  readonly instant?: boolean;
}

/** A panel as the dashboards declare it; `dashboardJson` lays it out and fills in the rest. */
export interface PanelSpec {
  readonly title: string;
  readonly type: 'gauge' | 'stat' | 'timeseries' | 'table' | 'bargauge';
  /** Grafana unit id (`percentunit`, `s`, `bytes`, `reqps`, `short`, …). */
  readonly unit: string;
  readonly description: string;
  readonly queries: readonly Query[];
  /** Grid width out of 24. Default: 6 for gauges and stats, 12 otherwise. */
  readonly width?: number;
  readonly min?: number;
  readonly max?: number;
}

/** A dashboard as declared: its uid, title and panels. */
export interface DashboardSpec {
  readonly uid: string;
  readonly file: string;
  readonly title: string;
  readonly summary: string;
  readonly panels: readonly PanelSpec[];
}

/** What the dashboard declarations are written with. */
export interface PanelContext extends RuleContext {
  /** The SDK selector with the dashboard's job and instance variables: `{job=~"$job",instance=~"$instance"}`. */
  sdk(...matchers: string[]): string;
  /** The config's extra selector labels only (every scrape target carries them), or `''`. */
  all(): string;
}

/** The Prometheus datasource of every panel and query: the `${datasource}` variable, never a fixed uid. */
export const DATASOURCE: YamlValue = { type: 'prometheus', uid: '${datasource}' };

/** A `histogram_quantile` over a rate of `metric`'s buckets, grouped by `by`. */
export function quantile(c: PanelContext, q: number, metric: HistogramName, by = ''): string {
  const group = by === '' ? 'le' : `${by}, le`;
  return `histogram_quantile(${q}, ${aggregate(`${metric}_bucket`, group, `rate(${c.metric(`${metric}_bucket`)}${c.sdk()}[$__rate_interval])`)})`;
}

/** `sum by (by) (rate(metric{…}[$__rate_interval]))`, the operator from the catalogue (see `aggregate`). */
export function rate(c: PanelContext, metric: SdkSeriesName, by: string, ...matchers: string[]): string {
  return aggregate(metric, by, `rate(${c.metric(metric)}${c.sdk(...matchers)}[$__rate_interval])`);
}
