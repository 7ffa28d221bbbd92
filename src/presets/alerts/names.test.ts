import { describe, expect, expectTypeOf, it } from 'vitest';
import type { PresetConfig } from '../config/preset-config.js';
import { resolvePresetConfig } from '../config/resolve-config.js';
import { ALERTS, ALERTS_BY_GROUP } from './index.js';
import { ALERT_NAMES, ALL_ALERT_NAMES, type AlertGroup, type AlertName } from './names.js';

describe('the alert names, read from the alert definitions', () => {
  it('are the names of the definitions, each once, in rule-file order', () => {
    expect(ALL_ALERT_NAMES).toEqual(ALERTS.map((definition) => definition.name));
    expect(new Set(ALL_ALERT_NAMES).size).toBe(ALL_ALERT_NAMES.length);
    expect(Object.values(ALERT_NAMES).flat()).toEqual(ALL_ALERT_NAMES);
  });

  it.each(Object.keys(ALERTS_BY_GROUP) as AlertGroup[])('list the %s file’s alerts as its definitions do', (group) => {
    expect(ALERT_NAMES[group]).toEqual(ALERTS_BY_GROUP[group].map((definition) => definition.name));
  });

  it('keep the groups and counts of the rule files', () => {
    expect(Object.keys(ALERT_NAMES)).toEqual(['jobs', 'system', 'api', 'slo']);
    expect(ALERT_NAMES.system).toHaveLength(18);
    expect(ALERT_NAMES.api).toHaveLength(18);
    expect(ALERT_NAMES.slo).toHaveLength(4);
  });

  it('are literal types, so a misspelt alert in a preset config does not compile', () => {
    expectTypeOf<AlertName>().not.toEqualTypeOf<string>();
    expectTypeOf<'JobQueueBacklog'>().toMatchTypeOf<AlertName>();
    // @ts-expect-error a name no definition has
    const misspelt: PresetConfig = { alerts: { JobQueueBacklogg: { threshold: 1 } } };
    expect(() => resolvePresetConfig(misspelt)).toThrow(/alerts\.JobQueueBacklogg.*did you mean `JobQueueBacklog`/);
  });

  it('are the keys the resolved config holds settings for', () => {
    expect(Object.keys(resolvePresetConfig().alerts).sort()).toEqual([...ALL_ALERT_NAMES].sort());
  });
});
