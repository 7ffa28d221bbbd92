import type { Registry } from 'prom-client';
import { exemplarLabelSet } from './metrics/exemplar.js';
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

function renderValue(sampleName: string, value: MetricValue): string {
  let line = `${sampleName}${formatLabels({ ...value.sharedLabels, ...value.labels })} ${formatNumber(value.value)}`;
  const exemplar = value.exemplar;
  // The SDK's histograms keep only valid exemplars; one from another metric of the registry that
  // breaks the OpenMetrics rules is left out here, so that the sample and the rest of the scrape stay valid.
  const labelSet = exemplar === undefined || exemplar === null ? undefined : exemplarLabelSet(exemplar.labelSet);
  if (labelSet !== undefined) {
    line += ` # ${formatLabels(labelSet)} ${formatNumber(exemplar!.value)} ${exemplar!.timestamp}`;
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
