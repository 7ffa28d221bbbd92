import type { Registry } from 'prom-client';
import type { MetricSnapshot, MetricValue } from './metrics/guarded-metric.js';

/** The content type of an OpenMetrics 1.0 exposition. */
export const OPENMETRICS_CONTENT_TYPE = 'application/openmetrics-text; version=1.0.0; charset=utf-8';

function escapeLabel(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/"/g, '\\"');
}

function formatNumber(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}

function formatLabels(labels: Readonly<Record<string, string | number>>): string {
  let out = '';
  for (const name in labels) {
    const value = labels[name];
    if (value === undefined) continue;
    out += `${out === '' ? '' : ','}${name}="${escapeLabel(typeof value === 'number' ? formatNumber(value) : value)}"`;
  }
  return out === '' ? '' : `{${out}}`;
}

/**
 * The most code points the names and values of an exemplar's label set may have together.
 * OpenMetrics 1.0 says MUST NOT exceed; strict parsers (the Python client's) reject the whole
 * exposition over one longer exemplar, and Prometheus drops such an exemplar anyway.
 */
const EXEMPLAR_MAX_LABEL_SET_LENGTH = 128;

function codePoints(value: string): number {
  let count = 0;
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    // A high surrogate followed by a low one is one code point.
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < value.length) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
    count++;
  }
  return count;
}

/** True when the label set is non-empty and within {@link EXEMPLAR_MAX_LABEL_SET_LENGTH}. */
function exemplarFits(labelSet: Readonly<Record<string, string | number>>): boolean {
  let length = 0;
  let labels = 0;
  for (const name in labelSet) {
    const value = labelSet[name];
    if (value === undefined) continue;
    labels++;
    length += codePoints(name) + codePoints(typeof value === 'number' ? formatNumber(value) : value);
  }
  return labels > 0 && length <= EXEMPLAR_MAX_LABEL_SET_LENGTH;
}

function renderValue(sampleName: string, value: MetricValue): string {
  let line = `${sampleName}${formatLabels({ ...value.sharedLabels, ...value.labels })} ${formatNumber(value.value)}`;
  const exemplar = value.exemplar;
  // An exemplar over the limit is left out, so that the sample and the rest of the scrape stay valid.
  if (exemplar !== undefined && exemplar !== null && exemplarFits(exemplar.labelSet)) {
    line += ` # ${formatLabels(exemplar.labelSet)} ${formatNumber(exemplar.value)} ${exemplar.timestamp}`;
  }
  return `${line}\n`;
}

function renderFamily(metric: MetricSnapshot): string {
  const type =
    metric.type === 'counter' || metric.type === 'gauge' || metric.type === 'histogram' || metric.type === 'summary'
      ? metric.type
      : 'unknown';
  const family =
    type === 'counter' && metric.name.endsWith('_total') ? metric.name.slice(0, -'_total'.length) : metric.name;
  let out = `# TYPE ${family} ${type}\n# HELP ${family} ${escapeLabel(metric.help)}\n`;
  for (const value of metric.values) {
    const sampleName = value.metricName ?? (type === 'counter' ? `${family}_total` : family);
    out += renderValue(sampleName, value);
  }
  return out;
}

/**
 * Renders a registry in the OpenMetrics 1.0 text format, exemplars included, from
 * `registry.getMetricsAsJSON()`. Unlike prom-client's own OpenMetrics mode, it changes neither
 * the registry's content type nor any metric's name, so both formats can be served at once.
 */
export async function renderOpenMetrics(registry: Registry): Promise<string> {
  const metrics = (await registry.getMetricsAsJSON()) as unknown as MetricSnapshot[];
  let out = '';
  for (const metric of metrics) out += renderFamily(metric);
  return `${out}# EOF\n`;
}
