/**
 * The public API of the monitoring presets, the `@transcode-flow/observability/presets` entry:
 * render the `monitoring-presets/` tree and the runbooks for a preset config, resolve and check
 * a config, and the alert names. Each export is documented where it is declared, with an
 * example. Every default (thresholds, job names, windows) is in `defaults.ts`.
 */
export { renderPresets, writePresets } from './render/presets-tree.js';
export { renderRunbooks } from './runbooks.js';
export { resolvePresetConfig } from './config/resolve-config.js';
export type { MetricNaming } from '../catalogue/naming.js';
export {
  SCRAPE_TARGETS,
  type PresetConfig,
  type ResolvedPresetConfig,
  type AlertOverride,
  type SloConfig,
  type AlertmanagerPresetConfig,
  type GrafanaPresetConfig,
  type KubernetesPresetConfig,
  type ReceiverKey,
  type ScrapeTarget,
} from './config/preset-config.js';
export type { CustomAlertConfig, CustomMetricPresetConfig, ResolvedCustomAlert } from './config/custom-metrics.js';
export { ALERT_NAMES, ALL_ALERT_NAMES, type AlertName, type AlertGroup } from './alerts/names.js';
export type { Severity, Component } from './alerts/types.js';
