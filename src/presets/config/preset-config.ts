import type { CatalogueGroup } from '../../catalogue/groups.js';
import type { MetricNaming } from '../../catalogue/naming.js';
import type { AlertName } from '../alerts/names.js';
import type { Severity } from '../alerts/types.js';
import type { CustomMetricPresetConfig, ResolvedCustomAlert } from './custom-metrics.js';

/**
 * The scrape targets the presets know: the service, its scheduler process and the exporters.
 *
 * @example
 * ```ts
 * import type { ScrapeTarget } from '@transcode-flow/observability/presets';
 *
 * const target: ScrapeTarget = 'postgres';
 * ```
 */
export type ScrapeTarget = 'service' | 'scheduler' | 'node' | 'cadvisor' | 'postgres' | 'redis' | 'minio';

/**
 * The scrape targets, in the order `prometheus.yml` lists them.
 *
 * @example
 * ```ts
 * import { SCRAPE_TARGETS } from '@transcode-flow/observability/presets';
 *
 * console.log(SCRAPE_TARGETS.join(', ')); // service, scheduler, node, …
 * ```
 */
export const SCRAPE_TARGETS: readonly ScrapeTarget[] = [
  'service',
  'scheduler',
  'node',
  'cadvisor',
  'postgres',
  'redis',
  'minio',
];

/**
 * Per-alert settings; every field has the alert's own default (see `docs/runbooks/README.md`).
 *
 * @example
 * ```ts
 * import type { AlertOverride } from '@transcode-flow/observability/presets';
 *
 * const backlog: AlertOverride = { threshold: 50, for: '10m', severity: 'critical' };
 * ```
 */
export interface AlertOverride {
  /** The value the rule compares against (a ratio, a count, seconds …, as the alert's runbook says). */
  threshold?: number;
  /** How long the condition must hold before the alert fires, as a Prometheus duration. */
  for?: string;
  /** `critical`, `warning` or `info`. */
  severity?: Severity;
  /** `false` leaves the alert (and its test) out. Default: `true`. */
  enabled?: boolean;
}

/**
 * Service level objectives the burn-rate alerts and recording rules are built from.
 *
 * @example
 * ```ts
 * import type { SloConfig } from '@transcode-flow/observability/presets';
 *
 * const slo: SloConfig = { availability: 0.999, latency: 0.95, latencyThresholdSeconds: 1 };
 * ```
 */
export interface SloConfig {
  /** Share of requests that must not fail with a 5xx. Default: `0.995`. */
  availability?: number;
  /** Share of requests that must finish within `latencyThresholdSeconds`. Default: `0.99`. */
  latency?: number;
  /** The latency objective's bound; must be a bucket bound of `api_request_duration_seconds`. Default: `0.5`. */
  latencyThresholdSeconds?: number;
}

/**
 * Where Alertmanager sends notifications. Secrets are read from files under `secretsDir`, never inlined.
 *
 * @example
 * ```ts
 * import type { AlertmanagerPresetConfig } from '@transcode-flow/observability/presets';
 *
 * const alertmanager: AlertmanagerPresetConfig = { smtpSmarthost: 'smtp.media.example:587', slackChannels: { jobs: '#media-jobs' } };
 * ```
 */
export interface AlertmanagerPresetConfig {
  /** Alertmanager addresses Prometheus sends alerts to. Default: `['alertmanager:9093']`. */
  targets?: string[];
  /** SMTP relay `host:port`. Default: `smtp.example.com:587`. */
  smtpSmarthost?: string;
  /** Sender address. Default: `alerts@example.com`. */
  smtpFrom?: string;
  /** SMTP user; its password is read from `<secretsDir>/smtp_password`. Default: `alerts@example.com`. */
  smtpUsername?: string;
  /** Directory holding `smtp_password` and `slack_api_url`. Default: `/etc/alertmanager/secrets`. */
  secretsDir?: string;
  /** Email recipients per receiver. Default: `<receiver>@example.com` addresses. */
  emails?: Partial<Record<ReceiverKey, string>>;
  /** Slack channels per receiver. Default: `#alerts`, `#alerts-critical`, `#alerts-info`, `#team-<component>`. */
  slackChannels?: Partial<Record<ReceiverKey, string>>;
  /** Grafana link in notifications. Default: `http://localhost:3000`. */
  grafanaUrl?: string;
  /** Prometheus link in notifications. Default: `http://localhost:9090`. */
  prometheusUrl?: string;
}

/**
 * The Python reference stack’s receivers, keyed by what they receive.
 *
 * @example
 * ```ts
 * import type { ReceiverKey } from '@transcode-flow/observability/presets';
 *
 * const receiver: ReceiverKey = 'storage';
 * ```
 */
