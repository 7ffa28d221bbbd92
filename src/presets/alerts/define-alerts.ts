import type { AlertDefinition } from './types.js';

/**
 * Declares a family of alerts, keeping each one's literal name in the type, so that `AlertName`
 * (and the config's `alerts` keys) derive from the definitions themselves.
 *
 * @example
 * ```ts
 * export const MY_ALERTS = defineAlerts([{ name: 'MyAlert', ... }]);
 * ```
 */
export function defineAlerts<const N extends string>(
  definitions: readonly AlertDefinition<N>[],
): readonly AlertDefinition<N>[] {
  return definitions;
}
