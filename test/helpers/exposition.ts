import { spawnSync } from 'node:child_process';

/** One sample line of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const LINE = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+#.*)?$/;
const LABEL = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g;

/** The label pairs of a `name="value",…` text, unescaped. */
function parseLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  for (const [, name, value] of text.matchAll(LABEL)) {
    labels[name!] = value!.replace(/\\(n|"|\\)/g, (_, escaped: string) => (escaped === 'n' ? '\n' : escaped));
  }
  return labels;
}

/** Parses the sample lines of a Prometheus text (or OpenMetrics) exposition. */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = LINE.exec(line);
    if (!match) throw new Error(`unparseable exposition line: ${line}`);
    const labels = parseLabels(match[2] ?? '');
    const raw = match[3]!;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** An exemplar of an OpenMetrics sample line. */
export interface Exemplar {
  labels: Record<string, string>;
  value: number;
}

/**
 * The exemplars of the OpenMetrics sample lines called `name` whose labels include every pair
 * in `labels`, in line order; `undefined` for a line without one.
 */
export function exemplarsOf(text: string, name: string, labels: Record<string, string> = {}): (Exemplar | undefined)[] {
  const found: (Exemplar | undefined)[] = [];
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const [sample, exemplar] = line.split(' # ');
    const [parsed] = parseExposition(sample!);
    if (!Object.entries(labels).every(([key, value]) => parsed!.labels[key] === value)) continue;
    const match = exemplar === undefined ? null : /^\{(.*)\} (\S+)(?: \S+)?$/.exec(exemplar);
    found.push(match ? { labels: parseLabels(match[1]!), value: Number(match[2]) } : undefined);
  }
  return found;
}

/** The samples called `name` whose labels include every pair in `labels`. */
export function findSamples(samples: Sample[], name: string, labels: Record<string, string> = {}): Sample[] {
  return samples.filter(
    (sample) => sample.name === name && Object.entries(labels).every(([key, value]) => sample.labels[key] === value),
  );
}

/** The value of the one sample that matches, or undefined. Throws when several match. */
export function sampleValue(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const found = findSamples(samples, name, labels);
  if (found.length > 1) throw new Error(`${found.length} samples of ${name} match ${JSON.stringify(labels)}`);
  return found[0]?.value;
}

/** The `# TYPE` of each metric family in the exposition. */
export function metricTypes(text: string): Map<string, string> {
  const types = new Map<string, string>();
  for (const match of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(match[1]!, match[2]!);
  return types;
}

/** A sample as the Python client's strict OpenMetrics parser reads it. */
export interface StrictSample {
  name: string;
  labels: Record<string, string>;
  value: number;
  exemplar: Exemplar | null;
}

/** A metric family as the Python client's strict OpenMetrics parser reads it. */
export interface StrictFamily {
  name: string;
  type: string;
  samples: StrictSample[];
}

/** The Python interpreter that Debian's python3-prometheus-client installs for (not a pyenv one on PATH). */
export const STRICT_PARSER_PYTHON = '/usr/bin/python3';

/** Reads an exposition (UTF-8 bytes on stdin) with prometheus_client's OpenMetrics parser; prints the families as JSON. */
const STRICT_PARSER_SCRIPT = `
import json, sys
from prometheus_client.openmetrics.parser import text_string_to_metric_families
from prometheus_client.utils import floatToGoString
text = sys.stdin.buffer.read().decode('utf-8', errors='strict')
families = []
for family in text_string_to_metric_families(text):
    samples = []
    for s in family.samples:
        exemplar = None
        if s.exemplar is not None:
            exemplar = {'labels': s.exemplar.labels, 'value': floatToGoString(s.exemplar.value)}
        samples.append({'name': s.name, 'labels': s.labels, 'value': floatToGoString(s.value), 'exemplar': exemplar})
    families.append({'name': family.name, 'type': family.type, 'samples': samples})
json.dump(families, sys.stdout)
`;

function goFloat(text: string): number {
  return text === '+Inf' ? Infinity : text === '-Inf' ? -Infinity : Number(text);
}

/**
 * Parses an OpenMetrics exposition with the Python client's strict parser (Debian's
 * python3-prometheus-client), which rejects the whole text over one broken line: a clashing
 * name, a negative `_sum`, a bad exemplar, a missing `# EOF`. Throws with the parser's message.
 */
export function parseStrictOpenMetrics(text: string): StrictFamily[] {
  const result = spawnSync(STRICT_PARSER_PYTHON, ['-c', STRICT_PARSER_SCRIPT], {
    input: Buffer.from(text, 'utf8'),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) {
    const lines = result.stderr.trim().split('\n');
    throw new Error(`the strict OpenMetrics parser rejected the exposition: ${lines.at(-1)}`);
  }
  const families = JSON.parse(result.stdout) as (Omit<StrictFamily, 'samples'> & {
    samples: (Omit<StrictSample, 'value' | 'exemplar'> & {
      value: string;
      exemplar: { labels: Record<string, string>; value: string } | null;
    })[];
  })[];
  return families.map((family) => ({
    ...family,
    samples: family.samples.map((sample) => ({
      ...sample,
      value: goFloat(sample.value),
      exemplar: sample.exemplar && { labels: sample.exemplar.labels, value: goFloat(sample.exemplar.value) },
    })),
  }));
}
