import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ObservabilityError } from '../core/errors.js';
import { jsonErrorOffset, lineColumn } from './json-syntax.js';

/** A YAML parse error as the `yaml` package throws it: `linePos` holds 1-based positions. */
interface YamlParseError {
  readonly message: string;
  readonly linePos?: readonly { line: number; col: number }[];
}

function fileError(file: string, problem: string, cause?: unknown): ObservabilityError {
  return new ObservabilityError('TFO_ERR_CONFIG_FILE', `--config ${file} ${problem}`, 'config', { cause });
}

function where(position: { line: number; column: number } | undefined): string {
  return position === undefined ? '' : ` at line ${position.line}, column ${position.column}`;
}

async function readText(file: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw fileError(file, 'cannot be read: there is no such file; check the path.', error);
    if (code === 'EISDIR') throw fileError(file, 'is a folder; expected a JSON or YAML file.', error);
    if (code === 'EACCES') throw fileError(file, 'cannot be read: permission denied.', error);
    throw fileError(file, `cannot be read (${(error as Error).message}).`, error);
  }
}

function parseJson(file: string, text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const offset = jsonErrorOffset(text);
    // Node 20 quotes the whole text back ("Unexpected token ']', "{…}" is not valid JSON"): keep the reason only.
    const reason = (error as Error).message
      .replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '')
      .replace(/ in JSON at position \d+.*$/s, '');
    throw fileError(
      file,
      `is not valid JSON${where(offset === undefined ? undefined : lineColumn(text, offset))} (${reason}); fix the syntax there.`,
      error,
    );
  }
}

async function parseYaml(file: string, text: string): Promise<unknown> {
  let yaml: { parse(source: string): unknown };
  try {
    yaml = (await import('yaml')) as { parse(source: string): unknown };
  } catch {
    throw fileError(
      file,
      'is YAML, but the "yaml" package is not installed; install it (npm i -D yaml) or pass a .json file.',
    );
  }
  try {
    return yaml.parse(text);
  } catch (error) {
    const position = (error as YamlParseError).linePos?.[0];
    const reason = (error as Error).message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw fileError(
      file,
      `is not valid YAML${where(position && { line: position.line, column: position.col })} (${reason}); fix the syntax there.`,
      error,
    );
  }
}

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value} (${JSON.stringify(value)})`;
}

/**
 * Reads a preset config file for `render-presets --config`: JSON when the name ends in
 * `.json`, else YAML. Every failure names the file: a file that cannot be read, is empty or
 * does not parse throws `TFO_ERR_CONFIG_FILE` (with the line and column of a syntax error);
 * content that is not an object throws `TFO_ERR_INVALID_PRESET_CONFIG`.
 */
export async function loadConfigFile(file: string): Promise<Record<string, unknown>> {
  const text = (await readText(file)).replace(/^\uFEFF/, '');
  if (text.trim() === '') throw fileError(file, 'is empty; expected a JSON or YAML object of preset fields.');
  const value = /\.json$/i.test(file) ? parseJson(file, text) : await parseYaml(file, text);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ObservabilityError(
      'TFO_ERR_INVALID_PRESET_CONFIG',
      `--config ${file} holds ${describeValue(value)}; expected an object of preset fields (prefix, jobs, alerts, …). See docs/presets.md.`,
      'config',
    );
  }
  return value as Record<string, unknown>;
}
