import type { ResolvedPresetConfig } from '../config/preset-config.js';
import type { Severity } from './types.js';

/**
 * The resolved settings of the alert called `name`, for text that quotes them (the `for` of a
 * down alert, the window of a stuck-jobs alert). The name is a plain string here on purpose: an
 * alert definition that indexed `config.alerts` by `AlertName` would make `AlertName`, which is
 * read from the definitions, depend on itself.
 */
export function alertSettings(
  config: ResolvedPresetConfig,
  name: string,
): { readonly threshold: number | undefined; readonly for: string; readonly severity: Severity } {
  type Settings = ResolvedPresetConfig['alerts'][keyof ResolvedPresetConfig['alerts']];
  const settings = (config.alerts as Readonly<Record<string, Settings | undefined>>)[name];
  if (settings === undefined) throw new Error(`no settings for alert ${name}`);
  return settings;
}
