// What the judge last said of a sample, found by the sample's content: a dataset line knows
// nothing of runs, but if a run's candidate or an earlier judgement in the editor had the same
// content (in any format, any key order), its verdict is the line's.
import { sampleContentHash } from '../model/contentHash';
import type { Sample } from '../model/sample';
import type { Verdict } from '../runs/candidateEvents';
import type { CandidateState } from '../runs/candidateState';
import type { EditorJudgement } from '../runs/judgementStore';

/** Where a verdict was given. */
export type VerdictOrigin = { readonly kind: 'run'; readonly runId: string; readonly candidateId: string } | { readonly kind: 'editor' };

export interface KnownVerdict {
  readonly contentHash: string;
  readonly verdict: Verdict;
  readonly origin: VerdictOrigin;
  /** When it was given (ISO 8601): of two verdicts for the same content, the later one counts. */
  readonly at: string;
}

/** A run's candidates as its journal has them now. */
export interface RunCandidates {
  readonly runId: string;
  readonly candidates: ReadonlyMap<string, CandidateState>;
}

/** A run candidate with a given content: what "regenerate from seed" needs to find its run. */
export interface CandidateRef {
  readonly runId: string;
  readonly candidateId: string;
}

export class VerdictsByContent {
  private readonly verdicts = new Map<string, KnownVerdict>();
  private readonly candidates = new Map<string, CandidateRef>();

  /**
   * Every candidate's current sample (edits applied) with its latest verdict, and every
   * judgement of the store. A candidate's verdict time is that of its latest event, the best
   * its state knows.
   */
  static build(runs: Iterable<RunCandidates>, judgements: Iterable<EditorJudgement>): VerdictsByContent {
    const index = new VerdictsByContent();
    for (const run of runs) {
      for (const state of run.candidates.values()) {
        const contentHash = sampleContentHash(state.sample);
        if (!index.candidates.has(contentHash)) index.candidates.set(contentHash, { runId: run.runId, candidateId: state.id });
        if (state.verdict) index.add({ contentHash, verdict: state.verdict, origin: { kind: 'run', runId: run.runId, candidateId: state.id }, at: state.updatedAt });
      }
    }
    for (const judgement of judgements) index.add({ contentHash: judgement.contentHash, verdict: judgement.verdict, origin: { kind: 'editor' }, at: judgement.at });
    return index;
  }

  /** Takes a verdict in unless a later one for the same content is already known. */
  add(known: KnownVerdict): void {
    const current = this.verdicts.get(known.contentHash);
    if (current === undefined || Date.parse(known.at) >= Date.parse(current.at)) this.verdicts.set(known.contentHash, known);
  }

  verdictFor(contentHash: string): KnownVerdict | undefined {
    return this.verdicts.get(contentHash);
  }

  verdictForSample(sample: Sample): KnownVerdict | undefined {
    return this.verdicts.get(sampleContentHash(sample));
  }

  /** The first run candidate (runs in the order given) whose current sample has this content. */
  candidateFor(contentHash: string): CandidateRef | undefined {
    return this.candidates.get(contentHash);
  }

  get size(): number {
    return this.verdicts.size;
  }
}

/** The criterion with the lowest score (the first of equals): what a one-line summary names. */
export function weakestCriterion(verdict: Verdict): Verdict['criteria'][number] | undefined {
  return verdict.criteria.reduce<Verdict['criteria'][number] | undefined>((low, c) => (low === undefined || c.score < low.score ? c : low), undefined);
}
