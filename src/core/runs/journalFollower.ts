// Where each candidate of a run stands, kept up to date by reading only what was appended to
// its journal since the last look. A run of 100,000 candidates has a journal of about 100 MB:
// reading it whole on every change costs seconds; the lines appended by one decision cost
// microseconds. Whoever asks gets the same snapshot until the journal grows again.
import { open, type FileHandle } from 'node:fs/promises';
import type { Problem } from '../model/problem';
import { errorCode } from './atomicFile';
import { applyEvent, type CandidateState } from './candidateState';
import { journalPath, parseJournalLine } from './journal';

const CHUNK_BYTES = 1 << 16;
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
    // Exactly the bytes from the offset to the size seen: a line appended meanwhile waits for the
    // next refresh. The stream's decoder keeps characters split across chunks whole.
    const stream = handle.createReadStream({ start: this.offset, end: size - 1, encoding: 'utf8', autoClose: false, highWaterMark: CHUNK_BYTES });
    let pending = '';
    let lastLine = '';
    let consumed = 0;
    for await (const chunk of stream as AsyncIterable<string>) {
      pending += chunk;
      const end = pending.lastIndexOf('\n');
      if (end === -1) continue;
      const whole = pending.slice(0, end);
      this.applyLines(whole, problems);
      lastLine = whole.slice(whole.lastIndexOf('\n') + 1);
      pending = pending.slice(end + 1);
      consumed += 1;
      options.onProgress?.({ bytesRead: size - Buffer.byteLength(pending), bytesTotal: size }, this.states);
    }
    if (consumed === 0) return problems;
    // Whole lines only: a line still being written stays for the next refresh.
    const wasAtStart = this.offset === 0;
    this.offset = size - Buffer.byteLength(pending);
    const witness = Buffer.from(`${lastLine}\n`, 'utf8');
    this.witness = witness.length > WITNESS_BYTES ? witness.subarray(witness.length - WITNESS_BYTES) : witness;
    if (wasAtStart) {
      const head = Buffer.alloc(Math.min(HEAD_BYTES, this.offset));
      const { bytesRead } = await handle.read(head, 0, head.length, 0);
      this.head = head.subarray(0, bytesRead);
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
