// Evaluation and test files, read for decontamination. They come in any shape (GSM8K's
// question/answer, MMLU's choices, plain text), so each record's text is every string in it.
import { createReadStream } from 'node:fs';
import { extname } from 'node:path';
import { splitLines } from '../formats/byteStream';
import { streamCsv } from '../formats/csvStream';
import { detectContainer } from '../formats/datasetReader';
import { streamJsonArray } from '../formats/jsonArrayStream';
import type { EvalRef } from './similarity/ngramOverlap';

export interface EvalItem {
  readonly ref: EvalRef;
  readonly text: string;
}

const ID_FIELDS = ['id', 'task_id', 'question_id', 'qid', 'uid', 'idx'];

function stringsOf(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const item of value) stringsOf(item, out);
  else if (typeof value === 'object' && value !== null) for (const item of Object.values(value)) stringsOf(item, out);
}

function item(file: string, line: number, value: unknown): EvalItem | undefined {
  const texts: string[] = [];
  stringsOf(value, texts);
  const text = texts.join('\n');
  if (text.trim().length === 0) return undefined;
  let id: string | undefined;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const record = value as Record<string, unknown>;
    const field = ID_FIELDS.find((name) => typeof record[name] === 'string' || typeof record[name] === 'number');
    if (field !== undefined) id = String(record[field]);
  }
  return { ref: id === undefined ? { file, line } : { file, line, id }, text };
}

function chunksOf(path: string): AsyncIterable<Uint8Array> {
  return createReadStream(path, { highWaterMark: 1024 * 1024 });
}

async function firstBytes(path: string): Promise<Uint8Array> {
  for await (const chunk of createReadStream(path, { start: 0, end: 4095 })) return chunk as Buffer;
  return new Uint8Array(0);
}

/** Every item of an eval file: JSONL, a JSON array, CSV, or plain text (one item a line). */
export async function* readEvalItems(path: string): AsyncGenerator<EvalItem> {
  const extension = extname(path).toLowerCase();
  const known = ['.jsonl', '.ndjson', '.json', '.csv', '.tsv'].includes(extension);
  const container = known ? detectContainer(path, await firstBytes(path)) : 'text';
  if (container === 'json-array') {
    for await (const batch of streamJsonArray(chunksOf(path), 64 * 1024 * 1024, { bom: false, indent: '', finalNewline: false, crlf: false, lines: 0, bytes: 0, elements: 0 })) {
      for (const element of batch.elements) {
        if (element.text === undefined) continue;
        try {
          const found = item(path, element.line, JSON.parse(element.text));
          if (found) yield found;
        } catch {
          // an unreadable element holds no text to compare
        }
      }
    }
    return;
  }
  if (container === 'csv') {
    let header = true;
    for await (const batch of streamCsv(chunksOf(path), 64 * 1024 * 1024, { bom: false, delimiter: ',', crlf: false, finalNewline: false, lines: 0, bytes: 0 }, extension === '.tsv' ? '\t' : undefined)) {
      for (const row of batch.rows) {
        if (header) {
          header = false;
          continue;
        }
        const found = item(path, row.line, row.cells);
        if (found) yield found;
      }
    }
    return;
  }
  for await (const batch of splitLines(chunksOf(path), 64 * 1024 * 1024, { bom: false, crlf: 0, lf: 0, finalNewline: false, lines: 0, bytes: 0 })) {
    for (const line of batch) {
      if (line.text === undefined || line.text.trim().length === 0) continue;
      let value: unknown = line.text;
      if (container === 'jsonl') {
        try {
          value = JSON.parse(line.text);
        } catch {
          value = line.text;
        }
      }
      const found = item(path, line.line, value);
      if (found) yield found;
    }
  }
}
