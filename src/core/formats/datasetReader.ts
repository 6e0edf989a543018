// Reads a dataset file of any supported container (JSONL, JSON array, CSV) and record
// format into canonical samples, streaming, with every problem at its line and column.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { compareProblems, problem, type Problem } from '../model/problem';
import type { Sample, SampleKind } from '../model/sample';
import { type LineLayout, NotTextError, splitLines } from './byteStream';
import { type CsvLayout, type CsvRow, streamCsv } from './csvStream';
import { type ArrayLayout, streamJsonArray } from './jsonArrayStream';
import { lineAndColumn, locateJsonError, locateValue, type JsonPath } from './jsonLocate';
import { detectRecordFormat, type FieldProblem, type JsonObject, RECORD_FORMATS, type RecordFormatId } from './recordFormats';

export const CONTAINER_FORMATS = ['jsonl', 'json-array', 'csv'] as const;
export type ContainerFormat = (typeof CONTAINER_FORMATS)[number];

/** One usable record of a dataset. */
export interface DatasetRecord {
  /** 1-based line the record starts on. */
  readonly line: number;
  readonly format: RecordFormatId;
  readonly sample: Sample;
  /** The record as read, unknown fields included; writing starts from it. */
  readonly source: JsonObject;
  /** The record's JSON text as it stood on its JSONL line. */
  readonly text?: string;
}

/** How the file is laid out, so it can be written back the way it was. */
export interface DatasetLayout {
  readonly container: ContainerFormat;
  readonly bom: boolean;
  readonly lineEnding: '\n' | '\r\n';
  readonly finalNewline: boolean;
  /** JSON array files: the indentation of elements ('' for a one-line array). */
  readonly indent: string;
  /** CSV files: the delimiter and the header row. */
  readonly delimiter: string;
  readonly header: readonly string[];
}

export interface DatasetSummary {
  readonly layout: DatasetLayout;
  /** The format most records have; undefined when no record could be read. */
  readonly dominantFormat: RecordFormatId | undefined;
  readonly formatCounts: Readonly<Partial<Record<RecordFormatId, number>>>;
  readonly kindCounts: Readonly<Partial<Record<SampleKind, number>>>;
  /** Records that can be used. */
  readonly records: number;
  /** Records that could not be used because of an error. */
  readonly rejected: number;
  readonly lines: number;
  readonly bytes: number;
  readonly errors: number;
  readonly warnings: number;
}

export interface DatasetBatch {
  readonly records: readonly DatasetRecord[];
  readonly problems: readonly Problem[];
  /** Present on the last batch only. */
  readonly summary?: DatasetSummary;
}

export interface ReadDatasetOptions {
  /** Skip detection of the container. */
  readonly container?: ContainerFormat;
  /** File name or path, to guess the container from its extension. */
  readonly fileName?: string;
  /** Read every record as this format instead of detecting each one. */
  readonly format?: RecordFormatId;
  /** A record (a line, an array element, a CSV row) larger than this is reported, not loaded. */
  readonly maxRecordBytes?: number;
  /** Keep each JSONL record's own text (for byte-identical writes). Default true. */
  readonly keepText?: boolean;
}

export const DEFAULT_MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** At most this many lines per minority format are listed as mixed-format warnings. */
const MIXED_LINES_LISTED = 1000;

interface Place {
  readonly line: number;
  readonly column: number;
  /** JSON text of the record, to locate fields inside it. */
  readonly text?: string;
  /** CSV: where each named cell starts. */
  readonly cells?: ReadonlyMap<string, { line: number; column: number; length: number }>;
}

/** Turns parsed values into records, tracking which formats the file holds. */
class RecordInterpreter {
  readonly formatCounts = new Map<RecordFormatId, number>();
  readonly kindCounts = new Map<SampleKind, number>();
  private readonly linesByFormat = new Map<RecordFormatId, number[]>();
  private dominant: RecordFormatId | undefined;
  records = 0;
  rejected = 0;

  constructor(private readonly forced: RecordFormatId | undefined) {}

  interpret(value: unknown, place: Place, records: DatasetRecord[], problems: Problem[], text: string | undefined): void {
    const read = interpretRecord(value, place, this.forced ?? this.dominant, this.forced !== undefined);
    for (const found of read.problems) problems.push(found);
    if (!read.sample || !read.format || !read.source) {
      this.rejected++;
      return;
    }
    this.count(read.format, place.line);
    this.kindCounts.set(read.sample.kind, (this.kindCounts.get(read.sample.kind) ?? 0) + 1);
    this.records++;
    records.push(text === undefined ? { line: place.line, format: read.format, sample: read.sample, source: read.source } : { line: place.line, format: read.format, sample: read.sample, source: read.source, text });
  }

