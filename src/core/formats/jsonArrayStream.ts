// Streams the elements of a JSON array file (`[ {...}, {...} ]`, often pretty-printed) one
// at a time with the line and column each starts at, holding at most one element in memory.
import { decodeUtf8, InvalidUtf8Error } from './byteStream';

export interface ArrayElement {
  readonly line: number;
  readonly column: number;
  /** The element's JSON text; undefined when it exceeded the size limit. */
  readonly text?: string;
  readonly chars: number;
}

export interface ArrayStructureProblem {
  readonly line: number;
  readonly column: number;
  readonly code: 'json-array-expected' | 'invalid-json' | 'trailing-content' | 'invalid-utf8';
  readonly message: string;
}

export interface ArrayLayout {
  bom: boolean;
  /** Indentation of the first element (spaces or a tab), '' when the array is on one line. */
  indent: string;
  finalNewline: boolean;
  crlf: boolean;
  lines: number;
  bytes: number;
  elements: number;
}

export interface ArrayBatch {
  readonly elements: ArrayElement[];
  readonly problems: ArrayStructureProblem[];
}

const enum State {
  BeforeArray,
  ExpectElement,
  AfterElement,
  InElement,
  AfterArray,
}

const WS_SPACE = 0x20;
const WS_TAB = 0x09;
const WS_LF = 0x0a;
const WS_CR = 0x0d;

export async function* streamJsonArray(chunks: AsyncIterable<Uint8Array>, maxElementChars: number, layout: ArrayLayout): AsyncGenerator<ArrayBatch> {
  let state: State = State.BeforeArray;
  let line = 1;
  let column = 1;
  // Element being read.
  let depth = 0;
  let inString = false;
  let escaped = false;
  let scalar = false;
  let pieces: string[] = [];
  let pieceChars = 0;
  let tooLong = false;
  let elementLine = 0;
  let elementColumn = 0;
  let sawElementLine = false;
  let lastChar = -1;

  const closeElement = (text: string, start: number, end: number, out: ArrayElement[]): void => {
    const chars = pieceChars + (end - start);
    if (tooLong || chars > maxElementChars) out.push({ line: elementLine, column: elementColumn, chars });
    else out.push({ line: elementLine, column: elementColumn, text: pieces.length > 0 ? pieces.join('') + text.slice(start, end) : text.slice(start, end), chars });
    pieces = [];
    pieceChars = 0;
    tooLong = false;
    layout.elements++;
  };

  const scan = function* (text: string, final: boolean): Generator<ArrayBatch> {
    const elements: ArrayElement[] = [];
    const problems: ArrayStructureProblem[] = [];
    let start = state === State.InElement ? 0 : -1;
    let i = 0;
    const n = text.length;
    while (i < n) {
      const c = text.charCodeAt(i);
      if (state === State.InElement) {
        if (inString) {
          if (escaped) escaped = false;
          else if (c === 0x5c) escaped = true;
          else if (c === 0x22) {
            inString = false;
            if (scalar && depth === 0) {
              closeElement(text, start, i + 1, elements);
              state = State.AfterElement;
            }
          }
        } else if (scalar && depth === 0 && (c === 0x2c || c === 0x5d || c === WS_SPACE || c === WS_TAB || c === WS_LF || c === WS_CR)) {
          closeElement(text, start, i, elements);
          state = State.AfterElement;
          continue; // the delimiter is handled in AfterElement
        } else if (c === 0x22) inString = true;
        else if (c === 0x7b || c === 0x5b) depth++;
        else if (c === 0x7d || c === 0x5d) {
          depth--;
          if (depth === 0) {
            closeElement(text, start, i + 1, elements);
            state = State.AfterElement;
          }
        }
      } else if (c === WS_SPACE || c === WS_TAB || c === WS_LF || c === WS_CR) {
        if (c === WS_CR && text.charCodeAt(i + 1) === WS_LF) layout.crlf = true;
      } else if (state === State.BeforeArray) {
        if (c !== 0x5b) {
          problems.push({ line, column, code: 'json-array-expected', message: `a .json dataset must be one JSON array of records ([ {...}, {...} ]) or JSON lines; found '${text[i] ?? ''}'` });
          state = State.AfterArray;
          i = n; // nothing else can be read sensibly
          break;
        }
        state = State.ExpectElement;
      } else if (state === State.ExpectElement) {
        if (c === 0x5d) {
          state = State.AfterArray;
        } else if (c === 0x2c) {
          problems.push({ line, column, code: 'invalid-json', message: "unexpected ',': an array element is missing here" });
        } else {
          state = State.InElement;
          start = i;
          elementLine = line;
          elementColumn = column;
          if (!sawElementLine) {
            sawElementLine = true;
            const lineStart = text.lastIndexOf('\n', i - 1) + 1;
            layout.indent = line === 1 ? '' : text.slice(lineStart, i);
          }
          depth = c === 0x7b || c === 0x5b ? 1 : 0;
          scalar = depth === 0;
          inString = c === 0x22;
          escaped = false;
        }
      } else if (state === State.AfterElement) {
        if (c === 0x2c) state = State.ExpectElement;
        else if (c === 0x5d) state = State.AfterArray;
        else {
          problems.push({ line, column, code: 'invalid-json', message: `expected ',' or ']' after an array element, found '${text[i] ?? ''}'` });
          state = State.ExpectElement;
          continue; // read it as the start of the next element
        }
      } else {
        // AfterArray
        problems.push({ line, column, code: 'trailing-content', message: 'unexpected content after the end of the JSON array' });
        i = n;
        break;
      }
      if (c === WS_LF) {
        line++;
        column = 1;
      } else {
        column++;
      }
      i++;
    }
    if (state === State.InElement) {
      const rest = text.length - start;
      if (!tooLong && pieceChars + rest <= maxElementChars) pieces.push(text.slice(start));
      else {
        tooLong = true;
        pieces = [];
      }
      pieceChars += rest;
    }
    if (final) {
      if (state === State.InElement) {
        problems.push({ line: elementLine, column: elementColumn, code: 'invalid-json', message: 'the file ends inside this element: it is cut off' });
      } else if (state === State.BeforeArray && layout.bytes > 0) {
        // only white space: an empty file, reported by the caller
      } else if (state !== State.AfterArray && state !== State.BeforeArray) {
        problems.push({ line, column, code: 'invalid-json', message: "the JSON array is not closed: ']' is missing at the end of the file" });
      }
    }
    if (elements.length > 0 || problems.length > 0) yield { elements, problems };
  };

  try {
    for await (const text of decodeUtf8(chunks, layout)) {
      lastChar = text.charCodeAt(text.length - 1);
      yield* scan(text, false);
    }
  } catch (error: unknown) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    yield { elements: [], problems: [{ line, column, code: 'invalid-utf8', message: error.message }] };
    return;
  }
  yield* scan('', true);
  layout.finalNewline = lastChar === WS_LF;
  layout.lines = lastChar === WS_LF ? line - 1 : line;
}
