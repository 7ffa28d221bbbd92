/**
 * A small YAML emitter for the plain data the presets render (objects, arrays, strings,
 * numbers, booleans, null). It writes block style, quotes a string only when YAML would
 * read it as something else, and writes multi-line strings (PromQL, templates) as `|-`
 * literal blocks so they stay readable. The runtime has no YAML dependency.
 */

/** A value the emitter can write. */
export type YamlValue = string | number | boolean | null | readonly YamlValue[] | { readonly [key: string]: YamlValue };

const PLAIN = /^[A-Za-z_/$][A-Za-z0-9_ ./:@$()+,-]*$/;
const DURATION = /^(\d+[a-z]+)+$/;
const RESERVED = /^(true|false|yes|no|on|off|null|~|y|n)$/i;

function scalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`YAML cannot hold the number ${value}`);
    return String(value);
  }
  if (typeof value === 'boolean') return String(value);
  if (DURATION.test(value)) return value;
  if (value !== '' && PLAIN.test(value) && !RESERVED.test(value) && !value.endsWith(' ') && !value.includes(': ')) {
    return value;
  }
  // Single quotes keep PromQL and templates readable: only a quote itself is escaped ('').
  if (![...value].some((char) => char.charCodeAt(0) < 0x20 || char.charCodeAt(0) === 0x7f)) {
    return `'${value.replaceAll("'", "''")}'`;
  }
  return JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(name) && !RESERVED.test(name) ? name : JSON.stringify(name);
}

function isBlockString(value: YamlValue): value is string {
  return typeof value === 'string' && value.includes('\n') && !/^\s/.test(value) && !/[ \t]$/m.test(value);
}

function isEmpty(value: YamlValue): boolean {
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && value !== null && Object.keys(value).length === 0;
}

function isMapping(value: YamlValue): value is { readonly [key: string]: YamlValue } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The text after `key:` or `-` for a value that fits on that line, or a block string's lines. */
function inline(value: YamlValue, indent: string, lead: string): string[] {
  if (isBlockString(value))
    return [`${lead} |-`, ...value.split('\n').map((line) => (line === '' ? '' : `${indent}  ${line}`))];
  if (Array.isArray(value)) return [`${lead} []`];
  if (isMapping(value)) return [`${lead} {}`];
  return [`${lead} ${scalar(value as string | number | boolean | null)}`];
}

function mapping(value: { readonly [key: string]: YamlValue }, indent: string): string[] {
  const lines: string[] = [];
  for (const [name, item] of Object.entries(value)) {
    const lead = `${indent}${key(name)}:`;
    if (isMapping(item) && !isEmpty(item)) lines.push(lead, ...mapping(item, `${indent}  `));
    else if (Array.isArray(item) && !isEmpty(item)) lines.push(lead, ...sequence(item, `${indent}  `));
    else lines.push(...inline(item, indent, lead));
  }
  return lines;
}

function sequence(value: readonly YamlValue[], indent: string): string[] {
  const lines: string[] = [];
  for (const item of value) {
    if (isMapping(item) && !isEmpty(item)) {
      const [head, ...rest] = mapping(item, `${indent}  `);
      lines.push(`${indent}- ${head!.trimStart()}`, ...rest);
    } else if (Array.isArray(item) && !isEmpty(item)) {
      lines.push(`${indent}-`, ...sequence(item, `${indent}  `));
    } else {
      lines.push(...inline(item, indent, `${indent}-`));
    }
  }
  return lines;
}

/**
 * Writes `value` as a YAML document, optionally preceded by comment lines.
 *
 * @param value - The document.
 * @param header - Comment lines written first (each gets a `# `).
 */
export function toYaml(value: YamlValue, header: readonly string[] = []): string {
  const lines = header.map((line) => (line === '' ? '#' : `# ${line}`));
  if (isMapping(value) && !isEmpty(value)) lines.push(...mapping(value, ''));
  else if (Array.isArray(value) && !isEmpty(value)) lines.push(...sequence(value, ''));
  else lines.push(...inline(value, '', '').map((line) => line.trimStart()));
  return `${lines.join('\n')}\n`;
}
