import * as vscode from 'vscode';
import { chooseRunWithAccepted } from '../runs/chooseRun';
import type { RunStore } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';

/** Seedling: Save Accepted — writes a run's accepted candidates to its output dataset. */
export function saveAcceptedCommand(store: RunStore, saver: SaveService): (run?: unknown) => Promise<void> {
  return async (given?: unknown) => {
    const run = await chooseRunWithAccepted(store, given, vscode.l10n.t('Save the accepted candidates of which run?'));
    if (!run) return;
    const outcome = await saver.saveAccepted(run);
    const name = vscode.workspace.asRelativePath(outcome.output);
    const open = vscode.l10n.t('Open {0}', name);
    const message =
      outcome.written === 0
        ? vscode.l10n.t('Nothing new to save: {0} already holds these {1} samples.', name, String(outcome.alreadyPresent))
        : outcome.leftUnsaved
          ? vscode.l10n.t('Added {0} samples to {1}, which has unsaved edits of yours: save it when you are ready.', String(outcome.written), name)
          : vscode.l10n.t('Saved {0} new samples to {1}.', String(outcome.written), name);
    const choice = await vscode.window.showInformationMessage(message, open);
    if (choice === open) await vscode.window.showTextDocument(outcome.output);
  };
}
