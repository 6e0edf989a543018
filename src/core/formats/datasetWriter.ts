// Writing records back in a dataset's own layout: JSON lines, a JSON array (indented as the
// file was) or CSV with the file's header and delimiter.
import type { ContainerFormat, DatasetLayout } from './datasetReader';
import { csvRow } from './csvStream';
import { type JsonObject, RECORD_FORMATS, type RecordFormatId } from './recordFormats';

/** The layout a new file of the given container gets. */
export function defaultLayout(container: ContainerFormat): DatasetLayout {
  return { container, bom: false, lineEnding: '\n', finalNewline: true, indent: container === 'json-array' ? '  ' : '', delimiter: ',', header: [] };
}

/** JSON lines, each ending with the layout's line ending. */
export function serializeJsonLines(records: readonly JsonObject[], lineEnding: '\n' | '\r\n' = '\n'): string {
  let out = '';
  for (const record of records) out += JSON.stringify(record) + lineEnding;
  return out;
}

function csvValue(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value); // message lists and other structure travel as JSON text
}

/** The CSV header for records: the layout's own, else the format's fields, then any other keys. */
export function csvHeader(records: readonly JsonObject[], format: RecordFormatId | undefined, layoutHeader: readonly string[] = []): string[] {
  const header = [...layoutHeader];
  const seen = new Set(header);
  const add = (key: string): void => {
    if (!seen.has(key)) {
      seen.add(key);
      header.push(key);
    }
  };
  if (header.length === 0 && format) for (const key of RECORD_FORMATS[format].fields) add(key);
  for (const record of records) for (const key of Object.keys(record)) add(key);
  return header;
}

export function serializeCsvRows(records: readonly JsonObject[], header: readonly string[], delimiter: string, lineEnding: string): string {
  let out = '';
  for (const record of records) out += csvRow(header.map((key) => csvValue(record[key])), delimiter) + lineEnding;
  return out;
}

function indentArgument(indent: string): string | number | undefined {
  if (indent === '') return undefined;
  return /^ +$/.test(indent) ? indent.length : indent;
}

/** A whole dataset file's text in the given layout. */
export function serializeDataset(records: readonly JsonObject[], layout: DatasetLayout, format: RecordFormatId | undefined): string {
  let body: string;
  switch (layout.container) {
    case 'jsonl':
      body = serializeJsonLines(records, layout.lineEnding);
      if (!layout.finalNewline && body.endsWith(layout.lineEnding)) body = body.slice(0, -layout.lineEnding.length);
      break;
    case 'json-array': {
      body = JSON.stringify(records, null, indentArgument(layout.indent));
      if (layout.lineEnding === '\r\n') body = body.replace(/\n/g, '\r\n');
      if (layout.finalNewline) body += layout.lineEnding;
      break;
    }
    case 'csv': {
      const header = csvHeader(records, format, layout.header);
      body = csvRow(header, layout.delimiter) + layout.lineEnding + serializeCsvRows(records, header, layout.delimiter, layout.lineEnding);
      if (!layout.finalNewline) body = body.slice(0, -layout.lineEnding.length);
      break;
    }
  }
  return layout.bom ? `\uFEFF${body}` : body;
}

/** The container a file name asks for, by its extension. */
export function containerForFileName(fileName: string): ContainerFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.jsonl') || lower.endsWith('.ndjson')) return 'jsonl';
  if (lower.endsWith('.json')) return 'json-array';
  if (lower.endsWith('.csv') || lower.endsWith('.tsv')) return 'csv';
  return undefined;
}
