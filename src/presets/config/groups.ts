/**
 * The catalogue groups of the preset config: which groups a service turned on, and which groups
 * a rendered PromQL expression reads from, so that the presets render only the alerts, recording
 * rules and panels whose metrics the service exposes.
 */
import type { MetricGroup } from '../../catalogue/define-metric.js';
import { CATALOGUE_GROUPS, type CatalogueGroup } from '../../catalogue/groups.js';
import { CATALOGUE_DEFINITIONS } from '../../catalogue/index.js';
import type { SdkSeriesName } from '../metric-names.js';
import { closest, invalidPresetConfig } from './validation.js';

/** What to say about a name that is not a group the preset config can choose. */
function advice(name: string): string {
  if (name === 'app' || name === 'sdk') return `\`${name}\` is always on, so leave it out`;
  if (name === 'runtime') return 'the Node.js runtime metrics are always rendered, so leave it out';
  if (name === 'custom') return 'a service’s own metrics go in `customMetrics`, so leave it out';
  if (name === 'http') return 'the HTTP request metrics are the `api` group';
  return `did you mean \`${closest(name, CATALOGUE_GROUPS)}\`?`;
}

/**
 * The `groups` field: `'all'` (the default) or a list of catalogue groups, as given to
 * `createObservability({ groups })`. Returns the chosen groups in catalogue order.
 */
export function resolveGroups(value: unknown): readonly CatalogueGroup[] {
  if (value === undefined || value === 'all') return CATALOGUE_GROUPS;
  const expected = `'all' or a list of ${CATALOGUE_GROUPS.join(', ')} (the groups passed to createObservability)`;
  if (!Array.isArray(value)) throw invalidPresetConfig('groups', `is ${JSON.stringify(value)}`, expected);
  const chosen = new Set<string>();
  (value as unknown[]).forEach((group, index) => {
    if (typeof group !== 'string' || !(CATALOGUE_GROUPS as readonly string[]).includes(group)) {
      const why = typeof group === 'string' ? ` (${advice(group)})` : '';
      throw invalidPresetConfig(`groups[${index}]`, `is ${JSON.stringify(group)}${why}`, expected);
    }
    if (chosen.has(group)) {
      throw invalidPresetConfig(`groups[${index}]`, `repeats ${JSON.stringify(group)}`, 'each group listed once');
    }
    chosen.add(group);
  });
  return CATALOGUE_GROUPS.filter((group) => chosen.has(group));
}

/** The groups that are rendered whatever `groups` says: the SDK's own, the app info, the runtime, custom metrics. */
const ALWAYS_RENDERED: readonly MetricGroup[] = ['app', 'sdk', 'runtime', 'custom'];

/** True when every group in `used` is rendered under the chosen `groups`. */
export function groupsAreOn(used: Iterable<MetricGroup>, groups: readonly CatalogueGroup[]): boolean {
  for (const group of used) {
    if (!ALWAYS_RENDERED.includes(group) && !(groups as readonly MetricGroup[]).includes(group)) return false;
  }
  return true;
}

/** The names in a PromQL expression that could be metrics or recording rules (quoted strings left out). */
function identifiers(expr: string): string[] {
  return expr.replace(/"(?:[^"\\]|\\.)*"/g, '""').match(/[a-zA-Z_:][a-zA-Z0-9_:]*/g) ?? [];
}

/**
 * Reads which catalogue groups an expression uses. `known` maps each exposed name (as the rule
 * context writes it: prefix and naming applied) to its groups; a recording rule's name maps to
 * the groups of the metrics it is built from. Names it does not know (exporter metrics, PromQL
 * functions, label names) belong to no group.
 */
export class GroupReader {
  private readonly known = new Map<string, ReadonlySet<MetricGroup>>();

  /**
   * @param exposed - The exposed name of a catalogue metric or histogram series (`c.metric`).
   */
  constructor(exposed: (name: SdkSeriesName) => string) {
    for (const definition of CATALOGUE_DEFINITIONS) {
      const series =
        definition.type === 'histogram'
          ? ['', '_bucket', '_count', '_sum'].map((suffix) => definition.name + suffix)
          : [definition.name];
      for (const name of series) this.known.set(exposed(name as SdkSeriesName), new Set([definition.group]));
    }
  }

  /** Teaches the reader a recording rule: its name uses the groups its expression uses. */
  learn(record: string, expr: string): void {
    this.known.set(record, this.groups(expr));
  }

  /** Every group the expression reads from. */
  groups(expr: string): Set<MetricGroup> {
    const found = new Set<MetricGroup>();
    for (const name of identifiers(expr)) for (const group of this.known.get(name) ?? []) found.add(group);
    return found;
  }
}
