/**
 * The preset renderers' public API, re-exported by the `/presets` entry.
 */
export { renderPresets, writePresets } from './render/presets-tree.js';
export { renderRunbooks } from './runbooks.js';
export { resolvePresetConfig } from './config/resolve-config.js';
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
export { ALERT_NAMES, ALL_ALERT_NAMES, type AlertName, type AlertGroup } from './alerts/names.js';
export type { Severity, Component } from './alerts/types.js';