  /** Mixed-format warnings, once the whole file is known. */
  mixedFormatProblems(): Problem[] {
    const dominant = this.dominantFormat();
    if (!dominant) return [];
    const total = this.records;
    const dominantCount = this.formatCounts.get(dominant) ?? 0;
    const out: Problem[] = [];
    for (const [format, lines] of this.linesByFormat) {
      if (format === dominant) continue;
      const count = this.formatCounts.get(format) ?? 0;
      for (const line of lines) {
        out.push(problem(line, 1, 'mixed-format', `this record is ${RECORD_FORMATS[format].label}, but most of the file (${dominantCount} of ${total} records) is ${RECORD_FORMATS[dominant].label}`, 'warning'));
      }
      if (count > lines.length) {
        const last = lines.at(-1) ?? 1;
        out.push(problem(last, 1, 'mixed-format', `${count - lines.length} more records after this line are ${RECORD_FORMATS[format].label} too`, 'warning'));
      }
    }
    return out;
  }

  dominantFormat(): RecordFormatId | undefined {
    let best: RecordFormatId | undefined;
    for (const [format, count] of this.formatCounts) if (best === undefined || count > (this.formatCounts.get(best) ?? 0)) best = format;
    return best;
  }

  private count(format: RecordFormatId, line: number): void {
    const count = (this.formatCounts.get(format) ?? 0) + 1;
    this.formatCounts.set(format, count);
    if (this.dominant === undefined || count > (this.formatCounts.get(this.dominant) ?? 0)) this.dominant = format;
    let lines = this.linesByFormat.get(format);
    if (!lines) {
      lines = [];
      this.linesByFormat.set(format, lines);
    }
    if (lines.length < MIXED_LINES_LISTED) lines.push(line);
  }
}

/** What one parsed record reads as: its format and sample when usable, and its problems placed. */
export interface InterpretedRecord {
  readonly format?: RecordFormatId;
  readonly sample?: Sample;
  readonly source?: JsonObject;
  readonly problems: readonly Problem[];
}

/**
 * Reads one parsed value as a record: detected as the format it most looks like (`format`
 * breaks ties, or is imposed when `forced`), with each problem at its line and column.
 */
