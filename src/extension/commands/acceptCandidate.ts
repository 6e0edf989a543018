import { type CandidateDecisions, candidateTarget } from '../review/candidateDecisions';

/** Accept (a CodeLens of the candidates diff) — accepts one candidate, the same journal event as the Review panel's. */
export function acceptCandidateCommand(decisions: CandidateDecisions): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    const target = candidateTarget(runId, candidateId);
    await decisions.decide(target.runId, target.candidateId, 'accept');
  };
}