export type ReceiverKey = 'default' | 'critical' | 'warning' | 'info' | 'jobs' | 'database' | 'storage' | 'api';

/**
 * Grafana settings for the dashboards and provisioning.
 *
 * @example
 * ```ts
 * import type { GrafanaPresetConfig } from '@transcode-flow/observability/presets';
 *
 * const grafana: GrafanaPresetConfig = { datasourceName: 'Mimir', datasourceUid: 'mimir' };
 * ```
 */
export interface GrafanaPresetConfig {
  /** Name of the provisioned Prometheus datasource. Default: `Prometheus`. */
  datasourceName?: string;
  /** Its uid. Dashboards never name it: they use the `${datasource}` variable. Default: `prometheus`. */
  datasourceUid?: string;
  /** Prometheus URL as Grafana reaches it. Default: `http://prometheus:9090`. */
  prometheusUrl?: string;
}

/**
 * Settings for the Prometheus Operator manifests.
 *
 * @example
 * ```ts
 * import type { KubernetesPresetConfig } from '@transcode-flow/observability/presets';
 *
 * const kubernetes: KubernetesPresetConfig = { namespace: 'media', labels: { release: 'kube-prometheus' } };
 * ```
 */
export interface KubernetesPresetConfig {
  /** Namespace of the ServiceMonitor, PodMonitor and PrometheusRule. Default: `monitoring`. */
  namespace?: string;
  /** Labels the Prometheus Operator selects these objects by. Default: `{ release: 'prometheus' }`. */
  labels?: Record<string, string>;
  /** Labels of the service's Service and Pods. Default: `{ 'app.kubernetes.io/name': 'transcode-flow' }`. */
  appLabels?: Record<string, string>;
  /** Name of the metrics port on the Service and Pods. Default: `http`. */
  port?: string;
}

/**
 * Everything the monitoring presets can be rendered with. Every field is optional; each has
 * a documented default, and {@link resolvePresetConfig} checks every field and names the
 * one at fault (`TFO_ERR_INVALID_PRESET_CONFIG`).
 * @example
 * ```ts
 * import type { PresetConfig } from '@transcode-flow/observability/presets';
 *
 * const config: PresetConfig = { prefix: 'media_', jobs: { service: 'media-api' }, selector: { namespace: 'media' } };
 * ```
 */
export interface PresetConfig {
  /** The metric prefix the service passes to `createObservability` (e.g. `media_`). Default: `''`. */
  prefix?: string;
  /**
   * The naming the service passes to `createObservability`: `'prometheus'` or `'otel'` (every
   * query, label and legend written in the names OpenTelemetry's Prometheus exporter uses; see
   * docs/otel-naming.md). Default: `'prometheus'`.
   */
  naming?: MetricNaming;
  /**
   * The catalogue groups the service turned on (the `groups` it passes to `createObservability`),
   * or `'all'`. Only the alerts, recording rules and panels whose metrics are in these groups are
   * rendered (the `app` and `sdk` groups and the Node.js runtime metrics always are), and a
   * dashboard left without panels is not written. Default: `'all'`.
   */
  groups?: readonly CatalogueGroup[] | 'all';
  /** Job names per scrape target. Default: `transcode-flow`, `transcode-flow-scheduler`, `node`, `cadvisor`, `postgresql`, `redis`, `minio`. */
  jobs?: Partial<Record<ScrapeTarget, string>>;
  /** `host:port` addresses per scrape target. Default: the docker-compose service names (`app:3000`, `node-exporter:9100`, …). */
  targets?: Partial<Record<ScrapeTarget, string[]>>;
  /** Extra equality label matchers added to every selector (e.g. `{ namespace: 'media' }`). Default: `{}`. */
  selector?: Record<string, string>;
  /** Path the service serves metrics on. Default: `/metrics`. */
  metricsPath?: string;
  /** How often Prometheus scrapes. Default: `15s` (exporters: twice that). */
  scrapeInterval?: string;
  /** How often rules are evaluated. Default: `30s`. */
  evaluationInterval?: string;
  /** Labels Prometheus adds to everything it sends out. Default: `{ cluster: 'transcode-flow', environment: 'production' }`. */
  externalLabels?: Record<string, string>;
  /** Labels added to every alert (e.g. `{ team: 'media' }`). Default: `{}`. */
  alertLabels?: Record<string, string>;
  /** Per-alert threshold, `for`, severity and on/off, keyed by alert name. Default: each alert's own. */
  alerts?: Partial<Record<AlertName, AlertOverride>>;
  /**
   * The service's own metrics (as declared with `defineMetric` and passed to `createObservability`
   * in `customMetrics`), by the same keys, each with the alerts wanted on it: a threshold on a
   * counter's rate, a gauge's value or a histogram's quantile. They are rendered into
   * `prometheus/alerts/custom.yml`, with promtool tests in `prometheus/tests/custom.test.yml` and a
   * runbook page each in `runbooks/`. Default: none.
   */
  customMetrics?: Readonly<Record<string, CustomMetricPresetConfig>>;
  /** Service level objectives. */
  slo?: SloConfig;
  /** Runbook URL pattern; `{alertname}` is replaced. Default: the docs/runbooks pages on GitHub. */
  runbookUrl?: string;
  /** Alertmanager targets, receivers and notification settings. Default: see {@link AlertmanagerPresetConfig}. */
  alertmanager?: AlertmanagerPresetConfig;
  /** Grafana datasource settings for the dashboards and provisioning. Default: see {@link GrafanaPresetConfig}. */
  grafana?: GrafanaPresetConfig;
  /** Prometheus Operator manifest settings. Default: see {@link KubernetesPresetConfig}. */
  kubernetes?: KubernetesPresetConfig;
}

