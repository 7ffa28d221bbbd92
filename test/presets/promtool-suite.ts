import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ALL_ALERT_NAMES, type PresetConfig } from '../../src/presets/index.js';
import { CATALOGUE_DEFINITIONS } from '../../src/catalogue/index.js';
import { namedMetric } from '../../src/catalogue/naming.js';
import { requireTool } from '../helpers/tools.js';
import { renderToTemp, run } from './helpers.js';
import { metricNames } from './promql-names.js';

interface RuleFile {
  groups: { name: string; rules: { alert?: string; record?: string }[] }[];
}
interface TestFile {
  tests: { name: string; alert_rule_test?: { alertname: string; exp_alerts: unknown[] }[] }[];
}

/** The promtool checks of one rendered tree; each config's suite runs in its own test file. */
export function describeRules(label: string, config: PresetConfig): void {
  describe(`rules rendered with ${label}`, () => {
    const promtool = requireTool('promtool');
    const { dir, cleanup } = renderToTemp(config);
    const prometheus = join(dir, 'prometheus');
    afterAll(cleanup);
    const files = (sub: string) => readdirSync(join(prometheus, sub)).map((file) => join(sub, file));

    it('pass promtool check rules', () => {
      const result = run(promtool, ['check', 'rules', ...files('alerts'), ...files('rules')], prometheus);
      expect(result.output).not.toMatch(/FAILED|error/i);
      expect(result.status).toBe(0);
    });

    it('pass every promtool unit test, the recording rule tests included', { timeout: 240_000 }, () => {
      const result = run(promtool, ['test', 'rules', ...files('tests')], prometheus);
      expect(result.output, result.output).not.toContain('FAILED');
      expect(result.status).toBe(0);
    });

    it('test every enabled alert firing and staying quiet', () => {
      const disabled = new Set(
        Object.entries(config.alerts ?? {})
          .filter(([, o]) => o.enabled === false)
          .map(([n]) => n),
      );
      const alerts = files('alerts').flatMap((file) =>
        (parse(readFileSync(join(prometheus, file), 'utf8')) as RuleFile).groups.flatMap((g) =>
          g.rules.map((r) => r.alert!),
        ),
      );
      expect(alerts.sort()).toEqual(ALL_ALERT_NAMES.filter((name) => !disabled.has(name)).sort());
      const cases = files('tests').flatMap((file) =>
        (parse(readFileSync(join(prometheus, file), 'utf8')) as TestFile).tests.flatMap(
          (test) => test.alert_rule_test ?? [],
        ),
      );
      expect(cases.length).toBeGreaterThan(0);
      expectFiringAndQuietCases(alerts, cases);
    });

    it('query only the names the naming exposes', () => {
      const naming = config.naming ?? 'prometheus';
      const prefix = config.prefix ?? '';
      const hidden = new Set<string>();
      for (const definition of CATALOGUE_DEFINITIONS) {
        const named = namedMetric(definition, naming);
        const samples = definition.type === 'histogram' ? ['', '_bucket', '_count', '_sum'] : [''];
        if (named.name !== definition.name || !named.exposed) {
          for (const sample of samples) hidden.add(prefix + definition.name + sample);
        }
      }
      if (naming === 'prometheus') expect(hidden.size).toBe(0);
      else expect(hidden.size).toBeGreaterThan(0);
      const queried = files('alerts')
        .concat(files('rules'))
        .flatMap(
          (file) =>
            (parse(readFileSync(join(prometheus, file), 'utf8')) as { groups: { rules: { expr: string }[] }[] }).groups,
        )
        .flatMap((group) => group.rules.flatMap((rule) => metricNames(rule.expr)));
      expect(queried.filter((name) => hidden.has(name))).toEqual([]);
    });
  });
}

/** Asserts that every alert has a promtool case where it fires (one alert) and one where it stays quiet. */
export function expectFiringAndQuietCases(
  alerts: readonly string[],
  cases: readonly { alertname: string; exp_alerts: readonly unknown[] }[],
): void {
  for (const alert of alerts) {
    const mine = cases.filter((test) => test.alertname === alert);
    expect(
      mine.some((test) => test.exp_alerts.length === 1),
      `${alert} fires`,
    ).toBe(true);
    expect(
      mine.some((test) => test.exp_alerts.length === 0),
      `${alert} stays quiet`,
    ).toBe(true);
  }
}
