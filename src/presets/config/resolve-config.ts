import { CATALOGUE } from '../../catalogue/index.js';
import { METRIC_NAMINGS, type MetricNaming } from '../../catalogue/naming.js';
import {
  DEFAULT_JOBS,
  DEFAULT_PROMETHEUS,
  DEFAULT_RUNBOOK_URL,
  DEFAULT_SELECTOR,
  DEFAULT_SLACK_CHANNELS,
  DEFAULT_SLO,
  DEFAULT_TARGETS,
} from '../defaults.js';
import { ALERTS } from '../alerts/index.js';
import { ruleContext } from '../promql.js';
import { groupReader } from '../recording-rules.js';
import { resolveCustomAlerts } from './custom-metrics.js';
import { groupsAreOn, resolveGroups } from './groups.js';
import { ALL_ALERT_NAMES, type AlertName } from '../alerts/names.js';
import type { Severity } from '../alerts/types.js';
import {
  checkKeys,
  duration,
  invalidPresetConfig,
  labelMap,
  matching,
  numberIn,
  record,
  text,
  textList,
  waitDuration,
} from './validation.js';
import {
  type PresetConfig,
  type ReceiverKey,
  type ResolvedPresetConfig,
  SCRAPE_TARGETS,
  type ScrapeTarget,
} from './preset-config.js';

const RECEIVERS: readonly ReceiverKey[] = [
  'default',
  'critical',
  'warning',
  'info',
  'jobs',
  'database',
  'storage',
  'api',
];

const TOP_LEVEL = [
  'prefix',
  'naming',
  'groups',
  'jobs',
  'targets',
  'selector',
  'metricsPath',
  'scrapeInterval',
  'evaluationInterval',
  'externalLabels',
  'alertLabels',
  'alerts',
  'customMetrics',
  'slo',
  'runbookUrl',
  'alertmanager',
  'grafana',
  'kubernetes',
];

const METRIC_PREFIX = /^(?:[a-zA-Z_:][a-zA-Z0-9_:]*)?$/;
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

function perTarget<T>(
  field: string,
  value: unknown,
  read: (field: string, value: unknown, fallback: T) => T,
  defaults: Record<ScrapeTarget, T>,
): Record<ScrapeTarget, T> {
  const given = record(field, value);
  checkKeys(field, given, SCRAPE_TARGETS);
  const result = { ...defaults };
  for (const target of SCRAPE_TARGETS) result[target] = read(`${field}.${target}`, given[target], defaults[target]);
  return result;
}

function resolveAlerts(value: unknown): ResolvedPresetConfig['alerts'] {
  const given = record('alerts', value);
  checkKeys('alerts', given, ALL_ALERT_NAMES);
  const result = {} as Record<AlertName, ResolvedPresetConfig['alerts'][AlertName]>;
  for (const definition of ALERTS) {
    const field = `alerts.${definition.name}`;
    const override = record(field, given[definition.name]);
    checkKeys(
      field,
      override,
      definition.threshold ? ['threshold', 'for', 'severity', 'enabled'] : ['for', 'severity', 'enabled'],
    );
    const spec = definition.threshold;
    const severity = override.severity ?? definition.severity;
    if (!SEVERITIES.includes(severity as Severity)) {
      throw invalidPresetConfig(
        `${field}.severity`,
        `is ${JSON.stringify(severity)}`,
        'one of critical, warning, info',
      );
    }
    if (override.enabled !== undefined && typeof override.enabled !== 'boolean') {
      throw invalidPresetConfig(`${field}.enabled`, `is ${JSON.stringify(override.enabled)}`, 'true or false');
    }
    let threshold: number | undefined;
    if (spec) {
      try {
        threshold = numberIn(`${field}.threshold`, override.threshold, spec.default, spec);
      } catch (error) {
        throw invalidPresetConfig(
          `${field}.threshold`,
          `is ${JSON.stringify(override.threshold)}`,
          `${spec.meaning}: ${(error as Error).message.replace(/^.*expected /, '').replace(/\.$/, '')}`,
        );
      }
    }
    result[definition.name] = {
      threshold,
      for: waitDuration(`${field}.for`, override.for, definition.for),
      severity: severity as Severity,
      enabled: (override.enabled as boolean | undefined) ?? true,
    };
  }
  return result;
}

