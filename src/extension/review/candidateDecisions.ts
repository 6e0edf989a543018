import * as vscode from 'vscode';
import { type Decision, ReviewModel } from '../../core/review/reviewModel';
import { CandidateJournal } from '../../core/runs/journal';
import type { OutputChannelLogger } from '../outputChannelLogger';
import type { RunStore } from '../runs/runStore';

/** The candidate a CodeLens command acts on, from the arguments the lens was given. */
export function candidateTarget(runId: unknown, candidateId: unknown): { readonly runId: string; readonly candidateId: string } {
  if (typeof runId !== 'string' || typeof candidateId !== 'string') {
    throw new Error(vscode.l10n.t('This command acts on one candidate of a run: use its CodeLens in the candidates diff (Seedling: Open Candidates in Diff Editor).'));
  }
  return { runId, candidateId };
}

/**
 * Decisions made outside the Review panel (the candidates diff's CodeLenses), written as the
 * panel writes them: the events of ReviewModel.decide, by the user, appended to the run's
 * journal. One at a time, each on the journal as the one before left it, so two quick clicks
 * never decide from the same stale state. Every view hears of it through the RunStore.
 */
export class CandidateDecisions {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly runs: RunStore,
    private readonly log: OutputChannelLogger,
  ) {}

  /** Appends the decision's events; resolves with how many there were (none when it stood already). */
  decide(runId: string, candidateId: string, decision: Decision): Promise<number> {
    const work = (): Promise<number> => this.append(runId, candidateId, decision);
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async append(runId: string, candidateId: string, decision: Decision): Promise<number> {
    const run = await this.runs.find(runId);
    if (!run) throw new Error(vscode.l10n.t('There is no run {0} in this workspace any more.', runId));
    // The store reads the journal's latest lines on every read: the decision before this one included.
    const model = new ReviewModel(new Map(await this.runs.candidates(run)));
    if (!model.get(candidateId)) throw new Error(vscode.l10n.t('The candidate {0} is not in this run.', candidateId));
    const events = model.decide([candidateId], decision);
    if (events.length > 0) {
      const journal = await CandidateJournal.open(run.runDir);
      try {
        await journal.append(events);
      } finally {
        await journal.close();
      }
      this.log.info(`Candidates diff: ${decision} ${candidateId} of ${runId} appended to the journal`);
    }
    this.runs.invalidate(runId);
    return events.length;
  }
}
