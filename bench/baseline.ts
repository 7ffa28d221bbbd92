/**
 * The optional "before" of a before/after: `BENCH_BASELINE_DIST=<dir>` names the built dist of an
 * older commit (`scripts/build-baseline-dist.sh <commit>` makes one in
 * bench/results/baseline-dist). The HTTP, logger and cold-start benches then add variants named
 * `<variant>@base` that load that build, alternated in the same rounds as the current ones, so
 * the ratio after / before comes from one run on one machine state.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export interface Baseline {
  /** Absolute path of the built dist (it has index.js, express.js, ...). */
  readonly dir: string;
  /** The commit it was built from, when BASELINE.json says so. */
  readonly commit?: string;
  readonly subject?: string;
}

/** The suffix of a variant that runs the baseline build. */
export const BASE = '@base';

export const isBase = (name: string): boolean => name.endsWith(BASE);
export const current = (name: string): string => (isBase(name) ? name.slice(0, -BASE.length) : name);

/** The baseline named by BENCH_BASELINE_DIST, or undefined; throws when the directory is not a build. */
export function baseline(): Baseline | undefined {
  const value = process.env.BENCH_BASELINE_DIST;
  if (!value) return undefined;
  const dir = resolve(value);
  if (!existsSync(resolve(dir, 'index.js'))) {
    throw new Error(
      `BENCH_BASELINE_DIST=${value}: no index.js there; build one with scripts/build-baseline-dist.sh <commit> ${value}`,
    );
  }
  try {
    const info = JSON.parse(readFileSync(resolve(dir, 'BASELINE.json'), 'utf8')) as {
      commit?: string;
      subject?: string;
    };
    return { dir, ...(info.commit && { commit: info.commit }), ...(info.subject && { subject: info.subject }) };
  } catch {
    return { dir };
  }
}

/** `a6a016e (subject)` or the directory: how the tables name the baseline. */
export function describeBaseline(base: Baseline): string {
  return base.commit ? `${base.commit.slice(0, 7)}${base.subject ? ` (${base.subject})` : ''}` : base.dir;
}
