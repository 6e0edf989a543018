// Where things are inside a JSON text. JSON.parse says only that a text is invalid (and not
// always where), so on the rare invalid line this strict scanner finds the exact offset and
// says why in words a user can act on; it also finds the span of a value by its path, so a
// problem with a field points at that field.

export type JsonPath = readonly (string | number)[];

export interface JsonSyntaxError {
  /** Offset in UTF-16 code units from the start of the text. */
  readonly offset: number;
  readonly message: string;
}

export interface JsonSpan {
  readonly offset: number;
  readonly length: number;
}

class SyntaxFailure extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

class Found extends Error {
  constructor(readonly span: JsonSpan) {
    super('found');
  }
}

const MAX_DEPTH = 1000;

/** Scans one JSON text; calls `visit` with the path and span of every value. */
class Scanner {
  private i = 0;

  constructor(
    private readonly text: string,
    private readonly visit?: (path: JsonPath, start: number, end: number) => void,
  ) {}

  document(): void {
    this.space();
    if (this.i >= this.text.length) this.fail(this.i, 'the line holds no JSON value');
    this.value([], 0);
    this.space();
    if (this.i < this.text.length) {
      this.fail(this.i, `unexpected ${this.describeHere()} after the end of the JSON value`);
    }
  }

  private value(path: (string | number)[], depth: number): void {
    if (depth > MAX_DEPTH) this.fail(this.i, 'the value is nested too deeply');
    const start = this.i;
    const c = this.text[this.i];
    switch (c) {
      case '{':
        this.object(path, depth);
        break;
      case '[':
        this.array(path, depth);
        break;
      case '"':
        this.string();
        break;
      case "'":
        this.fail(this.i, "strings must use double quotes (\"), not single quotes (')");
        break;
      case '\u201c':
      case '\u201d':
        this.fail(this.i, 'strings must use straight double quotes ("), not typographic quotes (“ ”)');
        break;
      case 't':
        this.literal('true');
        break;
      case 'f':
        this.literal('false');
        break;
      case 'n':
        this.literal('null');
        break;
      case undefined:
        this.fail(this.i, 'the JSON ends where a value was expected');
        break;
      default:
        if (c === '-' || (c >= '0' && c <= '9')) this.number();
        else this.fail(this.i, `expected a value, found ${this.describeHere()}`);
    }
    this.visit?.(path, start, this.i);
  }

  private object(path: (string | number)[], depth: number): void {
    this.i++; // {
    this.space();
    if (this.text[this.i] === '}') {
      this.i++;
      return;
    }
    for (;;) {
      this.space();
      const c = this.text[this.i];
      if (c === '}') this.fail(this.i, "trailing comma before '}'");
      if (c !== '"') {
        if (c === "'") this.fail(this.i, "property names must use double quotes (\"), not single quotes (')");
        if (c === undefined) this.fail(this.i, "the JSON ends inside an object: expected a property name or '}'");
        this.fail(this.i, `expected a double-quoted property name, found ${this.describeHere()}`);
      }
      const keyStart = this.i;
      this.string();
      const key = JSON.parse(this.text.slice(keyStart, this.i)) as string;
      this.space();
      if (this.text[this.i] !== ':') this.fail(this.i, `expected ':' after the property name "${key}", found ${this.describeHere()}`);
      this.i++;
      this.space();
      this.value([...path, key], depth + 1);
      this.space();
      const next = this.text[this.i];
      if (next === ',') {
        this.i++;
        continue;
      }
      if (next === '}') {
        this.i++;
        return;
      }
      if (next === undefined) this.fail(this.i, "the JSON ends inside an object: expected ',' or '}'");
      this.fail(this.i, `expected ',' or '}' after the value of "${key}", found ${this.describeHere()}`);
    }
  }

  private array(path: (string | number)[], depth: number): void {
    this.i++; // [
    this.space();
    if (this.text[this.i] === ']') {
      this.i++;
      return;
    }
    for (let index = 0; ; index++) {
      this.space();
      if (this.text[this.i] === ']') this.fail(this.i, "trailing comma before ']'");
      this.value([...path, index], depth + 1);
      this.space();
      const next = this.text[this.i];
      if (next === ',') {
        this.i++;
        continue;
      }
      if (next === ']') {
        this.i++;
        return;
      }
      if (next === undefined) this.fail(this.i, "the JSON ends inside an array: expected ',' or ']'");
      this.fail(this.i, `expected ',' or ']' after an array element, found ${this.describeHere()}`);
    }
  }

  private string(): void {
    const open = this.i;
    this.i++;
    for (;;) {
      const code = this.text.charCodeAt(this.i);
      if (Number.isNaN(code)) this.fail(open, 'unterminated string: the closing double quote is missing');
      if (code === 0x22) {
        this.i++;
        return;
      }
      if (code === 0x5c) {
        const escape = this.text[this.i + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(this.text.slice(this.i + 2, this.i + 6))) this.fail(this.i, 'invalid \\u escape: it needs four hex digits');
          this.i += 6;
          continue;
        }
        if (escape === undefined || !'"\\/bfnrt'.includes(escape)) {
          this.fail(this.i, `invalid escape \\${escape ?? ''} in a string (write \\\\ for a backslash)`);
        }
        this.i += 2;
        continue;
      }
      if (code < 0x20) {
        const name = code === 0x0a ? '\\n' : code === 0x0d ? '\\r' : code === 0x09 ? '\\t' : `\\u${code.toString(16).padStart(4, '0')}`;
        this.fail(this.i, `unescaped control character in a string: write it as ${name}`);
      }
      this.i++;
    }
  }

  private number(): void {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(this.text.slice(this.i, this.i + 400));
    if (!match || match[0] === '-' || match[0].length === 0) this.fail(this.i, `invalid number ${this.describeHere()}`);
    this.i += match[0].length;
  }

  private literal(word: string): void {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return;
    }
    this.fail(this.i, `expected a value, found ${this.describeHere()}`);
  }

  private space(): void {
    for (;;) {
      const c = this.text.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else return;
    }
  }

  private describeHere(): string {
    const rest = this.text.slice(this.i, this.i + 12);
    if (rest.length === 0) return 'the end of the line';
    const word = /^[A-Za-z_$][\w$]*/.exec(rest)?.[0];
    return word ? `'${word}'` : `'${rest[0] ?? ''}'`;
  }

  private fail(offset: number, message: string): never {
    throw new SyntaxFailure(offset, message);
  }
}

/** Why and where `text` is not valid JSON; undefined when it is valid. */
export function locateJsonError(text: string): JsonSyntaxError | undefined {
  try {
    new Scanner(text).document();
    return undefined;
  } catch (error: unknown) {
    if (error instanceof SyntaxFailure) return { offset: error.offset, message: error.message };
    throw error;
  }
}

/** The span of the value at `path` in a valid JSON text, if the path exists. */
export function locateValue(text: string, path: JsonPath): JsonSpan | undefined {
  const target = JSON.stringify(path);
  try {
    new Scanner(text, (at, start, end) => {
      if (at.length === path.length && JSON.stringify(at) === target) throw new Found({ offset: start, length: end - start });
    }).document();
  } catch (error: unknown) {
    if (error instanceof Found) return error.span;
    if (error instanceof SyntaxFailure) return undefined;
    throw error;
  }
  return undefined;
}

/** 1-based line and column of an offset in a text that may span several lines. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}
