// Saving accepted samples into an output dataset: in that file's own layout (or the seed's,
// for a new file), line-complete appends where the container allows them, an atomic
// rewrite where it does not, and never a sample the file already holds.
import { open, readFile, stat } from 'node:fs/promises';
import { sampleContentHash } from '../model/contentHash';
import type { Sample } from '../model/sample';
import { writeFileAtomic } from '../runs/atomicFile';
import { bytesOf, type DatasetLayout, loadDataset, readDataset } from './datasetReader';
import { containerForFileName, csvHeader, defaultLayout, serializeCsvRows, serializeDataset, serializeJsonLines } from './datasetWriter';
import { type JsonObject, RECORD_FORMATS, type RecordFormatId, writeRecord } from './recordFormats';

export interface SampleToSave {
  readonly sample: Sample;
  /** The record it came from, whose unknown fields travel along. */
  readonly source?: JsonObject;
}

export interface SaveRequest {
  readonly outputPath: string;
  /** The seed's layout and format, used when the output file does not exist yet. */
  readonly seedLayout: DatasetLayout;
  readonly seedFormat: RecordFormatId;
  readonly samples: readonly SampleToSave[];
}

export interface SaveResult {
  /** Samples written by this save. */
  readonly written: number;
  /** Samples the file already held (or that were asked for twice): not written again. */
  readonly alreadyPresent: number;
  /** Content hash of every requested sample, in request order. */
  readonly hashes: readonly string[];
  readonly format: RecordFormatId;
  readonly layout: DatasetLayout;
  /** Whether the file was created by this save. */
  readonly created: boolean;
}

/** The output file's text as saving finds it; undefined when it does not exist yet. */
export async function readOutputText(path: string): Promise<string | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error(`${path} is not a file`);
    return await readFile(path, 'utf8');
  } catch (error: unknown) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Appends text to a file with one write, so a crash leaves whole lines or nothing. */
async function appendWhole(path: string, text: string): Promise<void> {
  const handle = await open(path, 'a');
  try {
    await handle.write(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function indentBlock(json: string, indent: string): string {
  return json.split('\n').map((line) => indent + line).join('\n');
}

/** Inserts elements before the closing bracket of a JSON array text, keeping its bytes. */
function insertIntoJsonArray(text: string, records: readonly JsonObject[], layout: DatasetLayout): string {
  const close = text.lastIndexOf(']');
  if (close === -1) throw new Error('the output file is not a JSON array: it has no closing "]"');
  const before = text.slice(0, close).trimEnd();
  const isEmpty = before.endsWith('[');
  const newline = layout.lineEnding;
  const space = layout.indent === '' ? undefined : /^ +$/.test(layout.indent) ? layout.indent.length : layout.indent;
  const elements = records.map((record) => {
    const json = JSON.stringify(record, null, space);
    return layout.indent === '' ? json : indentBlock(json, layout.indent).replace(/\n/g, newline);
  });
  const separator = layout.indent === '' ? ',' : `,${newline}`;
  const lead = layout.indent === '' ? (isEmpty ? '' : ',') : isEmpty ? newline : `,${newline}`;
  const tail = layout.indent === '' ? '' : newline;
  return `${before}${lead}${elements.join(separator)}${tail}${text.slice(close)}`;
}

/**
 * What a save changes in an output dataset's text: either text to append at its end (JSON
 * lines and CSV grow line by line) or the whole new text (a JSON array, a new file).
 */
export type SaveEdit = { readonly kind: 'none' } | { readonly kind: 'append'; readonly text: string } | { readonly kind: 'replace'; readonly text: string };

export interface SavePlan extends SaveResult {
  readonly edit: SaveEdit;
}

/**
 * Plans a save against the output's current text (undefined when it does not exist): the
 * editor uses it on an open document's buffer, unsaved edits included, and saveSamples on
 * the file. The text decides what is already there, so saving twice changes nothing.
 */
export async function planSave(request: SaveRequest, text: string | undefined): Promise<SavePlan> {
  const hashes = request.samples.map((s) => sampleContentHash(s.sample));
  const container = containerForFileName(request.outputPath) ?? request.seedLayout.container;
  let layout: DatasetLayout;
  let format: RecordFormatId;
  const present = new Set<string>();
  const empty = text === undefined || text.trim().length === 0;
  if (!empty) {
    const existing = await loadDataset(readDataset(bytesOf(text), { fileName: request.outputPath, keepText: false }));
    layout = existing.summary.layout;
    format = existing.summary.dominantFormat ?? request.seedFormat;
    for (const record of existing.records) present.add(sampleContentHash(record.sample));
  } else {
    layout = container === request.seedLayout.container ? { ...request.seedLayout, header: [] } : defaultLayout(container);
    format = request.seedFormat;
  }
  const kind = RECORD_FORMATS[format].kind;
  const toWrite: JsonObject[] = [];
  let alreadyPresent = 0;
  request.samples.forEach((item, index) => {
    const hash = hashes[index] ?? '';
    if (present.has(hash)) {
      alreadyPresent++;
      return;
    }
    if (item.sample.kind !== kind) throw new Error(`cannot save a ${item.sample.kind} sample into ${request.outputPath}, which holds ${RECORD_FORMATS[format].label} records`);
    present.add(hash);
    toWrite.push(writeRecord(format, item.sample, item.source));
  });
  const result = { written: toWrite.length, alreadyPresent, hashes, format, layout, created: text === undefined };
  if (toWrite.length === 0) return { ...result, edit: { kind: 'none' } };
  if (empty) return { ...result, edit: { kind: 'replace', text: serializeDataset(toWrite, { ...layout, finalNewline: true }, format) } };
  const lead = text.endsWith('\n') ? '' : layout.lineEnding;
  switch (layout.container) {
    case 'jsonl':
      return { ...result, edit: { kind: 'append', text: lead + serializeJsonLines(toWrite, layout.lineEnding) } };
    case 'csv': {
      const header = csvHeader(toWrite, format, layout.header);
      if (header.length > layout.header.length) {
        const missing = header.filter((column) => !layout.header.includes(column));
        throw new Error(`the output CSV has no column for ${missing.map((c) => `"${c}"`).join(', ')}: add the column to its header, or save to a new file`);
      }
      return { ...result, edit: { kind: 'append', text: lead + serializeCsvRows(toWrite, layout.header, layout.delimiter, layout.lineEnding) } };
    }
    case 'json-array':
      return { ...result, edit: { kind: 'replace', text: insertIntoJsonArray(text, toWrite, layout) } };
  }
}

/**
 * The output's whole text once a planned save is applied to `text` (its current text,
 * undefined when the file does not exist): what a save writes, and what a preview shows.
 */
export function textAfterSave(text: string | undefined, edit: SaveEdit): string {
  switch (edit.kind) {
    case 'none':
      return text ?? '';
    case 'append':
      return (text ?? '') + edit.text;
    case 'replace':
      return edit.text;
  }
}

/**
 * Saves samples to the output dataset file. Saving the same samples again writes nothing:
 * the file's own content decides, so edits the user made to it by hand are respected too.
 * Appends are one write of whole lines; a rewrite goes through a temp file and a rename.
 */
export async function saveSamples(request: SaveRequest): Promise<SaveResult> {
  const plan = await planSave(request, await readOutputText(request.outputPath));
  const { edit, ...result } = plan;
  if (edit.kind === 'append') await appendWhole(request.outputPath, edit.text);
  else if (edit.kind === 'replace') await writeFileAtomic(request.outputPath, edit.text);
  return result;
}
