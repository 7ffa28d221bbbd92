import { durationSeconds } from '../config/validation.js';
import { generatedHeader } from './header.js';
import { type ResolvedPresetConfig, SCRAPE_TARGETS, type ScrapeTarget } from '../config/preset-config.js';
import { toYaml, type YamlValue } from './yaml.js';

/** The metrics path of each scrape target (MinIO serves cluster metrics on its own path). */
const METRICS_PATHS: Partial<Record<ScrapeTarget, string>> = { minio: '/minio/v2/metrics/cluster' };

/** One scrape config per target, labelled so the rules' selectors match. */
function scrapeConfigs(config: ResolvedPresetConfig): YamlValue[] {
  return SCRAPE_TARGETS.map((target) => ({
    job_name: config.jobs[target],
    metrics_path:
      target === 'service' || target === 'scheduler' ? config.metricsPath : (METRICS_PATHS[target] ?? '/metrics'),
    static_configs: [
      {
        targets: [...config.targets[target]],
        ...(Object.keys(config.selector).length > 0 ? { labels: { ...config.selector } } : {}),
      },
    ],
  }));
}

/** `prometheus/prometheus.yml`: scrape configs for the service and the exporters, alerting, rule files, external labels. */
export function renderPrometheusConfig(config: ResolvedPresetConfig): string {
  return toYaml(
    {
      global: {
        scrape_interval: config.scrapeInterval,
        // A scrape may take up to 10s, but never longer than the interval.
        scrape_timeout: durationSeconds(config.scrapeInterval) < 10 ? config.scrapeInterval : '10s',
        evaluation_interval: config.evaluationInterval,
        external_labels: { ...config.externalLabels },
      },
      alerting: { alertmanagers: [{ static_configs: [{ targets: [...config.alertmanager.targets] }] }] },
      // Relative to this file.
      rule_files: ['alerts/*.yml', 'rules/*.yml'],
      scrape_configs: [
        { job_name: 'prometheus', static_configs: [{ targets: ['localhost:9090'] }] },
        ...scrapeConfigs(config),
      ],
    },
    generatedHeader(),
  );
}
