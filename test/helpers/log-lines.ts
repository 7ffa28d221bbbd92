import { Writable } from 'node:stream';

/** A parsed log line with the report's fields. */
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
/** The first five keys of a line, in the Contract's order (checked on the text: a parsed object may reorder keys). */
export const HEAD_KEYS = ['timestamp', 'level', 'logger', 'message', 'pid'] as const;
const HEAD =
  /^\{"timestamp":"[^"]*","level":"[^"]*","logger":"(?:[^"\\]|\\.)*","message":"(?:[^"\\]|\\.)*","pid":\d+[,}]/;

/**
 * Parses one line written by the SDK's logger and checks the report's fields (`timestamp`
 * ISO 8601 UTC with microseconds, `level` a name, `logger`, `message`, `pid`), and that the line
 * opens with them in that order; throws with the line when it is not JSON or a field is
 * missing, malformed or out of place.
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
  if (problems.length === 0 && !HEAD.test(text))
    problems.push(`order (the line must open with ${HEAD_KEYS.join(', ')})`);
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

/** A destination stream that keeps what a logger writes; `lines()` parses and checks every line. */
export function logCapture(): { destination: Writable; text(): string; lines(): LogLine[] } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      chunks.push(String(chunk));
      callback();
    },
  });
  return { destination, text: () => chunks.join(''), lines: () => parseLogLines(chunks.join('')) };
}
