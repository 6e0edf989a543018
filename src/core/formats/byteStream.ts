// Reading a dataset's bytes as a stream: refusing what is not text, and splitting lines
// without ever holding more than one line (bounded by a limit) and one chunk in memory.
import { isUtf8 } from 'node:buffer';

/** A file that is not a text dataset at all: reported once, for the whole file. */
export class NotTextError extends Error {
  constructor(
    readonly code: 'binary-file' | 'compressed-file',
    message: string,
  ) {
    super(message);
  }
}

const SNIFF_BYTES = 8192;

/** Refuses binary and compressed files from their first bytes. */
export function assertTextStart(first: Uint8Array): void {
  if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
    throw new NotTextError('compressed-file', 'this is a gzip-compressed file: decompress it first (gunzip), then open the .jsonl/.json/.csv inside');
  }
  if (first.length >= 4 && first[0] === 0x50 && first[1] === 0x4b && first[2] === 0x03 && first[3] === 0x04) {
    throw new NotTextError('compressed-file', 'this is a zip archive (or an .xlsx workbook): extract or export it as .jsonl, .json or .csv first');
  }
  const sniff = first.subarray(0, SNIFF_BYTES);
  const utf16 = (sniff[0] === 0xff && sniff[1] === 0xfe) || (sniff[0] === 0xfe && sniff[1] === 0xff);
  if (utf16) throw new NotTextError('binary-file', 'this file is UTF-16 encoded: save it as UTF-8 to use it');
  if (sniff.includes(0)) throw new NotTextError('binary-file', 'this is a binary file, not a text dataset (it contains NUL bytes); Seedling reads UTF-8 .jsonl, .json and .csv');
}

export function hasBom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** The first chunk of a file, checked to be text, without its BOM (noted in `layout`). */
function textStart<T extends Uint8Array>(first: T, layout: { bom: boolean }): T {
  assertTextStart(first);
  if (!hasBom(first)) return first;
  layout.bom = true;
  return first.subarray(3) as T;
}

export interface SplitLine {
  /** 1-based line number. */
  readonly line: number;
  /** The line's text without its line ending; undefined when it was too long or not UTF-8. */
  readonly text?: string;
  readonly problem?: 'too-long' | 'invalid-utf8';
  readonly bytes: number;
}

export interface LineLayout {
  bom: boolean;
  crlf: number;
  lf: number;
  finalNewline: boolean;
  lines: number;
  bytes: number;
}

/**
 * Splits a byte stream into lines, in batches (one per chunk) so the caller's per-line work
 * stays in a tight loop. A line longer than `maxLineBytes` is reported, never loaded: its
 * bytes are skipped up to the next newline.
 */
export async function* splitLines(chunks: AsyncIterable<Uint8Array>, maxLineBytes: number, layout: LineLayout): AsyncGenerator<SplitLine[]> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let lineNumber = 0;
  let first = true;
  let lastByte = -1;

  const finish = (out: SplitLine[], tail: Buffer | undefined, endsWithNewline: boolean): void => {
    lineNumber++;
    let total = pendingBytes + (tail?.length ?? 0);
    if (skipping) {
      out.push({ line: lineNumber, problem: 'too-long', bytes: total });
    } else {
      let bytes = pending.length === 0 ? (tail ?? Buffer.alloc(0)) : Buffer.concat(tail ? [...pending, tail] : pending, total);
      if (endsWithNewline && bytes.length > 0 && bytes[bytes.length - 1] === 0x0d) {
        bytes = bytes.subarray(0, bytes.length - 1);
        layout.crlf++;
        total--;
      } else if (endsWithNewline) {
        layout.lf++;
      }
      if (bytes.length > maxLineBytes) out.push({ line: lineNumber, problem: 'too-long', bytes: total });
      else if (!isUtf8(bytes)) out.push({ line: lineNumber, problem: 'invalid-utf8', bytes: total });
      else out.push({ line: lineNumber, text: bytes.toString('utf8'), bytes: total });
    }
    pending = [];
    pendingBytes = 0;
    skipping = false;
  };

  for await (const chunk of chunks) {
    let buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (buffer.length === 0) continue;
    layout.bytes += buffer.length;
    if (first) {
      first = false;
      buffer = textStart(buffer, layout);
    }
    lastByte = buffer.length > 0 ? (buffer[buffer.length - 1] ?? -1) : lastByte;
    const out: SplitLine[] = [];
    let start = 0;
    for (;;) {
      const newline = buffer.indexOf(0x0a, start);
      if (newline === -1) break;
      const piece = buffer.subarray(start, newline);
      if (skipping) {
        pendingBytes += piece.length;
        finish(out, undefined, true);
      } else {
        finish(out, piece, true);
      }
      start = newline + 1;
    }
    if (start < buffer.length) {
      const rest = buffer.subarray(start);
      if (!skipping && pendingBytes + rest.length > maxLineBytes + 1) {
        // Too long already: stop keeping its bytes, only count them.
        skipping = true;
        pending = [];
      }
      if (!skipping) pending.push(Buffer.from(rest)); // copy: the stream may reuse its chunk
      pendingBytes += rest.length;
    }
    if (out.length > 0) yield out;
  }
  layout.finalNewline = lastByte === 0x0a;
  if (pendingBytes > 0 || skipping) {
    const out: SplitLine[] = [];
    finish(out, undefined, false);
    yield out;
  }
  layout.lines = lineNumber;
}

/** What the text decoder learned about a file while decoding it. */
export interface DecodedLayout {
  bom: boolean;
  bytes: number;
}

/** Thrown when the bytes stop being UTF-8; everything decoded before it stays valid. */
export class InvalidUtf8Error extends Error {
  constructor() {
    super('the file is not valid UTF-8 from here on: save it as UTF-8');
  }
}

/**
 * Decodes a byte stream as UTF-8 text, chunk by chunk (characters split across chunks stay
 * whole): refuses binary files from their first bytes and drops a BOM, noting it.
 */
export async function* decodeUtf8(chunks: AsyncIterable<Uint8Array>, layout: DecodedLayout): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  for await (const chunk of chunks) {
    let bytes = chunk;
    if (bytes.length === 0) continue;
    layout.bytes += bytes.length;
    if (first) {
      first = false;
      bytes = textStart(bytes, layout);
    }
    let text: string;
    try {
      text = decoder.decode(bytes, { stream: true });
    } catch {
      throw new InvalidUtf8Error();
    }
    if (text.length > 0) yield text;
  }
}
