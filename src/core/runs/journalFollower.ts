// Where each candidate of a run stands, kept up to date by reading only what was appended to
// its journal since the last look. A run of 100,000 candidates has a journal of about 100 MB:
// reading it whole on every change costs seconds; the lines appended by one decision cost
// microseconds. Whoever asks gets the same snapshot until the journal grows again.
import { open, type FileHandle } from 'node:fs/promises';
import type { Problem } from '../model/problem';
import { errorCode } from './atomicFile';
import { applyEvent, type CandidateState } from './candidateState';
import { journalPath, parseJournalLine } from './journal';

const NEWLINE = 0x0a;
const CHUNK_BYTES = 1 << 20;
/**
 * How a journal replaced by another (as long or longer) is recognised: the start of the file and
 * the last line read must still be there. Event lines begin with their time, type and candidate.
 */
const HEAD_BYTES = 256;
const WITNESS_BYTES = 64 * 1024;

export interface JournalProgress {
  readonly bytesRead: number;
  readonly bytesTotal: number;
}

export interface FollowedStates {
  /** Every candidate's state, in generation order; a snapshot no later read changes. */
  readonly states: ReadonlyMap<string, CandidateState>;
  /** Problems of the lines read by this refresh (not those reported before). */
  readonly problems: readonly Problem[];
  /** Whether this refresh read anything new (or started over). */
  readonly changed: boolean;
}

export interface RefreshOptions {
  /**
   * Called after each chunk of a long read with how far it got and the states so far
   * (live: copy them to keep them), so a view can show the first candidates before the end.
   */
  readonly onProgress?: (progress: JournalProgress, states: ReadonlyMap<string, CandidateState>) => void;
}

export class JournalFollower {
  private states = new Map<string, CandidateState>();
  private snapshot: ReadonlyMap<string, CandidateState> = new Map();
  /** Bytes consumed: always the end of a complete line. */
  private offset = 0;
  private lineNumber = 0;
  private identity = '';
  private witness = Buffer.alloc(0);
  private head = Buffer.alloc(0);
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly runDir: string) {}

  /** Bytes of the journal read so far. */
  get bytesRead(): number {
    return this.offset;
  }

  /**
   * Reads what was appended since the last refresh (everything the first time, or when the
   * journal was replaced or cut) and returns the states. Calls run one after another.
   */
  refresh(options: RefreshOptions = {}): Promise<FollowedStates> {
    const next = this.queue.then(() => this.readAppended(options));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private reset(): void {
    this.states = new Map();
    this.snapshot = new Map();
    this.offset = 0;
    this.lineNumber = 0;
    this.witness = Buffer.alloc(0);
    this.head = Buffer.alloc(0);
  }

  private async readAppended(options: RefreshOptions): Promise<FollowedStates> {
    let handle: FileHandle;
    try {
      handle = await open(journalPath(this.runDir), 'r');
    } catch (error) {
      if (errorCode(error) !== 'ENOENT') throw error;
      const changed = this.offset > 0 || this.states.size > 0;
      this.reset();
      this.identity = '';
      return { states: this.snapshot, problems: [], changed };
    }
    try {
      const stat = await handle.stat();
      const identity = `${stat.dev}:${stat.ino}`;
      let restarted = false;
      if (identity !== this.identity || stat.size < this.offset || !(await this.witnessHolds(handle))) {
        restarted = this.offset > 0 || this.states.size > 0;
        this.reset();
        this.identity = identity;
      }
      if (stat.size === this.offset) return { states: this.snapshot, problems: [], changed: restarted };
      const problems = await this.readFrom(handle, stat.size, options);
      this.snapshot = new Map(this.states);
      return { states: this.snapshot, problems, changed: true };
    } finally {
      await handle.close();
    }
  }

  /** Whether the bytes just before the offset are still those read: the file was only appended to. */
  private async witnessHolds(handle: FileHandle): Promise<boolean> {
    const same = async (expected: Buffer, position: number): Promise<boolean> => {
      if (expected.length === 0) return true;
      const now = Buffer.alloc(expected.length);
      const { bytesRead } = await handle.read(now, 0, now.length, position);
      return bytesRead === now.length && now.equals(expected);
    };
    return (await same(this.head, 0)) && (await same(this.witness, this.offset - this.witness.length));
  }

  private async readFrom(handle: FileHandle, size: number, options: RefreshOptions): Promise<Problem[]> {
    const problems: Problem[] = [];
    let carry = Buffer.alloc(0);
    let position = this.offset;
    while (position < size) {
      const chunk = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, size - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = carry.length > 0 ? Buffer.concat([carry, chunk.subarray(0, bytesRead)]) : chunk.subarray(0, bytesRead);
      const end = data.lastIndexOf(NEWLINE);
      if (end === -1) {
        carry = data;
        continue;
      }
      // Whole lines only: a line still being written stays for the next refresh.
      this.applyLines(data.toString('utf8', 0, end), problems);
      if (this.offset === 0) this.head = Buffer.from(data.subarray(0, Math.min(HEAD_BYTES, end + 1)));
      this.offset += end + 1;
      const lastLineStart = data.lastIndexOf(NEWLINE, end - 1) + 1;
      this.witness = Buffer.from(data.subarray(Math.max(lastLineStart, end + 1 - WITNESS_BYTES), end + 1));
      carry = Buffer.from(data.subarray(end + 1));
      options.onProgress?.({ bytesRead: this.offset, bytesTotal: size }, this.states);
    }
    return problems;
  }

  private applyLines(text: string, problems: Problem[]): void {
    let start = 0;
    for (;;) {
      const end = text.indexOf('\n', start);
      const line = end === -1 ? text.slice(start) : text.slice(start, end);
      this.lineNumber++;
      const entry = parseJournalLine(line, this.lineNumber, false);
      if (entry?.kind === 'event') applyEvent(this.states, entry.event);
      else if (entry?.kind === 'problem') problems.push(entry.problem);
      if (end === -1) return;
      start = end + 1;
    }
  }
}
