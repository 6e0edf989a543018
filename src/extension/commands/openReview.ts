import type { ReviewPanels } from '../webviews/reviewPanel';
import type { ReviewSidebar } from '../webviews/reviewSidebar';

/**
 * Seedling: Open Review — opens (or reveals) the Review panel on a run (the newest by default)
 * and a candidate; the sidebar's Review view, when open, follows it.
 */
export function openReviewCommand(reviewPanels: ReviewPanels, reviewSidebar: ReviewSidebar): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    const run = typeof runId === 'string' ? runId : undefined;
    const candidate = typeof candidateId === 'string' ? candidateId : undefined;
    await reviewPanels.show(run, candidate);
    await reviewSidebar.follow(run ?? reviewPanels.panel?.runUnderReview?.manifest.id, candidate);
  };
}
