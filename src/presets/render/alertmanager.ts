import type { Component } from '../alerts/types.js';
import { generatedHeader } from './header.js';
import type { ReceiverKey, ResolvedPresetConfig } from '../config/preset-config.js';
import { toYaml, type YamlDocument, type YamlValue } from './yaml.js';

/** The Python reference stack’s routing table: per severity, its receiver, group_wait and repeat_interval. */
const SEVERITY_ROUTES = [
  { severity: 'critical', receiver: 'critical-alerts', groupWait: '10s', repeatInterval: '1h' },
  { severity: 'warning', receiver: 'warning-alerts', groupWait: '30s', repeatInterval: '4h' },
  { severity: 'info', receiver: 'info-alerts', groupWait: '5m', repeatInterval: '12h' },
] as const;

/** Component routes: each component team gets its alerts as well. */
const COMPONENT_ROUTES: readonly { component: Component; receiver: string; key: ReceiverKey }[] = [
  { component: 'jobs', receiver: 'job-alerts', key: 'jobs' },
  { component: 'database', receiver: 'database-alerts', key: 'database' },
  { component: 'storage', receiver: 'storage-alerts', key: 'storage' },
  { component: 'api', receiver: 'api-alerts', key: 'api' },
];

function email(config: ResolvedPresetConfig, key: ReceiverKey, template: string): YamlValue {
  return {
    to: config.alertmanager.emails[key],
    send_resolved: true,
    headers: { Subject: '{{ template "email.subject" . }}' },
    html: `{{ template "${template}" . }}`,
  };
}

function slack(config: ResolvedPresetConfig, key: ReceiverKey): YamlValue {
  return {
    channel: config.alertmanager.slackChannels[key],
    send_resolved: true,
    title: '{{ template "slack.title" . }}',
    text: '{{ template "slack.text" . }}',
    color: '{{ template "slack.color" . }}',
  };
}

/** The alertmanager.yml document as data. */
function alertmanagerConfig(config: ResolvedPresetConfig): YamlDocument {
  const am = config.alertmanager;
  return {
    global: {
      resolve_timeout: '5m',
      smtp_smarthost: am.smtpSmarthost,
      smtp_from: am.smtpFrom,
      smtp_auth_username: am.smtpUsername,
      smtp_auth_password_file: `${am.secretsDir}/smtp_password`,
      smtp_require_tls: true,
      slack_api_url_file: `${am.secretsDir}/slack_api_url`,
    },
    // Relative to this file, as Alertmanager resolves them.
    templates: ['templates/*.tmpl'],
    route: {
      receiver: 'default',
      group_by: ['alertname', 'job', 'severity'],
      group_wait: '30s',
      group_interval: '5m',
      repeat_interval: '4h',
      routes: [
        ...SEVERITY_ROUTES.map((route) => ({
          matchers: [`severity="${route.severity}"`],
          receiver: route.receiver,
          group_wait: route.groupWait,
          repeat_interval: route.repeatInterval,
          continue: true,
        })),
        ...COMPONENT_ROUTES.map((route) => ({
          matchers: [`component="${route.component}"`],
          receiver: route.receiver,
        })),
      ],
    },
    inhibit_rules: [
      {
        source_matchers: ['severity="critical"'],
        target_matchers: ['severity="warning"'],
        equal: ['alertname', 'job'],
      },
      { source_matchers: ['severity="warning"'], target_matchers: ['severity="info"'], equal: ['alertname', 'job'] },
      {
        source_matchers: ['alertname="ApplicationDown"'],
        target_matchers: ['component="api"'],
        equal: ['job'],
      },
      {
        source_matchers: ['alertname=~"PostgreSQLDown|DatabaseConnectionPoolExhausted"'],
        target_matchers: ['alertname="HighDatabaseConnectionUsage"'],
        equal: [],
      },
    ],
    receivers: [
      {
        name: 'default',
        email_configs: [email(config, 'default', 'email.default.html')],
        slack_configs: [slack(config, 'default')],
      },
      {
        name: 'critical-alerts',
        email_configs: [email(config, 'critical', 'email.critical.html')],
        slack_configs: [slack(config, 'critical')],
      },
      { name: 'warning-alerts', email_configs: [email(config, 'warning', 'email.warning.html')] },
      { name: 'info-alerts', slack_configs: [slack(config, 'info')] },
      {
        name: 'job-alerts',
        email_configs: [email(config, 'jobs', 'email.job.html')],
        slack_configs: [slack(config, 'jobs')],
      },
      ...COMPONENT_ROUTES.filter((route) => route.key !== 'jobs').map((route) => ({
        name: route.receiver,
        email_configs: [email(config, route.key, 'email.default.html')],
        slack_configs: [slack(config, route.key)],
      })),
    ],
  };
}

