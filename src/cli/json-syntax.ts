/*
 * Where JSON text first breaks the grammar. `JSON.parse` says why but, on Node 20, not always
 * where (`Unexpected token ']', "…" is not valid JSON`), so a small scanner finds the offset.
 */

class SyntaxAt extends Error {
  constructor(readonly offset: number) {
    super(`JSON syntax error at ${offset}`);
  }
}

const LITERALS = ['true', 'false', 'null'];
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const ESCAPE = /\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4})/y;

/** The offset of the first character where `text` stops being valid JSON, or `undefined` when it is valid. */
export function jsonErrorOffset(text: string): number | undefined {
  let i = 0;
  const space = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const expect = (char: string): void => {
    if (text[i] !== char) throw new SyntaxAt(i);
    i++;
  };
  const string = (): void => {
    expect('"');
    // Any character but a quote, a backslash or a control character, or an escape.
    while (i < text.length && text[i] !== '"') {
      if (text.charCodeAt(i) < 0x20) throw new SyntaxAt(i);
      if (text[i] !== '\\') {
        i++;
        continue;
      }
      ESCAPE.lastIndex = i;
      if (ESCAPE.exec(text) === null) throw new SyntaxAt(i);
      i = ESCAPE.lastIndex;
    }
    expect('"');
  };
  const value = (): void => {
    space();
    const char = text[i];
    if (char === '{') {
      i++;
      space();
      if (text[i] === '}') return void i++;
      for (;;) {
        space();
        string();
        space();
        expect(':');
        value();
        space();
        if (text[i] === '}') return void i++;
        expect(',');
      }
    }
    if (char === '[') {
      i++;
      space();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        space();
        if (text[i] === ']') return void i++;
        expect(',');
      }
    }
    if (char === '"') return string();
    const literal = LITERALS.find((word) => text.startsWith(word, i));
    if (literal !== undefined) return void (i += literal.length);
    NUMBER.lastIndex = i;
    if (NUMBER.exec(text) === null) throw new SyntaxAt(i);
    i = NUMBER.lastIndex;
  };
  try {
    value();
    space();
    if (i < text.length) throw new SyntaxAt(i);
    return undefined;
  } catch (error) {
    if (error instanceof SyntaxAt) return error.offset;
    throw error;
  }
}

/** The 1-based line and column of an offset in `text`. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset).split(/\r\n|\r|\n/);
  return { line: before.length, column: before.at(-1)!.length + 1 };
}
