import type { MetricGroup } from '../../catalogue/define-metric.js';
import { ALWAYS_ON_GROUPS, CATALOGUE_GROUPS, DEFAULT_GROUPS } from '../../catalogue/groups.js';
import { invalidOption } from '../errors.js';
import { closest } from '../option-checks.js';

/** What to say about a name that is not a group `groups` can choose. */
function groupAdvice(name: string): string {
  if (name === 'app' || name === 'sdk') return `\`${name}\` is always on, so leave it out`;
  if (name === 'runtime') return 'the Node.js runtime metrics follow `defaultMetrics`, so leave it out';
  if (name === 'custom') return 'the metrics of `customMetrics` are always on, so leave it out';
  if (name === 'http') return 'the HTTP request metrics are the `api` group';
  return `did you mean \`${closest(name, CATALOGUE_GROUPS)}\`?`;
}

/**
 * Checks the `groups` option and returns every group whose metrics are registered: the chosen
 * ones (or {@link DEFAULT_GROUPS}, or all of them for `'all'`), the always-on `app` and `sdk`,
 * and `custom`. A name that is not a group throws `TFO_ERR_INVALID_OPTION` with advice.
 */
export function validateGroups(value: unknown): Set<MetricGroup> {
  const on = new Set<MetricGroup>([...ALWAYS_ON_GROUPS, 'custom']);
  if (value === 'all') return new Set([...on, ...CATALOGUE_GROUPS]);
  if (value === undefined) return new Set([...on, ...DEFAULT_GROUPS]);
  const expected = `an array of ${CATALOGUE_GROUPS.join(', ')}, or 'all'`;
  if (!Array.isArray(value)) throw invalidOption('groups', `is ${JSON.stringify(value)}`, expected);
  (value as unknown[]).forEach((group, i) => {
    if (typeof group !== 'string' || !(CATALOGUE_GROUPS as readonly string[]).includes(group)) {
      const advice = typeof group === 'string' ? ` (${groupAdvice(group)})` : '';
      throw invalidOption(`groups[${i}]`, `is ${JSON.stringify(group)}${advice}`, expected);
    }
    on.add(group as MetricGroup);
  });
  return on;
}
