import { CATALOGUE } from '../../src/catalogue/index.js';
import type { Observability } from '../../src/create-observability.js';

type AnyHandle = {
  inc(labels: Record<string, string>, value?: number): void;
  set(labels: Record<string, string>, value: number): void;
  observe(labels: Record<string, string>, value: number, exemplar?: Record<string, string>): void;
};

/**
 * Records one value into every catalogue metric (label values are `label_value`), so that
 * every metric has a series in the exposition. With `exemplar`, each histogram observation
 * carries it (kept when the observability object keeps exemplars). Returns the number of
 * metrics touched.
 */
export function touchAllMetrics(observability: Observability, value = 1, exemplar?: Record<string, string>): number {
  let touched = 0;
  for (const [key, definition] of Object.entries(CATALOGUE)) {
    const handle = observability.metrics[key as keyof typeof CATALOGUE] as unknown as AnyHandle;
    const labels = Object.fromEntries(definition.labelNames.map((label) => [label, `${label}_value`]));
    if (definition.type === 'counter') handle.inc(labels, value);
    else if (definition.type === 'gauge') handle.set(labels, value);
    else handle.observe(labels, value, exemplar);
    touched++;
  }
  return touched;
}
