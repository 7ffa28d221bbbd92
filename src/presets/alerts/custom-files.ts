/**
 * The files of the alerts on a service's own metrics: `prometheus/alerts/custom.yml`, its
 * promtool tests in `prometheus/tests/custom.test.yml`, and a runbook page per alert in
 * `runbooks/`. None is written when the config asks for no custom alert.
 */
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import { alertRule } from '../render/alerts.js';
import { alertTests } from '../render/alert-tests.js';
import { generatedHeader } from '../render/header.js';
import { toYaml, type YamlValue } from '../render/yaml.js';
import type { RuleContext } from './types.js';
import { customAlertDefinitions, withCustomSettings } from './custom-alerts.js';

/** The rule group of `custom.yml`, as data (also part of the Kubernetes PrometheusRule); none without custom alerts. */
export function customAlertRuleGroups(c: RuleContext): { name: string; rules: YamlValue[] }[] {
  const config = withCustomSettings(c.config);
  const definitions = customAlertDefinitions(config);
  if (definitions.length === 0) return [];
  const context = { ...c, config };
  return [
    { name: 'transcode-flow-custom.alerts', rules: definitions.map((definition) => alertRule(definition, context)) },
  ];
}

/** `prometheus/alerts/custom.yml` and `prometheus/tests/custom.test.yml`, or nothing without custom alerts. */
export function renderCustomAlertFiles(c: RuleContext): Map<string, string> {
  const groups = customAlertRuleGroups(c);
  if (groups.length === 0) return new Map();
  const config: ResolvedPresetConfig = withCustomSettings(c.config);
  const tests = customAlertDefinitions(config).flatMap((definition) => alertTests(definition, config));
  return new Map([
    ['prometheus/alerts/custom.yml', toYaml({ groups }, generatedHeader())],
    [
      'prometheus/tests/custom.test.yml',
      toYaml({ rule_files: ['../alerts/custom.yml'], evaluation_interval: '1m', tests }, generatedHeader()),
    ],
  ]);
}
