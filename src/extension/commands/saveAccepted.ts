import * as vscode from 'vscode';
import type { RunStore, WorkspaceRun } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';
import { runIdOf } from '../views/runsTree';

/** The run to save: the one given (from the Runs view), else one the user picks. */
async function chooseRun(store: RunStore, given: unknown): Promise<WorkspaceRun | undefined> {
  const runs = await store.list();
  const id = runIdOf(given);
  if (id !== undefined) return runs.find((r) => r.manifest.id === id);
  const withAccepted = runs.filter((r) => r.manifest.counts.accepted > 0);
  if (withAccepted.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('No run has accepted candidates to save yet. Accept some in Review first.'));
    return undefined;
  }
  if (withAccepted.length === 1) return withAccepted[0];
  const picked = await vscode.window.showQuickPick(
    withAccepted.map((run) => ({ label: `${run.manifest.config.strategy} · ${run.manifest.seed.path}`, description: vscode.l10n.t('{0} accepted', String(run.manifest.counts.accepted)), detail: run.manifest.id, run })),
    { title: vscode.l10n.t('Save the accepted candidates of which run?') },
  );
  return picked?.run;
}

/** Seedling: Save Accepted — writes a run's accepted candidates to its output dataset. */
export function saveAcceptedCommand(store: RunStore, saver: SaveService): (run?: unknown) => Promise<void> {
  return async (given?: unknown) => {
    const run = await chooseRun(store, given);
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
