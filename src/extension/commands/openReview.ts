import type { ReviewPanels } from '../webviews/reviewPanel';

/** Seedling: Open Review — opens (or reveals) the Review panel on a run (the newest by default) and a candidate. */
export function openReviewCommand(reviewPanels: ReviewPanels): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    await reviewPanels.show(typeof runId === 'string' ? runId : undefined, typeof candidateId === 'string' ? candidateId : undefined);
  };
}
