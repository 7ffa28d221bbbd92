import { createRequire, findSourceMap } from 'node:module';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

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

/** Frames inside pino (its level methods) sit between the hook and the caller. */
const PINO_DIR = dirname(createRequire(import.meta.url).resolve('pino'));
const SCAN = 4;
/** Call sites already described, keyed by file, line and column (source-map lookups are slow). */
const described = new Map<string, CallerFields>();
const DESCRIBED_LIMIT = 4096;

function structuredStack(_error: Error, stack: CallSites): CallSites {
  return stack;
}

function pathOf(file: string): string {
  return file.startsWith('file://') ? fileURLToPath(file) : file;
}

function describe(site: NodeJS.CallSite): CallerFields {
  let file = site.getFileName() ?? '<anonymous>';
  let line = site.getLineNumber() ?? 0;
  const map = file === '<anonymous>' ? undefined : findSourceMap(file);
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
    const site = holder.stack?.find((frame) => !(frame.getFileName() ?? '').includes(PINO_DIR));
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
