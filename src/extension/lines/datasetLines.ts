// The records of a JSON Lines dataset open in the editor, a line at a time. Lenses, hovers and
// quick fixes ask for them on every change, so each line text is read once and remembered:
// a 100,000-line file costs a map lookup per line after the first look.
import * as vscode from 'vscode';
import { readJsonlLine } from '../../core/formats/datasetReader';
import type { JsonObject, RecordFormatId } from '../../core/formats/recordFormats';
import { sampleContentHash } from '../../core/model/contentHash';
import type { Sample } from '../../core/model/sample';
import { datasetGlob } from '../diagnostics/datasetDiagnostics';

/** A line that is a valid record. */
export interface DatasetLine {
  readonly format: RecordFormatId;
  readonly sample: Sample;
  /** The record as parsed, unknown fields included: a rewrite keeps them. */
  readonly source: JsonObject;
  readonly contentHash: string;
}

/** Past this many remembered texts the memory is dropped and built again from what is looked at. */
const MAX_REMEMBERED = 250_000;

/** Files holding a record per line: JSON and CSV datasets are whole-file formats. */
const WHOLE_FILE_FORMATS = /\.(json|csv|tsv)$/i;

export class DatasetLines {
  /** By the file's format, then line text; null for a line that is no valid record. */
  private readonly byText = new Map<string, DatasetLine | null>();

  /** Whether a document is a dataset the line features work on: the diagnostics' files, a record a line. */
  isDataset(document: vscode.TextDocument): boolean {
    return document.uri.scheme === 'file' && !WHOLE_FILE_FORMATS.test(document.uri.path) && vscode.languages.match({ pattern: datasetGlob() }, document) > 0;
  }

  /** The record on a line (0-based), when the line is a valid one. */
  lineAt(document: vscode.TextDocument, line: number, preferred = this.preferredFormat(document)): DatasetLine | undefined {
    if (line < 0 || line >= document.lineCount) return undefined;
    return this.read(document.lineAt(line).text, line, preferred);
  }

  /** Every valid record of a document, with its 0-based line. */
  *records(document: vscode.TextDocument): Generator<{ readonly line: number; readonly record: DatasetLine }> {
    const preferred = this.preferredFormat(document);
    for (let line = 0; line < document.lineCount; line++) {
      const record = this.read(document.lineAt(line).text, line, preferred);
      if (record) yield { line, record };
    }
  }

  /** The format of the first valid record: it breaks ties for the lines after it, as the file reader does. */
  private preferredFormat(document: vscode.TextDocument): RecordFormatId | undefined {
    for (let line = 0; line < document.lineCount; line++) {
      const record = this.read(document.lineAt(line).text, line, undefined);
      if (record) return record.format;
    }
    return undefined;
  }

  private read(text: string, line: number, preferred: RecordFormatId | undefined): DatasetLine | undefined {
    if (text.trim() === '') return undefined;
    const key = `${preferred ?? ''}\n${text}`;
    const known = this.byText.get(key);
    if (known !== undefined) return known ?? undefined;
    const read = readJsonlLine(text, line + 1, preferred);
    const { format, sample, source } = read;
    const valid = format !== undefined && sample !== undefined && source !== undefined && !read.problems.some((p) => p.severity === 'error');
    const record = valid ? { format, sample, source, contentHash: sampleContentHash(sample) } : null;
    if (this.byText.size >= MAX_REMEMBERED) this.byText.clear();
    this.byText.set(key, record);
    return record ?? undefined;
  }
}
