// `candidates.jsonl`: the append-only journal of a run. Lines are only ever added, each complete.
import { mkdir, open, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { problem, type Problem } from '../model/problem';
import { errorCode } from './atomicFile';
import { candidateEvent, type CandidateEvent } from './candidateEvents';
import { describeIssues } from './schemaErrors';

export const JOURNAL_FILE = 'candidates.jsonl';

const NEWLINE = 0x0a;
/** How every event line begins: the version leads. */
const EVENT_LINE_START = '{"v":';

export type JournalEntry =
  | { readonly kind: 'event'; readonly line: number; readonly event: CandidateEvent }
  | { readonly kind: 'problem'; readonly problem: Problem };

export interface JournalContents {
  readonly events: CandidateEvent[];
  readonly problems: Problem[];
}

export function journalPath(runDir: string): string {
  return join(runDir, JOURNAL_FILE);
}

export class CandidateJournal {
  /** Appends run one after another, in call order; each link never rejects so one failure does not block the rest. */
  private tail: Promise<void> = Promise.resolve();
  private checkedEnding = false;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly handle: FileHandle,
  ) {}

  /** Opens (creating if needed) the journal of the run in `runDir`. */
  static async open(runDir: string): Promise<CandidateJournal> {
    await mkdir(runDir, { recursive: true });
    const path = journalPath(runDir);
    // 'a' is O_APPEND: the kernel puts every write at the current end, even with other writers.
    return new CandidateJournal(path, await open(path, 'a'));
  }

  /**
   * Validates the events, then writes them as one line each with a single write, so every line
   * lands whole and lines of concurrent writers (in this or another process) never interleave.
   * Rejects, writing nothing, when any event is invalid.
   */
  async append(events: CandidateEvent | readonly CandidateEvent[]): Promise<void> {
    if (this.closed) throw new Error(`The journal ${this.path} is closed`);
    const list = isEventList(events) ? events : [events];
    const lines = list.map((event, index) => {
      const parsed = candidateEvent.safeParse(event);
      if (!parsed.success) {
        const what = list.length > 1 ? `Event ${index + 1} of ${list.length}` : 'The event';
        throw new Error(`${what} cannot go into ${this.path}: ${describeIssues(parsed.error)}`);
      }
      return `${JSON.stringify(parsed.data)}\n`;
    });
    if (lines.length === 0) return;
    // Chained synchronously, before any await, so the order of calls is the order of lines.
    const written = this.tail.then(() => this.write(lines.join('')));
    this.tail = written.catch(() => undefined);
    await written;
  }

  /** Waits for pending appends and flushes the journal to disk. */
  async sync(): Promise<void> {
    await this.tail;
    await this.handle.sync();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.tail;
    try {
      await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  private async write(text: string): Promise<void> {
    let data = Buffer.from(text, 'utf8');
    if (!this.checkedEnding) {
      // A crash can leave a torn last line; start on a fresh line so ours stays parsable.
      // (Another process appending at this very moment can look torn too; the price is one
      // empty line, which replay skips.)
      if (!(await endsWithNewlineOrEmpty(this.path))) data = Buffer.concat([Buffer.from('\n'), data]);
      this.checkedEnding = true;
    }
    let offset = 0;
    while (offset < data.length) {
      // One write() holds everything; the loop only matters if the OS ever writes short (e.g. a full disk).
      const { bytesWritten } = await this.handle.write(data, offset, data.length - offset);
      offset += bytesWritten;
    }
  }

  /**
   * Streams the journal of the run in `runDir`: every valid event, and a problem for every line
   * that is not one. A missing journal is an empty one.
   */
  static async *replay(runDir: string): AsyncGenerator<JournalEntry, void, undefined> {
    let handle;
    try {
      handle = await open(journalPath(runDir), 'r');
    } catch (error) {
      if (errorCode(error) === 'ENOENT') return;
      throw error;
    }
    // The stream owns (and closes) the handle; its UTF-8 decoder keeps characters split across chunks whole.
    const stream = handle.createReadStream({ encoding: 'utf8' });
    let pending = '';
    let lineNumber = 0;
    for await (const chunk of stream as AsyncIterable<string>) {
      // What was pending holds no newline, so only the new chunk needs searching (long lines stay linear).
      const searchFrom = pending.length;
      pending += chunk;
      let start = 0;
      for (let end = pending.indexOf('\n', searchFrom); end !== -1; end = pending.indexOf('\n', start)) {
        lineNumber++;
        const entry = parseJournalLine(pending.slice(start, end), lineNumber, false);
        if (entry !== undefined) yield entry;
        start = end + 1;
      }
      pending = pending.slice(start);
    }
    if (pending !== '') {
      const entry = parseJournalLine(pending, lineNumber + 1, true);
      if (entry !== undefined) yield entry;
    }
  }
}

/** Reads the whole journal of a run (streaming the file) into its events and problems. */
export async function readJournal(runDir: string): Promise<JournalContents> {
  const events: CandidateEvent[] = [];
  const problems: Problem[] = [];
  for await (const entry of CandidateJournal.replay(runDir)) {
    if (entry.kind === 'event') events.push(entry.event);
    else problems.push(entry.problem);
  }
  return { events, problems };
}

/** One line of the journal (line numbers from 1); `unterminated` when it is the last line and no newline follows it. */
export function parseJournalLine(raw: string, line: number, unterminated: boolean): JournalEntry | undefined {
  let text = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  if (line === 1 && text.startsWith('\uFEFF')) text = text.slice(1);
  if (text.trim() === '') return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    // A crash mid-append tears only the last line; that is expected damage, not corruption.
    // Once a later append has started a fresh line after it, the fragment is still known by
    // its start: every event line begins with {"v": (or the fragment is a start of that).
    if (unterminated || text.startsWith(EVENT_LINE_START) || EVENT_LINE_START.startsWith(text)) return { kind: 'problem', problem: problem(line, 1, 'invalid-json', `Line ${line} is incomplete, left by an interrupted write; skipped (${reason})`, 'warning', text.length) };
    return { kind: 'problem', problem: problem(line, 1, 'invalid-json', `Line ${line} is not valid JSON; skipped (${reason})`, 'error', text.length) };
  }
  const parsed = candidateEvent.safeParse(json);
  if (!parsed.success) return { kind: 'problem', problem: problem(line, 1, 'wrong-type', `Line ${line} is not a valid candidate event; skipped (${describeIssues(parsed.error)})`, 'error', text.length) };
  return { kind: 'event', line, event: parsed.data };
}

// Array.isArray does not narrow a union with a readonly array.
function isEventList(events: CandidateEvent | readonly CandidateEvent[]): events is readonly CandidateEvent[] {
  return Array.isArray(events);
}

/** Whether a file ends on a complete line (or is empty): where an append may start. */
export async function endsWithNewlineOrEmpty(path: string): Promise<boolean> {
  const reader = await open(path, 'r');
  try {
    const { size } = await reader.stat();
    if (size === 0) return true;
    const last = Buffer.alloc(1);
    await reader.read(last, 0, 1, size - 1);
    return last[0] === NEWLINE;
  } finally {
    await reader.close();
  }
}
