import type { MetricDefinition, MetricType } from '../../catalogue/define-metric.js';
import { CATALOGUE_DEFINITIONS } from '../../catalogue/index.js';
import { runtimeMetrics } from '../../catalogue/runtime.js';
import { invalidOption, ObservabilityError } from '../errors.js';
import { isPlainObject, validateBuckets } from '../option-checks.js';

/**
 * A service's own metrics, keyed by the name of their handle on `observability.custom`: the
 * `customMetrics` option of `createObservability`. Declare each with `defineMetric`.
 *
 * @example
 * ```ts
 * import { defineMetric, type CustomMetrics } from '@transcode-flow/observability';
 *
 * const customMetrics = {
 *   uploadsTotal: defineMetric({
 *     name: 'uploads_total',
 *     type: 'counter',
 *     help: 'Uploads received, by outcome.',
 *     labelNames: ['outcome'],
 *   }),
 * } satisfies CustomMetrics;
 * ```
 */
export type CustomMetrics = Readonly<Record<string, MetricDefinition<string, string, MetricType>>>;

/** The buckets of a custom histogram that declares none: prom-client's defaults, in seconds. */
export const DEFAULT_CUSTOM_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

const NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set<string>(['counter', 'gauge', 'histogram']);
const UNITS = new Set<string>([
  'seconds',
  'bytes',
  'ratio',
  'words',
  'requests',
  'jobs',
  'connections',
  'info',
  'frames_per_second',
  'series',
]);
const AGGREGATORS = new Set<string>(['sum', 'first', 'min', 'max', 'average', 'omit']);
const GROUPS = new Set<string>([...CATALOGUE_DEFINITIONS.map((definition) => definition.group), 'runtime', 'custom']);
const KEYS = new Set([
  'name',
  'type',
  'help',
  'labelNames',
  'unit',
  'buckets',
  'group',
  'aggregator',
  'reportName',
  'renameReason',
]);
/** Name endings that the exposition formats give a meaning to, by type of the metric that may not use them. */
const RESERVED_ENDINGS: Readonly<Record<string, RegExp>> = {
  gauge: /_(total|created|bucket|sum|count)$/,
  histogram: /_(total|created|bucket|sum)$/,
};

/**
 * Every name a family takes in either exposition format: its samples, its OpenMetrics family
 * name, and the `_created` sample OpenMetrics gives counters and histograms (a strict parser
 * refuses another family of that name even when the sample is not written).
 */
function exposedNames(name: string, type: string): string[] {
  if (type === 'counter') {
    const family = name.replace(/_total$/, '');
    return [name, family, `${family}_created`];
  }
  if (type === 'histogram') return [name, `${name}_bucket`, `${name}_sum`, `${name}_count`, `${name}_created`];
  return [name];
}

/** The names the SDK itself exposes (catalogue, under either naming, and runtime), each with the metric that takes it. */
function sdkNames(): Map<string, string> {
  const taken = new Map<string, string>();
  for (const definition of CATALOGUE_DEFINITIONS) {
    for (const name of exposedNames(definition.name, definition.type)) taken.set(name, definition.name);
    // The name `naming: 'otel'` gives it is taken too, whatever the naming, so a metric stays valid in both.
    const otel = definition.otel;
    if (otel !== undefined && otel.sampleOf === undefined) {
      for (const name of exposedNames(otel.name, definition.type))
        taken.set(name, `${definition.name} (under naming: 'otel')`);
    }
  }
  for (const definition of runtimeMetrics) {
    for (const name of [definition.name, definition.promClientName ?? definition.name]) {
      for (const exposed of exposedNames(name, definition.type)) taken.set(exposed, name);
    }
  }
  return taken;
}

function checkName(option: string, name: unknown, type: string): string {
  if (typeof name !== 'string' || !NAME.test(name) || name.startsWith('__')) {
    throw invalidOption(
      option,
      `(${JSON.stringify(name)}) is not a metric name`,
      'letters, digits and _, not starting with a digit or __, without the prefix (e.g. "uploads_total")',
    );
  }
  if (type === 'counter' && !name.endsWith('_total')) {
    throw invalidOption(
      option,
      `(${name}) is a counter name without _total`,
      `a counter name ending in _total (e.g. "${name}_total")`,
    );
  }
  const reserved = RESERVED_ENDINGS[type];
  if (reserved?.test(name)) {
    throw invalidOption(
      option,
      `(${name}) ends in ${reserved.exec(name)![0]}, which the exposition formats reserve`,
      `a ${type} name without that ending (only counters end in _total)`,
    );
  }
  return name;
}

