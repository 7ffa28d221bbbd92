/**
 * Test input as several replicas export it, for the promtool tests of alerts and recording
 * rules on shared state: a series of a metric the catalogue combines with `max` (the same
 * figure in every replica) is repeated in each instance; any other series (per-process
 * figures, summed) is split between them, so that only the right operator gives back the
 * one-instance answer.
 */
import type { InputSeries } from '../alerts/types.js';
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import type { SdkSeriesName } from '../metric-names.js';
import { acrossInstances } from '../promql.js';

/** The `instance` labels of the three replicas the multi-instance tests feed in. */
const TEST_INSTANCES = ['10.0.0.1:3000', '10.0.0.2:3000', '10.0.0.3:3000'] as const;

/**
 * The shares of a summed series each replica gets: dyadic fractions, so the parts add up to
 * the whole exactly in floating point.
 */
const SHARES = [0.5, 0.25, 0.25] as const;

/** The exposed name of an input series, without the prefix; `undefined` for a series of another prefix. */
function sdkName(config: ResolvedPresetConfig, series: InputSeries): SdkSeriesName | undefined {
  const name = series.series.slice(0, series.series.indexOf('{'));
  return name.startsWith(config.prefix) ? (name.slice(config.prefix.length) as SdkSeriesName) : undefined;
}

function isShared(config: ResolvedPresetConfig, series: InputSeries): boolean {
  const name = sdkName(config, series);
  return name !== undefined && acrossInstances(name) !== 'sum';
}

/** Whether any of the series is of a shared-state metric. */
export function sharedState(config: ResolvedPresetConfig, series: readonly InputSeries[]): boolean {
  return series.some((item) => isShared(config, item));
}

function withInstance(series: string, instance: string): string {
  return `${series.slice(0, -1)}${series.endsWith('{}') ? '' : ','}instance="${instance}"}`;
}

/** promtool's expanding notation `a+bxn` (or `axn`) scaled by `share`. */
function scaled(values: string, share: number): string {
  const match = /^(-?[\d.e+-]+?)(?:\+([\d.e-]+))?x(\d+)$/.exec(values);
  if (!match) throw new Error(`cannot split the test values "${values}" between instances`);
  const [, start, step, count] = match;
  const base = String(Number(start) * share);
  return step === undefined ? `${base}x${count}` : `${base}+${String(Number(step) * share)}x${count}`;
}

/**
 * The series as three replicas export them: shared series repeated in each instance, the
 * others split 1/2, 1/4, 1/4 between them.
 */
export function onThreeInstances(config: ResolvedPresetConfig, series: readonly InputSeries[]): InputSeries[] {
  return series.flatMap((item) =>
    TEST_INSTANCES.map((instance, i) => ({
      series: withInstance(item.series, instance),
      values: isShared(config, item) ? item.values : scaled(item.values, SHARES[i]!),
    })),
  );
}
