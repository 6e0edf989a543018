import * as vscode from 'vscode';
import type { ReviewPanels } from '../webviews/reviewPanel';

/**
 * Seedling: Fix Candidate with Critique — opens the candidate in the Review panel and asks the
 * model for a fix there, shown as a diff to apply or discard (the CodeLens "Fix" runs this).
 */
export function fixCandidateCommand(reviewPanels: ReviewPanels): (runId?: unknown, candidateId?: unknown) => Promise<void> {
  return async (runId?: unknown, candidateId?: unknown) => {
    if (typeof runId !== 'string' || typeof candidateId !== 'string') {
      void vscode.window.showInformationMessage(vscode.l10n.t('Choose a candidate to fix: use “Fix with critique” in the Review panel or above a candidate line.'));
      return;
    }
    const panel = await reviewPanels.show(runId, candidateId);
    await panel.revise(candidateId, 'fix');
  };
}
