import { Writable } from 'node:stream';

/** A parsed log line with the SDK's head fields. */
export interface LogLine {
  timestamp: string;
  level: string;
  logger: string;
  message: string;
  pid: number;
  [field: string]: unknown;
}

/** The level names a line may carry. */
export const LEVEL_NAMES = ['trace', 'debug', 'info', 'warning', 'error', 'critical'] as const;
const ISO_MICROS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
/** The head fields every line has (the Contract fixes the fields, not their order in the line). */
export const HEAD_KEYS = ['timestamp', 'level', 'logger', 'message', 'pid'] as const;

/** How often each head key is written in the raw text of a line (a parsed object keeps only the last copy). */
function headKeyCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  // Keys of the top level only: walk the JSON text, tracking depth and strings.
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (char === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1 && text[end + 1] === ':') {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        if ((HEAD_KEYS as readonly string[]).includes(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
      i = end;
    } else if (char === '{' || char === '[') depth++;
    else if (char === '}' || char === ']') depth--;
  }
  return counts;
}

/**
 * Parses one line written by the SDK's logger and checks its head fields (`timestamp` ISO 8601
 * UTC with microseconds, `level` a name, `logger`, `message`, `pid`), and that each is written
 * exactly once (a second copy would overwrite the first when parsed); throws with the line when
 * it is not JSON or a field is missing, malformed or repeated.
 */
export function parseLogLine(text: string): LogLine {
  let line: Record<string, unknown>;
  try {
    line = JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new Error(`log line is not JSON (${(error as Error).message}): ${text}`);
  }
  const problems: string[] = [];
  if (typeof line.timestamp !== 'string' || !ISO_MICROS.test(line.timestamp)) problems.push('timestamp');
  if (!(LEVEL_NAMES as readonly unknown[]).includes(line.level)) problems.push('level');
  if (typeof line.logger !== 'string' || line.logger === '') problems.push('logger');
  if (typeof line.message !== 'string') problems.push('message');
  if (typeof line.pid !== 'number') problems.push('pid');
  for (const [key, count] of headKeyCounts(text)) if (count > 1) problems.push(`${key} (written ${count} times)`);
  if (problems.length > 0) throw new Error(`log line has bad ${problems.join(', ')}: ${text}`);
  return line as LogLine;
}

/** Parses every non-empty line of `text` with {@link parseLogLine}. */
export function parseLogLines(text: string): LogLine[] {
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map(parseLogLine);
}

/** What {@link logCapture} returns. */
export interface LogCapture {
  /** The stream to pass as the logger's `destination`. */
  readonly destination: Writable;
  /** Everything written so far. */
  text(): string;
  /** Every line written so far, parsed and checked. */
  lines(): LogLine[];
  /**
   * Resolves with the lines once `count` lines match `filter` (checked on every write, no
   * polling); rejects after `timeoutMs` (a safety net only, far above what the wait needs) with
   * what was written.
   */
  waitFor(count: number, filter?: (line: LogLine) => boolean, timeoutMs?: number): Promise<LogLine[]>;
}

/** A destination stream that keeps what a logger writes; each line is parsed and checked as it comes. */
export function logCapture(): LogCapture {
  const chunks: string[] = [];
  const parsed: LogLine[] = [];
  let partial = '';
  let broken: Error | undefined;
  const waiters = new Set<() => void>();
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      const text = String(chunk);
      chunks.push(text);
      const pieces = (partial + text).split('\n');
      partial = pieces.pop()!;
      for (const piece of pieces) {
        if (piece === '') continue;
        try {
          parsed.push(parseLogLine(piece));
        } catch (error) {
          broken ??= error as Error;
        }
      }
      for (const waiter of waiters) waiter();
      callback();
    },
  });
  const text = (): string => chunks.join('');
  const lines = (): LogLine[] => {
    if (broken !== undefined) throw broken;
    return partial === '' ? [...parsed] : [...parsed, parseLogLine(partial)];
  };
  function waitFor(count: number, filter: (line: LogLine) => boolean = () => true, timeoutMs = 60_000) {
    return new Promise<LogLine[]>((resolve, reject) => {
      let seen = 0;
      let matched = 0;
      const finish = (error?: Error): void => {
        waiters.delete(check);
        clearTimeout(timer);
        if (error === undefined) resolve([...parsed]);
        else reject(error);
      };
      const check = (): void => {
        if (broken !== undefined) return finish(broken);
        for (; seen < parsed.length; seen++) if (filter(parsed[seen]!)) matched++;
        if (matched >= count) finish();
      };
      const timer = setTimeout(
        () => finish(new Error(`waited ${timeoutMs} ms for ${count} matching log lines; got:\n${text()}`)),
        timeoutMs,
      );
      waiters.add(check);
      check();
    });
  }
  return { destination, text, lines, waitFor };
}
