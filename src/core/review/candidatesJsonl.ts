// A run's candidates as additions to its output dataset: the dataset's text followed by one
// compact JSON line per candidate still on its way in, so a diff against the dataset shows
// exactly the lines review would add. What the diff editor's right side holds.
import { type RecordFormatId, writeRecord } from '../formats/recordFormats';
import { sampleContentHash } from '../model/contentHash';
import type { Sample } from '../model/sample';
import type { CandidateState } from '../runs/candidateState';

export interface CandidatesJsonlInput {
  /** The output dataset's text as it is now; empty when the file does not exist yet. */
  readonly datasetText: string;
  /** The run's candidates, in generation order. */
  readonly candidates: Iterable<CandidateState>;
  /** The record format a sample is written in (see outputFormatFor). */
  readonly formatOf: (sample: Sample) => RecordFormatId;
  /**
   * The dataset's path as `saved` events name it. A candidate saved there with its current
   * content is in the dataset's text already, so it is not added a second time.
   */
  readonly savedAs?: string;
}

export interface CandidatesJsonl {
  readonly text: string;
  /** Zero-based line number → the id of the candidate on that line. */
  readonly candidateByLine: ReadonlyMap<number, string>;
  /** Candidate id → its zero-based line number. */
  readonly lineOfCandidate: ReadonlyMap<string, number>;
}

function isAdded(candidate: CandidateState, savedAs: string | undefined): boolean {
  if (candidate.status !== 'pending' && candidate.status !== 'accepted') return false;
  if (savedAs === undefined || candidate.saved.length === 0) return true;
  const hash = sampleContentHash(candidate.sample);
  return !candidate.saved.some((s) => s.outputFile === savedAs && s.contentHash === hash);
}

export function candidatesJsonl(input: CandidatesJsonlInput): CandidatesJsonl {
  // A byte-order mark is not content: the editor hides it on the dataset's side too.
  let dataset = input.datasetText.startsWith('\uFEFF') ? input.datasetText.slice(1) : input.datasetText;
  const lineEnding = dataset.includes('\r\n') ? '\r\n' : '\n';
  if (dataset !== '' && !dataset.endsWith('\n')) dataset += lineEnding;
  let line = dataset.split('\n').length - 1;
  const candidateByLine = new Map<number, string>();
  const lineOfCandidate = new Map<string, number>();
  const lines: string[] = [];
  for (const candidate of input.candidates) {
    if (!isAdded(candidate, input.savedAs)) continue;
    lines.push(JSON.stringify(writeRecord(input.formatOf(candidate.sample), candidate.sample)) + lineEnding);
    candidateByLine.set(line, candidate.id);
    lineOfCandidate.set(candidate.id, line);
    line++;
  }
  return { text: dataset + lines.join(''), candidateByLine, lineOfCandidate };
}
