import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { emailTemplates, slackTemplates } from './alertmanager-templates.js';
import { ALERT_NAMES, type AlertGroup } from '../alerts/names.js';
import { ruleContext } from '../promql.js';
import type { PresetConfig } from '../config/preset-config.js';
import { resolvePresetConfig } from '../config/resolve-config.js';
import { generatedHeader } from './header.js';
import { renderAlertmanager, renderRouteTests, renderSampleAlerts } from './alertmanager.js';
import { renderAlertTestFile } from './alert-tests.js';
import { renderCompose } from './compose.js';
import { renderDashboards, renderProvisioning } from './dashboards.js';
import { renderPodMonitor, renderPrometheusRule, renderServiceMonitor } from './kubernetes.js';
import { renderPrometheusConfig } from './prometheus.js';
import { renderAlertFile } from './alerts.js';
import { renderCustomAlertFiles } from '../alerts/custom-files.js';
import { customRunbooks } from '../runbooks.js';
import { renderRecordingTestFile } from './recording-tests.js';
import { renderRecordingFiles } from './recording-rules.js';
import { presetRenamer, renameFiles } from './rename-files.js';

/**
 * Renders the whole `monitoring-presets/` tree for a config: Prometheus config, alert and
 * recording rules with their promtool tests, Alertmanager config and templates, Grafana
 * dashboards and provisioning, Kubernetes manifests and docker-compose.
 *
 * @param config - The preset config (see {@link PresetConfig}); `{}` gives the committed tree.
 * @returns Relative path (`prometheus/alerts/jobs.yml`, …) to file content.
 * @throws ObservabilityError `TFO_ERR_INVALID_PRESET_CONFIG` naming the field at fault.
 * @example
 * ```ts
 * import { renderPresets } from '@transcode-flow/observability/presets';
 *
 * const files = renderPresets({ prefix: 'media_', alerts: { JobQueueBacklog: { threshold: 50 } } });
 * console.log([...files.keys()].filter((path) => path.startsWith('prometheus/alerts/')));
 * ```
 */
export function renderPresets(config: PresetConfig = {}): Map<string, string> {
  const resolved = resolvePresetConfig(config);
  const c = ruleContext(resolved);
  const files = new Map<string, string>();
  for (const group of Object.keys(ALERT_NAMES) as AlertGroup[]) {
    files.set(`prometheus/alerts/${group}.yml`, renderAlertFile(group, c));
    files.set(`prometheus/tests/${group}.test.yml`, renderAlertTestFile(group, resolved));
  }
  for (const [file, content] of renderRecordingFiles(c)) files.set(`prometheus/rules/${file}`, content);
  files.set('prometheus/tests/recording.test.yml', renderRecordingTestFile(resolved));
  files.set('prometheus/prometheus.yml', renderPrometheusConfig(resolved));
  files.set('kubernetes/service-monitor.yaml', renderServiceMonitor(c));
  files.set('kubernetes/pod-monitor.yaml', renderPodMonitor(c));
  files.set('kubernetes/prometheus-rule.yaml', renderPrometheusRule(c));
  files.set('docker-compose.yml', renderCompose(resolved));
  for (const [path, content] of renderDashboards(c)) files.set(path, content);
  for (const [path, content] of renderProvisioning(c)) files.set(path, content);
  files.set('alertmanager/alertmanager.yml', renderAlertmanager(resolved));
  files.set('alertmanager/templates/email.tmpl', emailTemplates(resolved.alertmanager.grafanaUrl, generatedHeader()));
  files.set('alertmanager/templates/slack.tmpl', slackTemplates(generatedHeader()));
  files.set('alertmanager/tests/routes.yml', renderRouteTests());
  files.set('alertmanager/tests/sample-alerts.json', renderSampleAlerts(resolved));
  for (const [path, content] of renderCustomAlertFiles(c)) files.set(path, content);
  for (const [file, page] of customRunbooks(c)) files.set(`runbooks/${file}`, page);
  renameFiles(files, presetRenamer(c));
  return files;
}

/**
 * Renders the presets and writes them under `directory` (`directory/prometheus/…`).
 *
 * @param directory - Where to write; created when missing. Existing files are overwritten.
 * @param config - The preset config; see {@link renderPresets}.
 * @returns The paths written, relative to `directory`.
 * @example
 * ```ts
 * import { writePresets } from '@transcode-flow/observability/presets';
 *
 * const written = writePresets('./monitoring', { prefix: 'media_' });
 * console.log(`${written.length} files written`);
 * ```
 */
export function writePresets(directory: string, config: PresetConfig = {}): string[] {
  const files = renderPresets(config);
  for (const [path, content] of files) {
    const target = join(directory, path);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return [...files.keys()];
}
