/**
 * What the logger bench measures, named once: its variants, and which of them also run on the
 * baseline build. The bench (`bench/logger.bench.ts`) and the generator of docs/performance.md
 * both read these.
 */

export const LOGGER_VARIANTS = [
  'pino (bare)',
  'pino child with the request fields as bindings',
  'ours, no context',
  'ours, with request context',
  'ours, with request context and caller: true',
] as const;
export type LoggerVariant = (typeof LOGGER_VARIANTS)[number];

/** Ours, the variants that also run on the baseline build (BENCH_BASELINE_DIST). */
export const LOGGER_BASE_VARIANTS: readonly LoggerVariant[] = ['ours, no context', 'ours, with request context'];

/** The caller variant captures a stack per line (about 6–9 µs): a tenth of the lines says as much. */
export const LOGGER_CALLER: LoggerVariant = 'ours, with request context and caller: true';
