/**
 * The preset renderers' public API, re-exported by the `/presets` entry.
 */
export { renderPresets, writePresets } from './render-presets.js';
export { renderRunbooks } from './runbooks.js';
export {
  resolvePresetConfig,
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
} from './preset-config.js';
export { ALERT_NAMES, ALL_ALERT_NAMES, type AlertName, type AlertGroup } from './alerts/names.js';
export type { Severity, Component } from './alerts/types.js';
