// What the Review panel works on, without VS Code: the candidates of a run as rows that can
// be filtered and sorted at 100,000 candidates, and the reviewer's decisions turned into
// journal events — with an undo that is itself a journal event, so the journal stays the
// one record of what happened.
import { type CandidateEvent, type Flag, makeEvent, type Verdict } from '../runs/candidateEvents';
import { applyEvent, type CandidateState, type CandidateStatus } from '../runs/candidateState';
import type { Sample } from '../model/sample';
import { promptText } from '../model/sampleText';

export type ReviewSort = 'order' | 'score-desc' | 'score-asc';

export interface ReviewFilter {
  /** Only these statuses; all when empty or absent. */
  readonly statuses?: readonly CandidateStatus[];
  /** Only candidates with a warning or error flag. */
  readonly flagged?: boolean;
  /** Only candidates whose judge score is below this. */
  readonly scoreBelow?: number;
  /** Text the prompt must contain (case-insensitive). */
  readonly search?: string;
  /**
   * Candidates kept in the view whatever their status (still subject to the other filters):
   * those just decided, so a row does not vanish from under the reviewer.
   */
  readonly keep?: readonly string[];
}

export interface ReviewRow {
  readonly id: string;
  readonly status: CandidateStatus;
  readonly score?: number;
  readonly title: string;
  readonly flags: number;
  readonly edited: boolean;
}

export type Decision = 'accept' | 'reject' | 'reopen';

interface UndoStep {
  readonly label: string;
  /** The state of each candidate before the action. */
  readonly before: readonly { readonly id: string; readonly status: CandidateStatus; readonly sample: Sample; readonly flags: readonly Flag[]; readonly verdict?: Verdict }[];
}

function title(state: CandidateState): string {
  const text = promptText(state.sample).replace(/\s+/g, ' ').trim();
  return text.length > 160 ? `${text.slice(0, 159)}…` : text;
}

function isFlagged(state: CandidateState): boolean {
  return state.flags.some((f) => f.severity !== 'info');
}

export class ReviewModel {
  private readonly order: string[];
  private readonly undoSteps: UndoStep[] = [];
  private cache: { key: string; ids: string[] } | undefined;

  constructor(
    private readonly states: Map<string, CandidateState>,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.order = [...states.keys()];
  }

  get size(): number {
    return this.states.size;
  }

  /** Every candidate's state, in generation order. */
  get candidates(): ReadonlyMap<string, CandidateState> {
    return this.states;
  }

  get(id: string): CandidateState | undefined {
    return this.states.get(id);
  }

  counts(): Record<CandidateStatus, number> {
    const counts: Record<CandidateStatus, number> = { pending: 0, accepted: 0, rejected: 0, failed: 0 };
    for (const state of this.states.values()) counts[state.status]++;
    return counts;
  }

  /** Ids matching a filter in a sort order; cached until the next change. */
  ids(filter: ReviewFilter = {}, sort: ReviewSort = 'order'): readonly string[] {
    const key = JSON.stringify([filter, sort]);
    if (this.cache?.key === key) return this.cache.ids;
    const search = filter.search?.trim().toLowerCase();
    const keep = new Set(filter.keep);
    const ids = this.order.filter((id) => {
      const state = this.states.get(id);
      if (!state) return false;
      if (filter.statuses && filter.statuses.length > 0 && !filter.statuses.includes(state.status) && !keep.has(id)) return false;
      if (filter.flagged === true && !isFlagged(state)) return false;
      if (filter.scoreBelow !== undefined && !(state.verdict !== undefined && state.verdict.overall < filter.scoreBelow)) return false;
      if (search && !promptText(state.sample).toLowerCase().includes(search)) return false;
      return true;
    });
    if (sort !== 'order') {
      const score = (id: string): number => this.states.get(id)?.verdict?.overall ?? (sort === 'score-asc' ? Infinity : -Infinity);
      ids.sort((a, b) => (sort === 'score-asc' ? score(a) - score(b) : score(b) - score(a)));
    }
    this.cache = { key, ids };
    return ids;
  }

  /** Rows `start`..`start+count` of a filtered, sorted view: what a virtualized list draws. */
  rows(filter: ReviewFilter, sort: ReviewSort, start: number, count: number): { total: number; rows: ReviewRow[] } {
    const ids = this.ids(filter, sort);
    const rows = ids.slice(Math.max(0, start), Math.max(0, start) + count).flatMap((id): ReviewRow[] => {
      const state = this.states.get(id);
      if (!state) return [];
      return [{ id, status: state.status, ...(state.verdict ? { score: state.verdict.overall } : {}), title: title(state), flags: state.flags.filter((f) => f.severity !== 'info').length, edited: state.edited }];
    });
    return { total: ids.length, rows };
  }

