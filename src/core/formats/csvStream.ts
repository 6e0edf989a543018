// RFC 4180 CSV, streamed: a header row, quoted cells with "" escapes and line breaks
// inside, CRLF or LF, a BOM. Rows come out one by one with the line they start on.
import { decodeUtf8, InvalidUtf8Error } from './byteStream';

export interface CsvRow {
  readonly line: number;
  readonly cells: readonly string[];
  /** 1-based column where each cell starts on its line (for pointing at a cell). */
  readonly cellColumns: readonly number[];
  /** Line each cell starts on (a quoted cell before it may span lines). */
  readonly cellLines: readonly number[];
}

export interface CsvProblem {
  readonly line: number;
  readonly column: number;
  readonly code: 'csv-unterminated-quote' | 'invalid-utf8' | 'line-too-long';
  readonly message: string;
}

export interface CsvLayout {
  bom: boolean;
  delimiter: string;
  crlf: boolean;
  finalNewline: boolean;
  lines: number;
  bytes: number;
}

export interface CsvBatch {
  readonly rows: CsvRow[];
  readonly problems: CsvProblem[];
}

/** Picks the delimiter of a header line: the most frequent of comma, tab and semicolon outside quotes. */
export function sniffDelimiter(headerLine: string): string {
  const counts = new Map<string, number>([[',', 0], ['\t', 0], [';', 0]]);
  let quoted = false;
  for (const c of headerLine) {
    if (c === '"') quoted = !quoted;
    else if (!quoted && counts.has(c)) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = ',';
  for (const [c, n] of counts) if (n > (counts.get(best) ?? 0)) best = c;
  return best;
}

export async function* streamCsv(chunks: AsyncIterable<Uint8Array>, maxRowChars: number, layout: CsvLayout, delimiter?: string): AsyncGenerator<CsvBatch> {
  let delim = delimiter ?? '';
  let sniffBuffer = '';
  // Parser state, kept across chunks.
  let cells: string[] = [];
  let cellColumns: number[] = [];
  let cellLines: number[] = [];
  let cell = '';
  let cellStarted = false;
  let quoted = false;
  let quoteClosed = false;
  let pendingQuote = false; // saw '"' inside a quoted cell: either "" or the closing quote
  let line = 1;
  let column = 1;
  let rowLine = 1;
  let quoteLine = 0;
  let quoteColumn = 0;
  let rowChars = 0;
  let rowTooLong = false;
  let lastChar = -1;
  let pendingCr = false;

  const endCell = (): void => {
    cells.push(cell);
    cell = '';
    cellStarted = false;
    quoted = false;
    quoteClosed = false;
  };

  const startCellIfNeeded = (): void => {
    if (!cellStarted) {
      cellStarted = true;
      cellColumns.push(column);
      cellLines.push(line);
    }
  };

  const endRow = (rows: CsvRow[], problems: CsvProblem[]): void => {
    if (rowTooLong) {
      problems.push({ line: rowLine, column: 1, code: 'line-too-long', message: `this row is longer than the limit of ${maxRowChars} characters and was skipped` });
    } else if (!(cells.length === 1 && cells[0] === '' && cellColumns.length <= 1)) {
      rows.push({ line: rowLine, cells, cellColumns, cellLines });
    }
    cells = [];
    cellColumns = [];
    cellLines = [];
    rowChars = 0;
    rowTooLong = false;
  };

  const scan = (text: string, rows: CsvRow[], problems: CsvProblem[]): void => {
    for (let i = 0; i < text.length; i++) {
      const c = text[i] ?? '';
      rowChars++;
      if (rowChars > maxRowChars && !rowTooLong) {
        rowTooLong = true;
        cell = '';
      }
      if (pendingCr) {
        pendingCr = false;
        if (c === '\n') {
          layout.crlf = true; // the line was counted at its '\r'
          continue;
        }
      }
      if (quoted && !quoteClosed) {
        if (pendingQuote) {
          pendingQuote = false;
          if (c === '"') {
            if (!rowTooLong) cell += '"';
            column++;
            continue;
          }
          quoteClosed = true; // the previous '"' closed the cell; handle c below
        } else if (c === '"') {
          pendingQuote = true;
          column++;
          continue;
        } else {
          if (!rowTooLong) cell += c;
          if (c === '\n') {
            line++;
            column = 1;
          } else column++;
          continue;
        }
      }
      if (c === delim) {
        startCellIfNeeded();
        endCell();
        column++;
        continue;
      }
      if (c === '\n' || c === '\r') {
        startCellIfNeeded();
        endCell();
        rowChars = Math.max(0, rowChars - 1);
        endRow(rows, problems);
        if (c === '\r') {
          pendingCr = true;
          line++;
          column = 1;
          rowLine = line;
          continue;
        }
        line++;
        column = 1;
        rowLine = line;
        continue;
      }
      if (c === '"' && !cellStarted) {
        startCellIfNeeded();
        quoted = true;
        quoteLine = line;
        quoteColumn = column;
        column++;
        continue;
      }
      startCellIfNeeded();
      if (!rowTooLong) cell += c;
      column++;
    }
  };

  const rowsOf = (text: string, final: boolean): CsvBatch => {
    const rows: CsvRow[] = [];
    const problems: CsvProblem[] = [];
    scan(text, rows, problems);
    if (final) {
      if (pendingQuote) {
        pendingQuote = false;
        quoteClosed = true;
      }
      if (quoted && !quoteClosed) {
        problems.push({ line: quoteLine, column: quoteColumn, code: 'csv-unterminated-quote', message: 'this quoted cell is never closed: a double quote (") is missing, so the rest of the file was read into it' });
        cells = [];
        cellColumns = [];
        cellLines = [];
      } else if (cellStarted || cells.length > 0) {
        startCellIfNeeded();
        endCell();
        endRow(rows, problems);
      }
    }
    return { rows, problems };
  };

  try {
    for await (const decoded of decodeUtf8(chunks, layout)) {
      let text = decoded;
      lastChar = text.charCodeAt(text.length - 1);
      if (delim === '') {
        // The delimiter comes from the header line, which may span chunks.
        sniffBuffer += text;
        const end = sniffBuffer.search(/\r|\n/);
        if (end === -1 && sniffBuffer.length < 65536) continue;
        delim = sniffDelimiter(end === -1 ? sniffBuffer : sniffBuffer.slice(0, end));
        layout.delimiter = delim;
        text = sniffBuffer;
        sniffBuffer = '';
      }
      const batch = rowsOf(text, false);
      if (batch.rows.length > 0 || batch.problems.length > 0) yield batch;
    }
  } catch (error: unknown) {
    if (!(error instanceof InvalidUtf8Error)) throw error;
    yield { rows: [], problems: [{ line, column, code: 'invalid-utf8', message: error.message }] };
    return;
  }
  if (delim === '') {
    delim = sniffDelimiter(sniffBuffer);
    layout.delimiter = delim;
  }
  const batch = rowsOf(sniffBuffer, true);
  if (batch.rows.length > 0 || batch.problems.length > 0) yield batch;
  layout.finalNewline = lastChar === 0x0a || lastChar === 0x0d;
  layout.lines = layout.finalNewline ? line - 1 : line;
}

/** One CSV cell, quoted only when it must be (RFC 4180). */
export function csvCell(value: string, delimiter: string): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r')) {
    return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

export function csvRow(cells: readonly string[], delimiter: string): string {
  return cells.map((cell) => csvCell(cell, delimiter)).join(delimiter);
}
