import { moduleRequire, nodeBuiltin } from '../core/module-require.js';

/**
 * The caller of a log method: `file`, `line` and `function`, read from V8's structured stack
 * (no stack-string parsing) and mapped through source maps when Node has them (TypeScript run
 * with `--enable-source-maps` or tsx). Opt-in ({@link LoggerOptions.caller}) because capturing
 * a stack costs a few microseconds per line; docs/performance.md has the measured figure.
 */
interface CallerFields {
  file: string;
  line: number;
  function: string;
}

type CallSites = NodeJS.CallSite[];

const SCAN = 4;
/**
 * pino's folder: frames inside it (its level methods) sit between the hook and the caller. Found
 * on first use, not when this module loads (importing does no work), and `null` when pino cannot
 * be resolved from here, as in a bundle that inlined it.
 */
let pinoDir: string | null | undefined;

function pinoDirectory(): string | null {
  if (pinoDir === undefined) {
    try {
      pinoDir = nodeBuiltin('node:path').dirname(moduleRequire().resolve('pino'));
    } catch {
      pinoDir = null;
    }
  }
  return pinoDir;
}

/**
 * The caller's frame: the first one outside pino; without pino's folder, the frame after the
 * first, since pino calls the hook straight from the level method the application called.
 */
function callerFrame(stack: CallSites | undefined): NodeJS.CallSite | undefined {
  if (stack === undefined) return undefined;
  const dir = pinoDirectory();
  if (dir === null) return stack[1];
  return stack.find((frame) => !(frame.getFileName() ?? '').includes(dir));
}
/** Call sites already described, keyed by file, line and column (source-map lookups are slow). */
const described = new Map<string, CallerFields>();
const DESCRIBED_LIMIT = 4096;

function structuredStack(_error: Error, stack: CallSites): CallSites {
  return stack;
}

function pathOf(file: string): string {
  return file.startsWith('file://') ? nodeBuiltin('node:url').fileURLToPath(file) : file;
}

function describe(site: NodeJS.CallSite): CallerFields {
  let file = site.getFileName() ?? '<anonymous>';
  let line = site.getLineNumber() ?? 0;
  const map = file === '<anonymous>' ? undefined : nodeBuiltin('node:module').findSourceMap(file);
  if (map !== undefined) {
    const entry = map.findEntry(line - 1, (site.getColumnNumber() ?? 1) - 1) as {
      originalSource?: string;
      originalLine?: number;
    };
    if (entry.originalSource !== undefined && entry.originalLine !== undefined) {
      file = entry.originalSource;
      line = entry.originalLine + 1;
    }
  }
  const name = site.getFunctionName() ?? site.getMethodName();
  const typeName = site.getTypeName();
  const fn = name === null ? '<anonymous>' : typeName && site.getMethodName() ? `${typeName}.${name}` : name;
  return { file: pathOf(file), line, function: fn };
}

/**
 * The first frame below `above` (the log-method hook) that is not inside pino, or `undefined`
 * when the stack cannot be read.
 */
export function callerOf(above: (...args: never[]) => unknown): CallerFields | undefined {
  const previousPrepare = Error.prepareStackTrace;
  const previousLimit = Error.stackTraceLimit;
  const holder: { stack?: CallSites } = {};
  try {
    Error.prepareStackTrace = structuredStack;
    Error.stackTraceLimit = SCAN;
    Error.captureStackTrace(holder, above);
    const site = callerFrame(holder.stack);
    if (site === undefined) return undefined;
    const key = `${site.getFileName()}:${site.getLineNumber()}:${site.getColumnNumber()}`;
    let fields = described.get(key);
    if (fields === undefined) {
      fields = describe(site);
      if (described.size >= DESCRIBED_LIMIT) described.clear();
      described.set(key, fields);
    }
    return fields;
  } catch {
    return undefined;
  } finally {
    Error.prepareStackTrace = previousPrepare;
    Error.stackTraceLimit = previousLimit;
  }
}
