/**
 * Express 4 keeps no mount path on its router layers, only the regular expression that
 * path-to-regexp 0.1 compiled from it. This file reads the template back out of that
 * expression, and accepts the result only when Express's own `Layer` compiles it to the very
 * same expression, so a template is never guessed.
 */

/** A router layer of Express 4 (the fields read here). */
export interface Express4Layer {
  readonly regexp: RegExp & { fast_slash?: boolean; fast_star?: boolean };
  readonly keys: readonly { readonly name: string | number }[];
  readonly constructor: new (path: unknown, options: object, handle: () => void) => { readonly regexp: RegExp };
}

/** Ends of a compiled mount path (`end: false`, `strict: false`), as `RegExp.source` writes them. */
const MOUNT_END = '(?=\\/|$)';
/** The captures path-to-regexp 0.1 writes for a plain `:name` (V8 escapes `/` in a class or not, by version). */
const DEFAULT_CAPTURES = new Set(['[^\\/]+?', '[^\\/\\.]+?', '[^/]+?', '[^/\\.]+?']);

/** The index just past the group that opens at `start` (a `(`), or -1. */
function groupEnd(source: string, start: number): number {
  let depth = 0;
  for (let i = start; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') i++;
    else if (char === '(') depth++;
    else if (char === ')' && --depth === 0) return i + 1;
  }
  return -1;
}

/** The template of one compiled path (no `^`, no end), or undefined when it is not one path-to-regexp 0.1 makes. */
function templateOfBody(body: string, names: (string | number)[]): string | undefined {
  let out = '';
  let i = 0;
  while (i < body.length) {
    if (body.startsWith('(.*)', i)) {
      names.shift();
      out += '*';
      i += 4;
    } else if (body.startsWith('(?:', i)) {
      const end = groupEnd(body, i);
      if (end === -1) return undefined;
      let inner = body.slice(i + 3, end - 1);
      let prefix = '';
      if (inner.startsWith('\\.')) {
        prefix += '.';
        inner = inner.slice(2);
      }
      if (inner.startsWith('\\/')) {
        prefix = `/${prefix}`;
        inner = inner.slice(2);
      }
      const captureEnd = inner.startsWith('(') ? groupEnd(inner, 0) : -1;
      if (captureEnd === -1) return undefined;
      const capture = inner.slice(1, captureEnd - 1);
      const star = inner.slice(captureEnd) !== '';
      const name = names.shift();
      if (typeof name !== 'string') return undefined;
      const custom = DEFAULT_CAPTURES.has(capture) || capture.startsWith('(?:(?!') ? '' : `(${capture})`;
      const optional = body[end] === '?';
      out += `${prefix}:${name}${custom}${star ? '*' : ''}${optional ? '?' : ''}`;
      i = end + (optional ? 1 : 0);
    } else if (body[i] === '\\') {
      const next = body[i + 1];
      out += next === '/' || next === '.' ? next : `\\${next}`;
      i += 2;
    } else {
      out += body[i];
      i++;
    }
  }
  return out;
}

/** Cut one compiled mount alternative down to the template's part (drops `^` and the optional trailing slash). */
function bodyOf(alternative: string): string | undefined {
  if (!alternative.startsWith('^') || !alternative.endsWith(MOUNT_END)) return undefined;
  const body = alternative.slice(1, -MOUNT_END.length);
  if (body.endsWith('\\/?')) return body.slice(0, -3);
  if (body.endsWith('?')) return body.slice(0, -1);
  return undefined;
}

/** Express 4 compiles a mount path again with its own `Layer`, as `router.use` does. */
function compiles(layer: Express4Layer, candidate: string | string[]): boolean {
  try {
    const options = { sensitive: !layer.regexp.flags.includes('i'), strict: false, end: false };
    return new layer.constructor(candidate, options, () => undefined).regexp.source === layer.regexp.source;
  } catch {
    return false;
  }
}

/**
 * The mount path an Express 4 router layer was declared with: a string, the paths of an array
 * joined with `,`, or the `String()` of a regular expression (a declared `RegExp`, or a
 * compiled path this reader does not know, which is as bounded).
 */
export function express4MountPath(layer: Express4Layer): string {
  const regexp = layer.regexp;
  if (regexp.fast_slash === true) return '';
  if (regexp.fast_star === true) return '*';
  const names = layer.keys.map((key) => key.name);
  const alternatives = regexp.source.split(`${MOUNT_END}|^`).map((part, index, all) => {
    const whole = (index === 0 ? '' : '^') + part + (index === all.length - 1 ? '' : MOUNT_END);
    const body = bodyOf(whole);
    return body === undefined ? undefined : templateOfBody(body, names);
  });
  if (alternatives.every((path): path is string => path !== undefined)) {
    const candidate = alternatives.length === 1 ? alternatives[0]! : alternatives;
    if (compiles(layer, candidate)) return alternatives.join(',');
  }
  return String(regexp);
}