function resolveSlo(value: unknown): ResolvedPresetConfig['slo'] {
  const given = record('slo', value);
  checkKeys('slo', given, ['availability', 'latency', 'latencyThresholdSeconds']);
  // A 14.4x burn of the error budget must stay below 100% of requests, hence the lower bound.
  const objective = { min: 0.95, max: 1, maxExclusive: true };
  const buckets: readonly number[] = CATALOGUE.apiRequestDurationSeconds.buckets ?? [];
  const bound = numberIn(
    'slo.latencyThresholdSeconds',
    given.latencyThresholdSeconds,
    DEFAULT_SLO.latencyThresholdSeconds,
    {
      min: 0,
      minExclusive: true,
    },
  );
  if (!buckets.includes(bound) || bound === buckets[buckets.length - 1]) {
    throw invalidPresetConfig(
      'slo.latencyThresholdSeconds',
      `is ${bound}, which is not a bucket bound of api_request_duration_seconds`,
      `one of ${buckets.slice(0, -1).join(', ')} (the histogram can only tell requests apart at its bucket bounds)`,
    );
  }
  return {
    availability: numberIn('slo.availability', given.availability, DEFAULT_SLO.availability, objective),
    latency: numberIn('slo.latency', given.latency, DEFAULT_SLO.latency, objective),
    latencyThresholdSeconds: bound,
  };
}

function perReceiver(
  field: string,
  value: unknown,
  defaults: Record<ReceiverKey, string>,
): Record<ReceiverKey, string> {
  const given = record(field, value);
  checkKeys(field, given, RECEIVERS);
  const result = { ...defaults };
  for (const receiver of RECEIVERS)
    result[receiver] = text(`${field}.${receiver}`, given[receiver], defaults[receiver]);
  return result;
}

function resolveAlertmanager(value: unknown): ResolvedPresetConfig['alertmanager'] {
  const given = record('alertmanager', value);
  const keys = [
    'targets',
    'smtpSmarthost',
    'smtpFrom',
    'smtpUsername',
    'secretsDir',
    'emails',
    'slackChannels',
    'grafanaUrl',
    'prometheusUrl',
  ];
  checkKeys('alertmanager', given, keys);
  const emails = Object.fromEntries(
    RECEIVERS.map((receiver) => [receiver, `${receiver}-alerts@example.com`]),
  ) as Record<ReceiverKey, string>;
  return {
    targets: textList('alertmanager.targets', given.targets, ['alertmanager:9093']),
    smtpSmarthost: matching(
      'alertmanager.smtpSmarthost',
      given.smtpSmarthost,
      'smtp.example.com:587',
      /^[^\s:]+:\d+$/,
      'host:port',
    ),
    smtpFrom: text('alertmanager.smtpFrom', given.smtpFrom, 'alerts@example.com'),
    smtpUsername: text('alertmanager.smtpUsername', given.smtpUsername, 'alerts@example.com'),
    secretsDir: matching(
      'alertmanager.secretsDir',
      given.secretsDir,
      '/etc/alertmanager/secrets',
      /^\//,
      'an absolute path',
    ),
    emails: perReceiver('alertmanager.emails', given.emails, emails),
    slackChannels: perReceiver('alertmanager.slackChannels', given.slackChannels, DEFAULT_SLACK_CHANNELS),
    grafanaUrl: matching(
      'alertmanager.grafanaUrl',
      given.grafanaUrl,
      'http://localhost:3000',
      /^https?:\/\//,
      'an http(s) URL',
    ),
    prometheusUrl: matching(
      'alertmanager.prometheusUrl',
      given.prometheusUrl,
      'http://localhost:9090',
      /^https?:\/\//,
      'an http(s) URL',
    ),
  };
}

/**
 * Checks a preset config and fills in every default.
 *
 * @param input - The config; `{}` (the default) gives the committed `monitoring-presets/`.
 * @throws ObservabilityError `TFO_ERR_INVALID_PRESET_CONFIG` naming the field at fault, what was
 *   wrong and what was expected.
 * @example
 * ```ts
 * import { resolvePresetConfig } from '@transcode-flow/observability/presets';
 *
 * const config = resolvePresetConfig({
 *   prefix: 'media_',
 *   jobs: { service: 'media-api' },
 *   alerts: { JobFailureRateHigh: { threshold: 0.05, for: '10m' } },
 * });
 * console.log(config.alerts.JobFailureRateHigh.threshold); // 0.05
 * ```
 */