/** `alertmanager/alertmanager.yml`. */
export function renderAlertmanager(config: ResolvedPresetConfig): string {
  return toYaml(alertmanagerConfig(config), [
    ...generatedHeader(),
    `Secrets are read from files under ${config.alertmanager.secretsDir} (smtp_password, slack_api_url); never put them here.`,
  ]);
}

/** One routing expectation: an alert's labels and the receivers it must reach, in order. */
interface RouteCase {
  readonly labels: Readonly<Record<string, string>>;
  readonly receivers: readonly string[];
}

/** Every route of the tree: each severity with and without each component, and no severity at all. */
function routeCases(): RouteCase[] {
  const cases: RouteCase[] = [{ labels: { alertname: 'Unlabelled' }, receivers: ['default'] }];
  for (const route of COMPONENT_ROUTES) {
    cases.push({ labels: { alertname: 'Example', component: route.component }, receivers: [route.receiver] });
  }
  for (const severity of SEVERITY_ROUTES) {
    cases.push({
      labels: { alertname: 'Example', severity: severity.severity, component: 'system' },
      receivers: [severity.receiver],
    });
    for (const route of COMPONENT_ROUTES) {
      cases.push({
        labels: { alertname: 'Example', severity: severity.severity, component: route.component },
        receivers: [severity.receiver, route.receiver],
      });
    }
  }
  return cases;
}

/** `alertmanager/tests/routes.yml`: the routing expectations, for `amtool config routes test`. */
export function renderRouteTests(): string {
  return toYaml(
    { routes: routeCases().map((item) => ({ labels: { ...item.labels }, receivers: [...item.receivers] })) },
    [
      ...generatedHeader(),
      'Check one: amtool config routes test --config.file=alertmanager.yml --verify.receivers=<receivers> <labels>',
    ],
  );
}

/** `alertmanager/tests/sample-alerts.json`: template data for `amtool template render --template.data`. */
export function renderSampleAlerts(config: ResolvedPresetConfig): string {
  const alert = (status: string, name: string, severity: string, extra: Record<string, string>) => ({
    status,
    labels: { alertname: name, severity, job: config.jobs.service, ...extra },
    annotations: {
      summary: `${name} example summary`,
      description: `${name} example description with <html> & "quotes".`,
      runbook_url: config.runbookUrl.replaceAll('{alertname}', name),
    },
    startsAt: '2025-01-19T10:30:45Z',
    endsAt: status === 'resolved' ? '2025-01-19T10:45:00Z' : '0001-01-01T00:00:00Z',
    generatorURL: `${config.alertmanager.prometheusUrl}/graph?g0.expr=up`,
    fingerprint: status === 'resolved' ? 'c0ffee' : 'f00d',
  });
  const alerts = [
    alert('firing', 'JobFailureRateCritical', 'critical', { component: 'jobs', queue: 'transcode' }),
    alert('resolved', 'HighAPILatencyP95', 'warning', { component: 'api', route: '/jobs/:jobId' }),
  ];
  return `${JSON.stringify(
    {
      receiver: 'critical-alerts',
      status: 'firing',
      alerts,
      groupLabels: { alertname: 'JobFailureRateCritical' },
      commonLabels: { alertname: 'JobFailureRateCritical', severity: 'critical' },
      commonAnnotations: {},
      externalURL: 'http://alertmanager:9093',
    },
    null,
    2,
  )}\n`;
}
