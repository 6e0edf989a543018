// Where each candidate stands, folded from its journal events. Pure: no I/O, no clock.
import type { Sample } from '../model/sample';
import type { CandidateEvent, Flag, Provenance, Verdict } from './candidateEvents';

export type CandidateStatus = 'pending' | 'accepted' | 'rejected' | 'failed';

export interface SavedOutput {
  readonly outputFile: string;
  readonly contentHash: string;
}

export interface CandidateState {
  readonly id: string;
  readonly status: CandidateStatus;
  /** The sample as it stands, edits applied. */
  readonly sample: Sample;
  /** The sample as generated. */
  readonly originalSample: Sample;
  readonly provenance: Provenance;
  readonly nearestSeedId?: string;
  /** The flags of the latest check. */
  readonly flags: readonly Flag[];
  /** The latest verdict. */
  readonly verdict?: Verdict;
  readonly edited: boolean;
  readonly decidedBy?: string;
  readonly decisionReason?: string;
  /** Why it failed, while its status is 'failed'. */
  readonly failure?: { readonly error: string; readonly retryable: boolean };
  readonly saved: readonly SavedOutput[];
  /** Time of the latest event applied. */
  readonly updatedAt: string;
}

export interface CandidateSummary {
  readonly total: number;
  readonly pending: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly failed: number;
  /** Candidates written to at least one output file. */
  readonly saved: number;
}

/** Strips the decision and failure fields, which only make sense for the status they came with. */
function undecided(state: CandidateState): CandidateState {
  const { decidedBy: _by, decisionReason: _reason, failure: _failure, ...rest } = state;
  return rest;
}

/**
 * Applies one event to `states`, replacing the candidate's entry with a new object (states are
 * never mutated, so earlier references stay valid snapshots). Returns the new state, or undefined
 * when the event changes nothing: a repeated `generated` (the first wins) or an unknown candidate.
 */
export function applyEvent(states: Map<string, CandidateState>, event: CandidateEvent): CandidateState | undefined {
  const current = states.get(event.candidateId);
  let next: CandidateState;
  if (event.type === 'generated') {
    if (current !== undefined) return undefined;
    next = {
      id: event.candidateId,
      status: 'pending',
      sample: event.sample,
      originalSample: event.sample,
      provenance: event.provenance,
      ...(event.nearestSeedId === undefined ? {} : { nearestSeedId: event.nearestSeedId }),
      flags: [],
      edited: false,
      saved: [],
      updatedAt: event.at,
    };
  } else {
    // Events of a candidate whose `generated` line was lost cannot be shown against anything.
    if (current === undefined) return undefined;
    const at = { updatedAt: event.at };
    switch (event.type) {
      case 'checked':
        next = { ...current, ...at, flags: event.flags };
        break;
      case 'judged':
        next = { ...current, ...at, verdict: event.verdict };
        break;
      case 'accepted':
      case 'rejected':
        next = { ...undecided(current), ...at, status: event.type, decidedBy: event.by, ...(event.reason === undefined ? {} : { decisionReason: event.reason }) };
        break;
      case 'reopened':
        next = { ...undecided(current), ...at, status: 'pending' };
        break;
      case 'edited':
        next = { ...current, ...at, sample: event.sample, edited: true };
        break;
      case 'saved': {
        const already = current.saved.some((s) => s.outputFile === event.outputFile && s.contentHash === event.contentHash);
        next = { ...current, ...at, saved: already ? current.saved : [...current.saved, { outputFile: event.outputFile, contentHash: event.contentHash }] };
        break;
      }
      case 'failed':
        next = { ...undecided(current), ...at, status: 'failed', failure: { error: event.error, retryable: event.retryable } };
        break;
    }
  }
  states.set(event.candidateId, next);
  return next;
}

/** Folds events into each candidate's state; the map's order is the order of generation. */
export function reduceEvents(events: Iterable<CandidateEvent>): Map<string, CandidateState> {
  const states = new Map<string, CandidateState>();
  for (const event of events) applyEvent(states, event);
  return states;
}

export function summarize(states: ReadonlyMap<string, CandidateState>): CandidateSummary {
  const counts = { total: 0, pending: 0, accepted: 0, rejected: 0, failed: 0, saved: 0 };
  for (const state of states.values()) {
    counts.total++;
    counts[state.status]++;
    if (state.saved.length > 0) counts.saved++;
  }
  return counts;
}
