import { ALERTS_BY_GROUP } from '../alerts/index.js';
import type { AlertGroup } from '../alerts/names.js';
import type { AlertDefinition, RuleContext } from '../alerts/types.js';
import { templateText } from '../promql.js';
import { generatedHeader } from './header.js';
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import { toYaml, type YamlValue } from './yaml.js';

/** The threshold an alert is rendered with: the configured one, or the one its objective implies. */
export function alertThreshold(definition: AlertDefinition, config: ResolvedPresetConfig): number | undefined {
  return config.alerts[definition.name].threshold ?? definition.derivedThreshold?.(config);
}

/** The labels every instance of the alert carries. */
export function alertLabels(definition: AlertDefinition, config: ResolvedPresetConfig): Record<string, string> {
  return { severity: config.alerts[definition.name].severity, component: definition.component, ...config.alertLabels };
}

/** The runbook URL of an alert, from the one pattern in the config. */
export function runbookUrl(config: ResolvedPresetConfig, name: string): string {
  return config.runbookUrl.replaceAll('{alertname}', name);
}

/** The enabled alerts of a group. */
export function enabledAlerts(group: AlertGroup, config: ResolvedPresetConfig): AlertDefinition[] {
  return ALERTS_BY_GROUP[group].filter((definition) => config.alerts[definition.name].enabled);
}

/** The rule group of one alert file, as data. */
export function alertRuleGroup(group: AlertGroup, c: RuleContext): { name: string; rules: YamlValue[] } {
  return {
    name: `transcode-flow-${group}.alerts`,
    rules: enabledAlerts(group, c.config).map((definition) => alertRule(definition, c)),
  };
}

/** One alerting rule as Prometheus reads it: expression, `for`, labels and annotations from the config. */
export function alertRule(definition: AlertDefinition, c: RuleContext): YamlValue {
  const config = c.config;
  const text = templateText(config, definition.format, alertThreshold(definition, config));
  return {
    alert: definition.name,
    expr: definition.expr(c, config.alerts[definition.name].threshold ?? 0),
    for: config.alerts[definition.name].for,
    labels: alertLabels(definition, config),
    annotations: {
      summary: definition.summary(text),
      description: definition.description(text),
      runbook_url: runbookUrl(config, definition.name),
    },
  };
}

/** `prometheus/alerts/<group>.yml`. */
export function renderAlertFile(group: AlertGroup, c: RuleContext): string {
  return toYaml({ groups: [alertRuleGroup(group, c)] }, generatedHeader());
}