/**
 * A preset config with every default filled in.
 *
 * @example
 * ```ts
 * import { resolvePresetConfig, type ResolvedPresetConfig } from '@transcode-flow/observability/presets';
 *
 * const resolved: ResolvedPresetConfig = resolvePresetConfig({ prefix: 'media_' });
 * console.log(resolved.jobs.service); // transcode-flow
 * ```
 */
export interface ResolvedPresetConfig {
  /** The metric prefix; see {@link PresetConfig.prefix}. */
  readonly prefix: string;
  /** The naming; see {@link PresetConfig.naming}. */
  readonly naming: MetricNaming;
  /** The catalogue groups rendered, in catalogue order (every group for `'all'`); see {@link PresetConfig.groups}. */
  readonly groups: readonly CatalogueGroup[];
  /** Job name of every scrape target; see {@link PresetConfig.jobs}. */
  readonly jobs: Readonly<Record<ScrapeTarget, string>>;
  /** `host:port` addresses of every scrape target; see {@link PresetConfig.targets}. */
  readonly targets: Readonly<Record<ScrapeTarget, readonly string[]>>;
  /** Extra label matchers added to every selector; see {@link PresetConfig.selector}. */
  readonly selector: Readonly<Record<string, string>>;
  /** Path the service serves metrics on; see {@link PresetConfig.metricsPath}. */
  readonly metricsPath: string;
  /** How often Prometheus scrapes the service; see {@link PresetConfig.scrapeInterval}. */
  readonly scrapeInterval: string;
  /** How often rules are evaluated; see {@link PresetConfig.evaluationInterval}. */
  readonly evaluationInterval: string;
  /** Labels Prometheus adds to everything it sends out; see {@link PresetConfig.externalLabels}. */
  readonly externalLabels: Readonly<Record<string, string>>;
  /** Labels added to every alert; see {@link PresetConfig.alertLabels}. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** The settings of every alert, overrides applied over the alert's own defaults; see {@link PresetConfig.alerts}. */
  readonly alerts: Readonly<
    Record<
      AlertName,
      {
        /** The value the rule compares against; `undefined` for alerts that have no threshold. */
        threshold: number | undefined;
        /** How long the condition must hold before the alert fires, as a Prometheus duration. */
        for: string;
        /** `critical`, `warning` or `info`. */
        severity: Severity;
        /** `false` when the alert (and its test) is left out: turned off, or a metric it reads is in a group that `groups` leaves out. */
        enabled: boolean;
      }
    >
  >;
  /** The alerts on the service's own metrics, checked and with defaults filled in; see {@link PresetConfig.customMetrics}. */
  readonly customAlerts: readonly ResolvedCustomAlert[];
  /** Service level objectives, defaults filled in; see {@link SloConfig}. */
  readonly slo: Required<SloConfig>;
  /** Runbook URL pattern, `{alertname}` still in it; see {@link PresetConfig.runbookUrl}. */
  readonly runbookUrl: string;
  /** Alertmanager settings, defaults filled in; see {@link AlertmanagerPresetConfig}. */
  readonly alertmanager: Required<
    Omit<AlertmanagerPresetConfig, 'emails' | 'slackChannels' | 'targets'> & {
      /** Alertmanager addresses Prometheus sends alerts to. */
      targets: readonly string[];
      /** Email recipient of every receiver. */
      emails: Readonly<Record<ReceiverKey, string>>;
      /** Slack channel of every receiver. */
      slackChannels: Readonly<Record<ReceiverKey, string>>;
    }
  >;
  /** Grafana settings, defaults filled in; see {@link GrafanaPresetConfig}. */
  readonly grafana: Required<GrafanaPresetConfig>;
  /** Prometheus Operator manifest settings, defaults filled in; see {@link KubernetesPresetConfig}. */
  readonly kubernetes: Required<KubernetesPresetConfig>;
}
