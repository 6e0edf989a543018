import type { ReviewSidebar } from '../webviews/reviewSidebar';

/** Seedling: Review in the Sidebar — reveals the sidebar's Review view on a run (the newest by default). */
export function openReviewSidebarCommand(reviewSidebar: ReviewSidebar): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    await reviewSidebar.show(typeof runId === 'string' ? runId : undefined, typeof candidateId === 'string' ? candidateId : undefined);
  };
}