function checkLabels(option: string, value: unknown, defaultLabels: Readonly<Record<string, string>>): string[] {
  if (!Array.isArray(value)) throw invalidOption(option, 'is not an array', 'an array of label names ([] for none)');
  const seen = new Set<string>();
  (value as unknown[]).forEach((label, i) => {
    const at = `${option}[${i}]`;
    if (typeof label !== 'string' || !NAME.test(label) || label.startsWith('__')) {
      throw invalidOption(
        at,
        `(${JSON.stringify(label)}) is not a label name`,
        'letters, digits and _, not starting with a digit or __',
      );
    }
    if (label === 'le' || label === 'quantile') {
      throw invalidOption(at, `(${label}) is reserved for histogram and summary buckets`, 'another label name');
    }
    if (seen.has(label)) throw invalidOption(at, `(${label}) is listed twice`, 'each label name once');
    if (label in defaultLabels) {
      throw invalidOption(
        at,
        `(${label}) is also a constant label (defaultLabels)`,
        'a label name defaultLabels does not set',
      );
    }
    seen.add(label);
  });
  return [...seen];
}

function oneOf(option: string, value: unknown, allowed: ReadonlySet<string>): string {
  if (typeof value !== 'string' || !allowed.has(value)) {
    throw invalidOption(option, `is ${JSON.stringify(value)}`, `one of ${[...allowed].join(', ')}`);
  }
  return value;
}

function checkDefinition(
  key: string,
  value: unknown,
  defaultLabels: Readonly<Record<string, string>>,
): MetricDefinition {
  const option = `customMetrics.${key}`;
  if (!isPlainObject(value))
    throw invalidOption(option, 'is not a metric definition', 'a definition made with defineMetric()');
  for (const field of Object.keys(value)) {
    if (!KEYS.has(field))
      throw invalidOption(
        `${option}.${field}`,
        'is not a field of a metric definition',
        `one of ${[...KEYS].join(', ')}`,
      );
  }
  const type = oneOf(`${option}.type`, value.type, TYPES) as MetricType;
  const name = checkName(`${option}.name`, value.name, type);
  if (typeof value.help !== 'string' || value.help.trim() === '') {
    throw invalidOption(
      `${option}.help`,
      `is ${JSON.stringify(value.help)}`,
      'a sentence saying what the metric measures',
    );
  }
  const labelNames = checkLabels(`${option}.labelNames`, value.labelNames, defaultLabels);
  let buckets: readonly number[] | undefined;
  if (type === 'histogram') {
    buckets =
      value.buckets === undefined ? DEFAULT_CUSTOM_BUCKETS : validateBuckets(`${option}.buckets`, value.buckets);
  } else if (value.buckets !== undefined) {
    throw invalidOption(`${option}.buckets`, `is set on a ${type}`, 'buckets only on histograms');
  }
  return {
    name,
    type,
    help: value.help,
    labelNames,
    group:
      value.group === undefined
        ? 'custom'
        : (oneOf(`${option}.group`, value.group, GROUPS) as MetricDefinition['group']),
    ...(value.unit === undefined
      ? {}
      : { unit: oneOf(`${option}.unit`, value.unit, UNITS) as MetricDefinition['unit'] }),
    ...(buckets === undefined ? {} : { buckets }),
    ...(value.aggregator === undefined
      ? {}
      : { aggregator: oneOf(`${option}.aggregator`, value.aggregator, AGGREGATORS) as MetricDefinition['aggregator'] }),
  };
}

/**
 * Checks the `customMetrics` option: each definition's name (a metric name of its type:
 * counters end in `_total`, no name ends in a suffix the formats reserve), type, help, label
 * names (valid, not `le` or `quantile`, not repeated, not a constant label) and buckets, and
 * that no name it exposes (a histogram's `_bucket`, `_sum` and `_count`, a counter's family name
 * without `_total` included) is taken by the catalogue, the runtime metrics or another custom
 * metric. Throws an `ObservabilityError` naming the definition at fault
 * (`TFO_ERR_INVALID_OPTION`, or `TFO_ERR_DUPLICATE_METRIC` for a clash); returns the checked
 * definitions by handle key.
 */
export function validateCustomMetrics(
  value: unknown,
  defaultLabels: Readonly<Record<string, string>>,
): ReadonlyMap<string, MetricDefinition> {
  const result = new Map<string, MetricDefinition>();
  if (value === undefined) return result;
  if (!isPlainObject(value)) {
    throw invalidOption(
      'customMetrics',
      'is not an object',
      'an object of handle name to a definition made with defineMetric()',
    );
  }
  const taken = sdkNames();
  const takenByCustom = new Map<string, string>();
  for (const [key, entry] of Object.entries(value)) {
    const definition = checkDefinition(key, entry, defaultLabels);
    for (const exposed of exposedNames(definition.name, definition.type)) {
      const owner = taken.get(exposed);
      const other = takenByCustom.get(exposed);
      if (owner !== undefined || other !== undefined) {
        throw new ObservabilityError(
          'TFO_ERR_DUPLICATE_METRIC',
          `option \`customMetrics.${key}.name\` (${definition.name}) would expose ${exposed}, which ${owner === undefined ? `customMetrics.${other} exposes too` : `the catalogue metric ${owner} exposes`}; give it another name (see docs/metrics.md for the names the SDK takes).`,
          `customMetrics.${key}.name`,
        );
      }
    }
    for (const exposed of exposedNames(definition.name, definition.type)) takenByCustom.set(exposed, key);
    result.set(key, definition);
  }
  return result;
}
