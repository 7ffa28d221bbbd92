import { CATALOGUE } from '../../src/catalogue/index.js';
import type { Observability } from '../../src/create-observability.js';

type AnyHandle = {
  readonly type: 'counter' | 'gauge' | 'histogram';
  readonly labelNames: readonly string[];
  inc(labels: Record<string, string>, value?: number): void;
  set(labels: Record<string, string>, value: number): void;
  observe(labels: Record<string, string>, value: number, exemplar?: Record<string, string>): void;
};

function touch(handle: AnyHandle, value: number, exemplar: Record<string, string> | undefined): void {
  const labels = Object.fromEntries(handle.labelNames.map((label) => [label, `${label}_value`]));
  if (handle.type === 'counter') handle.inc(labels, value);
  else if (handle.type === 'gauge') handle.set(labels, value);
  else handle.observe(labels, value, exemplar);
}

/**
 * Records one value into every catalogue metric and every custom metric (`observability.custom`)
 * (label values are `<label>_value`), so that every metric registered has a series in the
 * exposition. Catalogue metrics whose group is off are recorded too, but stay unexposed: create
 * the object with `groups: 'all'` to expose the whole catalogue. With `exemplar`, each histogram
 * observation carries it (kept when the observability object keeps exemplars). Returns the
 * number of metrics touched.
 */
export function touchAllMetrics(observability: Observability, value = 1, exemplar?: Record<string, string>): number {
  const handles = [
    ...Object.keys(CATALOGUE).map((key) => observability.metrics[key as keyof typeof CATALOGUE]),
    ...Object.values(observability.custom),
  ] as unknown as AnyHandle[];
  for (const handle of handles) touch(handle, value, exemplar);
  return handles.length;
}
