/**
 * Reads a V8 `.cpuprofile` (from `node --cpu-prof`) and says where a server's CPU went, with our
 * own code apart: each sample is charged to the first frame, walking up from the leaf, that is
 * not Node's own (`node:` modules, built-ins, native code), so the time Node spends on our behalf
 * (`randomUUID`, `AsyncLocalStorage.run`, `setHeader`) counts as ours, and the time it spends for
 * the framework counts as the framework's. Our frames are mapped back to `src/` through dist/'s
 * source maps.
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
  readonly columnNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  /** Microseconds on the system's monotonic clock (process.hrtime's on Linux). */
  readonly startTime: number;
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** One function of ours, with where it is in src/ and what it cost. */
export interface OwnFunction {
  /** `RequestRecord.end (src/core/http/request-recorder.ts:120)`. */
  readonly name: string;
  /** Share of the server's busy CPU spent in the function itself. */
  readonly self: number;
  /** Share spent in it plus in Node's own code it called (not in the framework's or the user's). */
  readonly charged: number;
  /** The biggest parts of `charged` spent in Node's own code: `randomUUID 2.1%`. */
  readonly nodeCallees: readonly { readonly name: string; readonly share: number }[];
}

export interface ProfileSummary {
  /** Busy CPU in µs (idle excluded) over the whole profile. */
  readonly busyUs: number;
  /** Shares of busy CPU by owner: `ours`, `gc`, `node` (Node itself, for nobody in particular), or a package name. */
  readonly owners: Record<string, number>;
  /** Our functions, biggest charge first. */
  readonly ours: readonly OwnFunction[];
}

type Category =
  { readonly kind: 'internal' } | { readonly kind: 'ours' } | { readonly kind: 'package'; readonly name: string };

function categorize(url: string, ourDist: string): Category {
  if (url === '' || url.startsWith('node:')) return { kind: 'internal' };
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  if (path.startsWith(ourDist)) return { kind: 'ours' };
  const modules = path.lastIndexOf('/node_modules/');
  if (modules !== -1) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/');
    return { kind: 'package', name: rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]! };
  }
  return { kind: 'package', name: '(bench app)' };
}

const maps = new Map<string, SourceMap | undefined>();
function sourceMapOf(url: string): SourceMap | undefined {
  if (maps.has(url)) return maps.get(url);
  let map: SourceMap | undefined;
  try {
    const file = `${fileURLToPath(url)}.map`;
    if (existsSync(file))
      map = new SourceMap(JSON.parse(readFileSync(file, 'utf8')) as ConstructorParameters<typeof SourceMap>[0]);
  } catch {
    map = undefined;
  }
  maps.set(url, map);
  return map;
}

/** `name (src/…/file.ts:line)` for one of our frames; the dist location when no map says more. */
function ourName(frame: CallFrame): string {
  const name = frame.functionName || '(anonymous)';
  const entry = sourceMapOf(frame.url)?.findEntry(frame.lineNumber, frame.columnNumber) as
    { originalSource?: string; originalLine?: number } | undefined;
  if (entry?.originalSource) {
    const source = entry.originalSource.replace(/^.*?\/src\//, 'src/');
    return `${name} (${source}:${(entry.originalLine ?? 0) + 1})`;
  }
  return `${name} (${frame.url.replace(/^.*\/dist/, 'dist')}:${frame.lineNumber + 1})`;
}

function nodeName(frame: CallFrame): string {
  if (frame.url === '') return frame.functionName || '(native)';
  return `${frame.functionName || '(anonymous)'} (${frame.url})`;
}

/** A stretch of the monotonic clock, in µs (`process.hrtime.bigint() / 1000n`). */
export interface Window {
  readonly startUs: number;
  readonly endUs: number;
}

/**
 * Summarizes one profile; `ourDist` is the absolute path of the dist/ directory our frames come
 * from. With a `window`, only the samples taken within it count (the load, not start-up).
 */
export function summarizeProfile(file: string, ourDist: string, window?: Window): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  const owners = new Map<string, number>();
  const self = new Map<string, number>();
  const charged = new Map<string, number>();
  const callees = new Map<string, Map<string, number>>();
  let busy = 0;
  let time = profile.startTime;
  const add = (map: Map<string, number>, key: string, us: number): void => void map.set(key, (map.get(key) ?? 0) + us);

  profile.samples.forEach((id, i) => {
    const us = profile.timeDeltas[i] ?? 0;
    time += us;
    if (window && (time < window.startUs || time > window.endUs)) return;
    const leaf = byId.get(id)!;
    const leafName = leaf.callFrame.functionName;
    if (leafName === '(idle)') return;
    busy += us;
    if (leafName === '(garbage collector)') return add(owners, 'gc', us);
    let node: ProfileNode | undefined = leaf;
    while (node) {
      const category = categorize(node.callFrame.url, ourDist);
      if (category.kind === 'ours') {
        const name = ourName(node.callFrame);
        add(owners, 'ours', us);
        add(charged, name, us);
        if (node === leaf) add(self, name, us);
        else {
          const map = callees.get(name) ?? new Map<string, number>();
          callees.set(name, map);
          add(map, nodeName(leaf.callFrame), us);
        }
        return;
      }
      if (category.kind === 'package') return add(owners, category.name, us);
      const up = parent.get(node.id);
      node = up === undefined ? undefined : byId.get(up);
    }
    add(owners, 'node', us);
  });

  const share = (us: number): number => (busy === 0 ? 0 : us / busy);
  const ours = [...charged.entries()]
    .sort((a, b) => b[1] - a[1])
    .map(([name, us]) => ({
      name,
      self: share(self.get(name) ?? 0),
      charged: share(us),
      nodeCallees: [...(callees.get(name) ?? new Map<string, number>()).entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([callee, calleeUs]) => ({ name: callee, share: share(calleeUs) })),
    }));
  return {
    busyUs: busy,
    owners: Object.fromEntries([...owners.entries()].sort((a, b) => b[1] - a[1]).map(([k, us]) => [k, share(us)])),
    ours,
  };
}
