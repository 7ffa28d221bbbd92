import { ALERT_NAMES, type AlertGroup } from '../alerts/names.js';
import type { RuleContext } from '../alerts/types.js';
import { generatedHeader } from './header.js';
import { recordingGroups } from '../recording-rules.js';
import { alertRuleGroup } from './alerts.js';
import { customAlertRuleGroups } from '../alerts/custom-files.js';
import { recordingRuleGroup } from './recording-rules.js';
import { toYaml, type YamlValue } from './yaml.js';

function relabel(c: RuleContext, job: string): YamlValue[] {
  return [
    { targetLabel: 'job', replacement: job },
    ...Object.entries(c.config.selector).map(([label, value]) => ({ targetLabel: label, replacement: value })),
  ];
}

function metadata(c: RuleContext, name: string): YamlValue {
  return { name, namespace: c.config.kubernetes.namespace, labels: { ...c.config.kubernetes.labels } };
}

/** `kubernetes/service-monitor.yaml`: scrapes the service's Service, with the job label the rules select. */
export function renderServiceMonitor(c: RuleContext): string {
  const k = c.config.kubernetes;
  return toYaml(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: metadata(c, c.config.jobs.service),
      spec: {
        namespaceSelector: { any: true },
        selector: { matchLabels: { ...k.appLabels } },
        endpoints: [
          {
            port: k.port,
            path: c.config.metricsPath,
            interval: c.config.scrapeInterval,
            relabelings: relabel(c, c.config.jobs.service),
          },
        ],
      },
    },
    generatedHeader(),
  );
}

/** `kubernetes/pod-monitor.yaml`: scrapes the scheduler pods, which have no Service. */
export function renderPodMonitor(c: RuleContext): string {
  const k = c.config.kubernetes;
  return toYaml(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PodMonitor',
      metadata: metadata(c, c.config.jobs.scheduler),
      spec: {
        namespaceSelector: { any: true },
        selector: { matchLabels: { ...k.appLabels, 'app.kubernetes.io/component': 'scheduler' } },
        podMetricsEndpoints: [
          {
            port: k.port,
            path: c.config.metricsPath,
            interval: c.config.scrapeInterval,
            relabelings: relabel(c, c.config.jobs.scheduler),
          },
        ],
      },
    },
    generatedHeader(),
  );
}

/** `kubernetes/prometheus-rule.yaml`: the same alert and recording groups as the rule files. */
export function renderPrometheusRule(c: RuleContext): string {
  return toYaml(
    {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: metadata(c, 'transcode-flow'),
      spec: {
        groups: [
          ...(Object.keys(ALERT_NAMES) as AlertGroup[]).map((group) => alertRuleGroup(group, c)),
          ...customAlertRuleGroups(c),
          ...recordingGroups(c).map((group) => recordingRuleGroup(group)),
        ],
      },
    },
    generatedHeader(),
  );
}