  /** Events for a decision on candidates; those already in that state are left alone. */
  decide(ids: readonly string[], decision: Decision, reason?: string): CandidateEvent[] {
    const target: CandidateStatus = decision === 'accept' ? 'accepted' : decision === 'reject' ? 'rejected' : 'pending';
    const affected = ids.map((id) => this.states.get(id)).filter((s): s is CandidateState => s !== undefined && s.status !== target && s.status !== 'failed');
    if (affected.length === 0) return [];
    const at = this.now();
    const events = affected.map((state): CandidateEvent =>
      decision === 'reopen' ? makeEvent('reopened', state.id, { by: 'user' }, at) : makeEvent(decision === 'accept' ? 'accepted' : 'rejected', state.id, { by: 'user', ...(reason !== undefined ? { reason } : {}) }, at),
    );
    this.pushUndo(`${decision} ${affected.length}`, affected);
    this.apply(events);
    return events;
  }

  /** Accepts (or rejects) every pending candidate scoring at or above (below) a threshold. */
  decideByScore(decision: 'accept' | 'reject', threshold: number): CandidateEvent[] {
    const ids = [...this.states.values()]
      .filter((s) => s.status === 'pending' && s.verdict !== undefined && (decision === 'accept' ? s.verdict.overall >= threshold : s.verdict.overall < threshold))
      .map((s) => s.id);
    return this.decide(ids, decision, decision === 'accept' ? `score ≥ ${threshold}` : `score < ${threshold}`);
  }

  /** The event for the reviewer's edit of a candidate's sample (already validated by the caller). */
  edit(id: string, sample: Sample): CandidateEvent[] {
    const state = this.states.get(id);
    if (!state) return [];
    if (JSON.stringify(state.sample) === JSON.stringify(sample)) return [];
    this.pushUndo(`edit ${id}`, [state]);
    const events = [makeEvent('edited', id, { sample, by: 'user' }, this.now())];
    this.apply(events);
    return events;
  }

  /**
   * The events that replace a candidate's sample with a checked proposal (a fix, a
   * regeneration): the new sample, its flags and, when it was judged, its verdict.
   */
  revise(id: string, proposal: { readonly sample: Sample; readonly flags: readonly Flag[]; readonly verdict?: Verdict }, by: 'fix' | 'regenerate'): CandidateEvent[] {
    const state = this.states.get(id);
    if (!state) return [];
    this.pushUndo(`${by} ${id}`, [state]);
    const at = this.now();
    const events: CandidateEvent[] = [makeEvent('edited', id, { sample: proposal.sample, by }, at), makeEvent('checked', id, { flags: [...proposal.flags] }, at)];
    if (proposal.verdict) events.push(makeEvent('judged', id, { verdict: proposal.verdict }, at));
    this.apply(events);
    return events;
  }

  get canUndo(): boolean {
    return this.undoSteps.length > 0;
  }

  /** Events that put back what the last action changed. */
  undo(): CandidateEvent[] {
    const step = this.undoSteps.pop();
    if (!step) return [];
    const at = this.now();
    const events: CandidateEvent[] = [];
    for (const before of step.before) {
      const now = this.states.get(before.id);
      if (!now) continue;
      if (JSON.stringify(now.sample) !== JSON.stringify(before.sample)) events.push(makeEvent('edited', before.id, { sample: before.sample, by: 'user' }, at));
      if (JSON.stringify(now.flags) !== JSON.stringify(before.flags)) events.push(makeEvent('checked', before.id, { flags: [...before.flags] }, at));
      if (before.verdict && JSON.stringify(now.verdict) !== JSON.stringify(before.verdict)) events.push(makeEvent('judged', before.id, { verdict: before.verdict }, at));
      if (now.status !== before.status) {
        if (before.status === 'pending') events.push(makeEvent('reopened', before.id, { by: 'user' }, at));
        else if (before.status === 'accepted') events.push(makeEvent('accepted', before.id, { by: 'user', reason: 'undo' }, at));
        else if (before.status === 'rejected') events.push(makeEvent('rejected', before.id, { by: 'user', reason: 'undo' }, at));
      }
    }
    this.apply(events);
    return events;
  }

  /** Takes in events from elsewhere (the run still generating, another window). */
  apply(events: readonly CandidateEvent[]): void {
    for (const event of events) {
      const isNew = !this.states.has(event.candidateId);
      const state = applyEvent(this.states, event);
      if (state && isNew) this.order.push(state.id);
    }
    if (events.length > 0) this.cache = undefined;
  }

  private pushUndo(label: string, states: readonly CandidateState[]): void {
    this.undoSteps.push({ label, before: states.map((s) => ({ id: s.id, status: s.status, sample: s.sample, flags: s.flags, ...(s.verdict ? { verdict: s.verdict } : {}) })) });
    if (this.undoSteps.length > 100) this.undoSteps.shift();
  }
}
