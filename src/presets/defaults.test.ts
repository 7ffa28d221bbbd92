import { describe, expect, it } from 'vitest';
import { ALERTS } from './alerts/index.js';
import { durationSeconds } from './config/validation.js';
import { resolvePresetConfig } from './config/resolve-config.js';
import { ALERT_TIMING, SLO_WINDOWS, THRESHOLDS, type AlertTiming } from './defaults.js';

const TIMING: Readonly<Record<string, AlertTiming>> = ALERT_TIMING;
const byName = (name: string) => ALERTS.find((alert) => alert.name === name)!;

describe('the defaults file', () => {
  it('holds the default threshold of every alert that has one, and nothing else', () => {
    const declared = ALERTS.flatMap((alert) => (alert.threshold ? [[alert.name, alert.threshold.default]] : []));
    expect(Object.entries(THRESHOLDS)).toEqual(declared);
  });

  it('holds the timing of every alert, in the order of the rule files, and nothing else', () => {
    expect(Object.keys(ALERT_TIMING)).toEqual(ALERTS.map((alert) => alert.name));
  });

  it.each(ALERTS.map((alert) => alert.name))(
    '%s waits the `for` of its entry, by default and in the resolved config',
    (name) => {
      expect(byName(name).for).toBe(TIMING[name]!.for);
      expect(resolvePresetConfig({}).alerts[name].for).toBe(TIMING[name]!.for);
    },
  );

  it.each(ALERTS.flatMap((alert) => (TIMING[alert.name]!.window === undefined ? [] : [alert.name])))(
    '%s gives its promtool tests the range its entry names',
    (name) => {
      const alert = byName(name);
      const { window, baseline } = TIMING[name]!;
      // A baseline range ends as long ago as it lasts (`[1h] offset 1h`).
      const longest = baseline === undefined ? durationSeconds(window!) : 2 * durationSeconds(baseline);
      expect(alert.window?.(alert.threshold?.default ?? 0) ?? 300).toBe(longest);
    },
  );

  it('pairs each burn-rate alert with two windows the SLO rules record', () => {
    const pairs = Object.values(TIMING).filter((timing) => timing.shortWindow !== undefined);
    expect(pairs).toHaveLength(4);
    for (const { window, shortWindow } of pairs)
      expect(SLO_WINDOWS).toEqual(expect.arrayContaining([window, shortWindow]));
  });

  it('names only durations Prometheus reads, above zero', () => {
    const durations = Object.values(TIMING).flatMap((timing) => Object.values(timing) as string[]);
    for (const duration of durations) {
      expect(duration).toMatch(/^(?:\d+(?:ms|s|m|h|d|w|y))+$/);
      expect(durationSeconds(duration)).toBeGreaterThan(0);
    }
  });
});
