import { type CandidateDecisions, candidateTarget } from '../review/candidateDecisions';

/** Reject (a CodeLens of the candidates diff) — rejects one candidate, the same journal event as the Review panel's. */
export function rejectCandidateCommand(decisions: CandidateDecisions): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    const target = candidateTarget(runId, candidateId);
    await decisions.decide(target.runId, target.candidateId, 'reject');
  };
}
