import { ALERT_NAMES, type AlertGroup } from '../alerts/names.js';
import type { AlertDefinition, InputSeries } from '../alerts/types.js';
import { durationSeconds } from '../config/validation.js';
import { renderedText, testContext } from '../promql.js';
import { onThreeInstances, sharedState } from './instances.js';
import { generatedHeader } from './header.js';
import type { ResolvedPresetConfig } from '../config/preset-config.js';
import { alertLabels, alertThreshold, enabledAlerts, runbookUrl } from './alerts.js';
import { toYaml, type YamlValue } from './yaml.js';

/** The rule files every test file loads, relative to `prometheus/tests/`. */
export function testRuleFiles(): string[] {
  return [...Object.keys(ALERT_NAMES).map((group) => `../alerts/${group}.yml`), '../rules/*.yml'];
}

function inputs(series: readonly InputSeries[]): YamlValue[] {
  return series.map((item) => ({ series: item.series, values: item.values }));
}

/**
 * The promtool tests of one alert: it fires with the expected labels and annotations, and it
 * stays quiet. An alert on shared state (a metric the catalogue aggregates with `max`, such as
 * `queue_workers_active`) gets both again with its input as three replicas export it: the
 * shared series in each, the per-process series split between them. The expectations are the
 * same: three replicas must not change what fires.
 */
export function alertTests(definition: AlertDefinition, config: ResolvedPresetConfig, step = 1): YamlValue[] {
  const settings = config.alerts[definition.name];
  const threshold = settings.threshold ?? definition.derivedThreshold?.(config) ?? 0;
  const window = definition.window?.(threshold) ?? 300;
  // The rule needs its window filled, then `for` to pass; five more minutes of margin.
  const minutes = Math.ceil((Math.ceil((window + durationSeconds(settings.for)) / 60) + 5) / step) * step;
  const c = testContext(config, threshold, minutes);
  const testCase = definition.test(c);
  const labels = { ...testCase.fire.labels, ...alertLabels(definition, config) };
  const text = renderedText(config, definition.format, alertThreshold(definition, config), labels, testCase.fire.value);
  const evalTime = `${minutes}m`;
  const fires = (name: string, series: readonly InputSeries[]): YamlValue => ({
    name,
    interval: '1m',
    input_series: inputs(series),
    alert_rule_test: [
      {
        eval_time: evalTime,
        alertname: definition.name,
        exp_alerts: [
          {
            exp_labels: labels,
            exp_annotations: {
              summary: definition.summary(text),
              description: definition.description(text),
              runbook_url: runbookUrl(config, definition.name),
            },
          },
        ],
      },
    ],
  });
  const quiet = (name: string, series: readonly InputSeries[]): YamlValue => ({
    name,
    interval: '1m',
    input_series: inputs(series),
    alert_rule_test: [{ eval_time: evalTime, alertname: definition.name, exp_alerts: [] }],
  });
  const tests = [
    fires(`${definition.name} fires`, testCase.fire.series),
    quiet(`${definition.name} stays quiet`, testCase.quiet.series),
  ];
  if (!sharedState(config, [...testCase.fire.series, ...testCase.quiet.series])) return tests;
  return [
    ...tests,
    fires(`${definition.name} fires alike with 3 instances`, onThreeInstances(config, testCase.fire.series)),
    quiet(`${definition.name} stays quiet alike with 3 instances`, onThreeInstances(config, testCase.quiet.series)),
  ];
}

/**
 * `prometheus/tests/<group>.test.yml`: a firing and a quiet test for every enabled alert of the
 * group. The SLO alerts look back six hours, so their rules are evaluated every 5 minutes.
 */
export function renderAlertTestFile(group: AlertGroup, config: ResolvedPresetConfig): string {
  const step = group === 'slo' ? 5 : 1;
  return toYaml(
    {
      rule_files: testRuleFiles(),
      evaluation_interval: `${step}m`,
      tests: enabledAlerts(group, config).flatMap((definition) => alertTests(definition, config, step)),
    },
    generatedHeader(),
  );
}
