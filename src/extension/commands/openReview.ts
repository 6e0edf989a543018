import type { ReviewPanels } from '../webviews/reviewPanel';

/** Seedling: Open Review — opens (or reveals) the Review panel. */
export function openReviewCommand(reviewPanels: ReviewPanels): () => Promise<void> {
  return async () => {
    await reviewPanels.show();
  };
}