function interpretRecord(value: unknown, place: Place, format: RecordFormatId | undefined, forced: boolean): InterpretedRecord {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { problems: [problem(place.line, place.column, 'not-an-object', `a record must be a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`}`)] };
  }
  const source = value as JsonObject;
  const detected = forced ? format : detectRecordFormat(source, format);
  if (detected === undefined) {
    const keys = Object.keys(source);
    const shown = keys.length === 0 ? 'no fields' : `fields ${keys.slice(0, 6).map((k) => JSON.stringify(k)).join(', ')}${keys.length > 6 ? ', …' : ''}`;
    return { source, problems: [problem(place.line, place.column, 'unknown-format', `the record has ${shown}, which match no known format: expected "messages", "conversations", "instruction"/"output", "prompt"/"completion", "prompt"/"chosen"/"rejected" or "text"/"label"`)] };
  }
  const result = RECORD_FORMATS[detected].read(source);
  const problems = result.problems.map((found) => placeProblem(found, place));
  return result.sample ? { format: detected, sample: result.sample, source, problems } : { format: detected, source, problems };
}

/**
 * One JSONL line read on its own, as an editor checks the line a user is typing: `line` is its
 * 1-based number, `preferred` the file's dominant format, which breaks ties.
 */
export function readJsonlLine(text: string, line: number, preferred?: RecordFormatId): InterpretedRecord {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { problems: [invalidJsonProblem(text, line, 1)] };
  }
  return interpretRecord(value, { line, column: 1, text }, preferred, false);
}

function placeProblem(found: FieldProblem, place: Place): Problem {
  const located = locateInRecord(found.path, place);
  return problem(located.line, located.column, found.code, found.message, found.severity, located.length);
}

function locateInRecord(path: JsonPath, place: Place): { line: number; column: number; length?: number } {
  if (place.cells) {
    const cell = typeof path[0] === 'string' ? place.cells.get(path[0]) : undefined;
    return cell ?? { line: place.line, column: place.column };
  }
  if (place.text === undefined) return { line: place.line, column: place.column };
  const span = path.length === 0 ? { offset: 0, length: place.text.length } : locateValue(place.text, path);
  if (!span) return { line: place.line, column: place.column };
  const at = lineAndColumn(place.text, span.offset);
  // A span over several lines is shown on its first line only.
  const lineEnd = place.text.indexOf('\n', span.offset);
  const onLine = lineEnd === -1 ? span.length : Math.min(span.length, lineEnd - span.offset);
  return {
    line: place.line + at.line - 1,
    column: at.line === 1 ? place.column + at.column - 1 : at.column,
    length: Math.max(1, onLine),
  };
}

function invalidJsonProblem(text: string, line: number, column: number): Problem {
  const located = locateJsonError(text);
  if (!located) return problem(line, column, 'invalid-json', 'the record is not valid JSON');
  const at = lineAndColumn(text, located.offset);
  return problem(line + at.line - 1, at.line === 1 ? column + at.column - 1 : at.column, 'invalid-json', `invalid JSON: ${located.message}`, 'error', 1);
}

/** The container of a file, from its name and first bytes. */
export function detectContainer(fileName: string | undefined, first: Uint8Array): ContainerFormat {
  const extension = fileName ? extname(fileName).toLowerCase() : '';
  if (extension === '.csv' || extension === '.tsv') return 'csv';
  // .json files are sometimes JSON lines, and .jsonl files now and then one array: look.
  const text = new TextDecoder().decode(first.subarray(0, 4096));
  const firstChar = /[^\s\uFEFF]/.exec(text)?.[0];
  if (firstChar === '[') {
    if (extension !== '.jsonl' && extension !== '.ndjson') return 'json-array';
    const firstLine = text.replace(/^\uFEFF/, '').split('\n', 1)[0] ?? '';
    try {
      JSON.parse(firstLine);
      return 'jsonl'; // a JSONL file whose first record happens to be an array
    } catch {
      return 'json-array';
    }
  }
  if (firstChar === '{' || extension === '.jsonl' || extension === '.ndjson' || extension === '.json') return 'jsonl';
  return 'csv';
}

async function peekFirst(chunks: AsyncIterable<Uint8Array>): Promise<{ first: Uint8Array; all: AsyncIterable<Uint8Array> }> {
  const iterator = chunks[Symbol.asyncIterator]();
  let first: Uint8Array = new Uint8Array(0);
  for (;;) {
    const next = await iterator.next();
    if (next.done === true) break;
    if (next.value.length > 0) {
      first = next.value;
      break;
    }
  }
  const head = first;
  return {
    first: head,
    all: {
      [Symbol.asyncIterator]: async function* () {
        if (head.length > 0) yield head;
        for (;;) {
          const next = await iterator.next();
          if (next.done === true) return;
          yield next.value;
        }
      },
    },
  };
}

/** Parses the JSON-valued columns a CSV export may carry (messages, conversations…). */
const CSV_JSON_COLUMNS = new Set(['messages', 'conversations', 'chosen', 'rejected', 'prompt']);

function csvRecord(row: CsvRow, header: readonly string[], problems: Problem[]): { value: JsonObject; cells: Map<string, { line: number; column: number; length: number }> } | undefined {
  const value: JsonObject = {};
  const cells = new Map<string, { line: number; column: number; length: number }>();
  for (const [index, name] of header.entries()) {
    if (name.length === 0) continue; // an unnamed column, reported with the header
    const cell = row.cells[index] ?? '';
    const at = { line: row.cellLines[index] ?? row.line, column: row.cellColumns[index] ?? 1, length: Math.max(1, cell.length) };
    cells.set(name, at);
    const trimmed = cell.trimStart();
    if (CSV_JSON_COLUMNS.has(name) && (trimmed.startsWith('[') || (name !== 'prompt' && name !== 'chosen' && name !== 'rejected' && trimmed.startsWith('{')))) {
      try {
        value[name] = JSON.parse(cell) as unknown;
      } catch {
        if (name === 'messages' || name === 'conversations') {
          problems.push(problem(at.line, at.column, 'invalid-json', `the "${name}" cell must hold a JSON list of messages: ${locateJsonError(cell)?.message ?? 'it is not valid JSON'}`));
          return undefined;
        }
        value[name] = cell; // a text that merely starts with '['
      }
    } else {
      value[name] = cell;
    }
  }
  return { value, cells };
}

/**
 * Reads a dataset from a byte stream. Batches come as the bytes are read; the last one
 * carries the summary (formats, counts, layout). Memory stays bounded by one chunk plus
 * one record, whatever the size of the file.
 */
export async function* readDataset(chunks: AsyncIterable<Uint8Array>, options: ReadDatasetOptions = {}): AsyncGenerator<DatasetBatch> {
  const maxRecordBytes = options.maxRecordBytes ?? DEFAULT_MAX_RECORD_BYTES;
  const keepText = options.keepText ?? true;
  const interpreter = new RecordInterpreter(options.format);
  let errors = 0;
  let warnings = 0;
  const tally = (problems: readonly Problem[]): void => {
    for (const p of problems) {
      if (p.severity === 'error') errors++;
      else if (p.severity === 'warning') warnings++;
    }
  };

  const { first, all } = await peekFirst(chunks);
  const container = options.container ?? detectContainer(options.fileName, first);
  let layout: DatasetLayout = { container, bom: false, lineEnding: '\n', finalNewline: true, indent: '', delimiter: ',', header: [] };
  let lines = 0;
  let bytes = 0;

  try {
    if (container === 'jsonl') {
      const lineLayout: LineLayout = { bom: false, crlf: 0, lf: 0, finalNewline: false, lines: 0, bytes: 0 };
      for await (const batch of splitLines(all, maxRecordBytes, lineLayout)) {
        const records: DatasetRecord[] = [];
        const problems: Problem[] = [];
        for (const entry of batch) {
          if (entry.problem === 'too-long') {
            problems.push(problem(entry.line, 1, 'line-too-long', `this line is ${entry.bytes} bytes, over the limit of ${maxRecordBytes}; it was skipped, not loaded`));
            interpreter.rejected++;
            continue;
          }
          if (entry.problem === 'invalid-utf8') {
            problems.push(problem(entry.line, 1, 'invalid-utf8', 'this line is not valid UTF-8: save the file as UTF-8'));
            interpreter.rejected++;
            continue;
          }
          const text = entry.text ?? '';
          if (text.trim().length === 0) continue; // blank lines are allowed
          let value: unknown;
          try {
            value = JSON.parse(text);
          } catch {
            problems.push(invalidJsonProblem(text, entry.line, 1));
            interpreter.rejected++;
            continue;
          }
          interpreter.interpret(value, { line: entry.line, column: 1, text }, records, problems, keepText ? text : undefined);
        }
        tally(problems);
        if (records.length > 0 || problems.length > 0) yield { records, problems };
      }
      layout = { ...layout, bom: lineLayout.bom, lineEnding: lineLayout.crlf > lineLayout.lf ? '\r\n' : '\n', finalNewline: lineLayout.finalNewline || lineLayout.bytes === 0 };
      lines = lineLayout.lines;
      bytes = lineLayout.bytes;
    } else if (container === 'json-array') {
      const arrayLayout: ArrayLayout = { bom: false, indent: '', finalNewline: false, crlf: false, lines: 0, bytes: 0, elements: 0 };
      for await (const batch of streamJsonArray(all, maxRecordBytes, arrayLayout)) {
        const records: DatasetRecord[] = [];
        const problems: Problem[] = batch.problems.map((p) => problem(p.line, p.column, p.code, p.message));
        for (const element of batch.elements) {
          if (element.text === undefined) {
            problems.push(problem(element.line, element.column, 'line-too-long', `this record is ${element.chars} characters, over the limit of ${maxRecordBytes}; it was skipped, not loaded`));
            interpreter.rejected++;
            continue;
          }
          let value: unknown;
          try {
            value = JSON.parse(element.text);
          } catch {
            problems.push(invalidJsonProblem(element.text, element.line, element.column));
            interpreter.rejected++;
            continue;
          }
          interpreter.interpret(value, { line: element.line, column: element.column, text: element.text }, records, problems, undefined);
        }
        tally(problems);
        if (records.length > 0 || problems.length > 0) yield { records, problems };
      }
      layout = { ...layout, bom: arrayLayout.bom, lineEnding: arrayLayout.crlf ? '\r\n' : '\n', finalNewline: arrayLayout.finalNewline, indent: arrayLayout.indent };
      lines = arrayLayout.lines;
      bytes = arrayLayout.bytes;
    } else {
      const csvLayout: CsvLayout = { bom: false, delimiter: ',', crlf: false, finalNewline: false, lines: 0, bytes: 0 };
      let header: string[] | undefined;
      const extension = options.fileName ? extname(options.fileName).toLowerCase() : '';
      for await (const batch of streamCsv(all, maxRecordBytes, csvLayout, extension === '.tsv' ? '\t' : undefined)) {
        const records: DatasetRecord[] = [];
        const problems: Problem[] = batch.problems.map((p) => problem(p.line, p.column, p.code, p.message));
        for (const row of batch.rows) {
          if (!header) {
            header = row.cells.map((cell) => cell.trim());
            const blank = header.findIndex((name) => name.length === 0);
            if (blank !== -1) problems.push(problem(row.line, row.cellColumns[blank] ?? 1, 'csv-missing-header', `column ${blank + 1} has no name in the header row; its cells are ignored`, 'warning'));
            continue;
          }
          if (row.cells.length !== header.length) {
            problems.push(problem(row.line, 1, 'csv-field-count', `this row has ${row.cells.length} cells, the header has ${header.length}: a delimiter or a quote is probably missing`));
            interpreter.rejected++;
            continue;
          }
          const built = csvRecord(row, header, problems);
          if (!built) {
            interpreter.rejected++;
            continue;
          }
          interpreter.interpret(built.value, { line: row.line, column: 1, cells: built.cells }, records, problems, undefined);
        }
        tally(problems);
        if (records.length > 0 || problems.length > 0) yield { records, problems };
      }
      if (!header && csvLayout.bytes > 0) {
        const missing = [problem(1, 1, 'csv-missing-header', 'the CSV file has no header row: its first row must name the columns (e.g. instruction,input,output)')];
        tally(missing);
        yield { records: [], problems: missing };
      }
      layout = { ...layout, bom: csvLayout.bom, lineEnding: csvLayout.crlf ? '\r\n' : '\n', finalNewline: csvLayout.finalNewline, delimiter: csvLayout.delimiter, header: header ?? [] };
      lines = csvLayout.lines;
      bytes = csvLayout.bytes;
    }
  } catch (error: unknown) {
    if (!(error instanceof NotTextError)) throw error;
    const refused = [problem(1, 1, error.code, error.message)];
    tally(refused);
    yield { records: [], problems: refused, summary: summaryOf(interpreter, layout, 0, first.length, errors, warnings) };
    return;
  }

  const closing: Problem[] = interpreter.mixedFormatProblems();
  if (interpreter.records === 0 && interpreter.rejected === 0) {
    closing.push(problem(1, 1, 'empty-file', 'the file holds no records', 'warning'));
  }
  closing.sort(compareProblems);
  tally(closing);
  yield { records: [], problems: closing, summary: summaryOf(interpreter, layout, lines, bytes, errors, warnings) };
}

function summaryOf(interpreter: RecordInterpreter, layout: DatasetLayout, lines: number, bytes: number, errors: number, warnings: number): DatasetSummary {
  return {
    layout,
    dominantFormat: interpreter.dominantFormat(),
    formatCounts: Object.fromEntries(interpreter.formatCounts),
    kindCounts: Object.fromEntries(interpreter.kindCounts),
    records: interpreter.records,
    rejected: interpreter.rejected,
    lines,
    bytes,
    errors,
    warnings,
  };
}

/** Streams a dataset file from disk in 1 MiB chunks. */
export function readDatasetFile(path: string, options: ReadDatasetOptions = {}): AsyncGenerator<DatasetBatch> {
  return readDataset(createReadStream(path, { highWaterMark: 1024 * 1024 }), { fileName: path, ...options });
}

export interface LoadedDataset {
  readonly records: DatasetRecord[];
  readonly problems: Problem[];
  readonly summary: DatasetSummary;
}

/** Reads a whole dataset into memory: for seed files and other files of ordinary size. */
export async function loadDataset(batches: AsyncIterable<DatasetBatch>): Promise<LoadedDataset> {
  const records: DatasetRecord[] = [];
  const problems: Problem[] = [];
  let summary: DatasetSummary | undefined;
  for await (const batch of batches) {
    for (const record of batch.records) records.push(record);
    for (const found of batch.problems) problems.push(found);
    if (batch.summary) summary = batch.summary;
  }
  if (!summary) throw new Error('the dataset reader ended without a summary');
  problems.sort(compareProblems);
  return { records, problems, summary };
}

/** Reads bytes already in memory (an open editor's text, a test's fixture). */
export async function* bytesOf(data: string | Uint8Array, chunkSize = 1024 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof data === 'string' ? new TextEncoder().encode(data) : data;
  for (let offset = 0; offset < bytes.length; offset += chunkSize) {
    yield bytes.subarray(offset, offset + chunkSize);
    await Promise.resolve();
  }
}