export function resolvePresetConfig(input: PresetConfig = {}): ResolvedPresetConfig {
  const given = record('(config)', input as unknown);
  checkKeys('', given, TOP_LEVEL);
  const grafana = record('grafana', given.grafana);
  checkKeys('grafana', grafana, ['datasourceName', 'datasourceUid', 'prometheusUrl']);
  const kubernetes = record('kubernetes', given.kubernetes);
  checkKeys('kubernetes', kubernetes, ['namespace', 'labels', 'appLabels', 'port']);
  const prefix = given.prefix ?? '';
  if (typeof prefix !== 'string' || !METRIC_PREFIX.test(prefix)) {
    throw invalidPresetConfig(
      'prefix',
      `is ${JSON.stringify(prefix)}`,
      'the prefix given to createObservability: letters, digits, _ and :, not starting with a digit (e.g. "media_")',
    );
  }
  const runbookUrl = text('runbookUrl', given.runbookUrl, DEFAULT_RUNBOOK_URL);
  if (!runbookUrl.includes('{alertname}')) {
    throw invalidPresetConfig(
      'runbookUrl',
      `(${JSON.stringify(runbookUrl)}) has no {alertname}`,
      'a URL pattern containing {alertname}',
    );
  }
  const naming = given.naming ?? 'prometheus';
  if (typeof naming !== 'string' || !(METRIC_NAMINGS as readonly string[]).includes(naming)) {
    throw invalidPresetConfig(
      'naming',
      `is ${JSON.stringify(naming)}`,
      `the naming given to createObservability: ${METRIC_NAMINGS.map((n) => `'${n}'`).join(' or ')}`,
    );
  }
  const resolved: ResolvedPresetConfig = {
    prefix,
    naming: naming as MetricNaming,
    groups: resolveGroups(given.groups),
    jobs: perTarget('jobs', given.jobs, text, DEFAULT_JOBS),
    targets: perTarget('targets', given.targets, textList, DEFAULT_TARGETS),
    selector: labelMap('selector', given.selector, DEFAULT_SELECTOR),
    metricsPath: matching(
      'metricsPath',
      given.metricsPath,
      DEFAULT_PROMETHEUS.metricsPath,
      /^\/\S*$/,
      'a path starting with /',
    ),
    scrapeInterval: duration('scrapeInterval', given.scrapeInterval, DEFAULT_PROMETHEUS.scrapeInterval),
    evaluationInterval: duration('evaluationInterval', given.evaluationInterval, DEFAULT_PROMETHEUS.evaluationInterval),
    externalLabels: labelMap('externalLabels', given.externalLabels, DEFAULT_PROMETHEUS.externalLabels),
    alertLabels: labelMap('alertLabels', given.alertLabels, {}),
    alerts: resolveAlerts(given.alerts),
    customAlerts: resolveCustomAlerts(given.customMetrics, ALL_ALERT_NAMES),
    slo: resolveSlo(given.slo),
    runbookUrl,
    alertmanager: resolveAlertmanager(given.alertmanager),
    grafana: {
      datasourceName: text('grafana.datasourceName', grafana.datasourceName, 'Prometheus'),
      datasourceUid: matching(
        'grafana.datasourceUid',
        grafana.datasourceUid,
        'prometheus',
        /^[a-zA-Z0-9_-]{1,40}$/,
        'up to 40 letters, digits, _ or -',
      ),
      prometheusUrl: matching(
        'grafana.prometheusUrl',
        grafana.prometheusUrl,
        'http://prometheus:9090',
        /^https?:\/\//,
        'an http(s) URL',
      ),
    },
    kubernetes: {
      namespace: matching(
        'kubernetes.namespace',
        kubernetes.namespace,
        'monitoring',
        /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/,
        'a Kubernetes namespace name (lower case letters, digits and -)',
      ),
      labels: labelMap('kubernetes.labels', kubernetes.labels, { release: 'prometheus' }),
      appLabels: record(
        'kubernetes.appLabels',
        kubernetes.appLabels ?? { 'app.kubernetes.io/name': 'transcode-flow' },
      ) as Record<string, string>,
      port: text('kubernetes.port', kubernetes.port, 'http'),
    },
  };
  return { ...resolved, alerts: alertsInGroups(resolved, record('alerts', given.alerts)) };
}

/**
 * Turns off every alert that reads a metric of a group `groups` leaves out (or that belongs to
 * such a group by its `groups`). Turning one of them on explicitly is refused: its rule would
 * watch metrics the service does not expose.
 */
function alertsInGroups(config: ResolvedPresetConfig, given: Record<string, unknown>): ResolvedPresetConfig['alerts'] {
  const c = ruleContext(config);
  const reader = groupReader(c);
  const result = { ...config.alerts };
  for (const definition of ALERTS) {
    const settings = config.alerts[definition.name];
    const used = reader.groups(definition.expr(c, settings.threshold ?? 0));
    for (const group of definition.groups ?? []) used.add(group);
    if (groupsAreOn(used, config.groups)) continue;
    const off = [...used].filter((group) => !groupsAreOn([group], config.groups));
    if ((given[definition.name] as { enabled?: unknown } | undefined)?.enabled === true) {
      throw invalidPresetConfig(
        `alerts.${definition.name}.enabled`,
        `is true, but the alert reads the ${off.join(', ')} group, which \`groups\` leaves out`,
        `the group added to \`groups\`, or the alert left off`,
      );
    }
    result[definition.name] = { ...settings, enabled: false };
  }
  return result;
}
