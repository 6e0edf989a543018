import * as vscode from 'vscode';
import { type HealthPresenter, showRunHealth } from '../datasetHealth';
import { chooseAnyRun } from '../runs/chooseRun';
import type { RunStore } from '../runs/runStore';

/**
 * Seedling: Show Run Health — a run's pending and accepted candidates in the Dataset Health
 * view, against its seed file: the run right-clicked in the Runs view, or one the user picks.
 */
export function showRunHealthCommand(store: RunStore, view: HealthPresenter): (run?: unknown) => Promise<void> {
  return async (given?: unknown) => {
    const run = await chooseAnyRun(store, given, vscode.l10n.t('Show the health of which run?'));
    if (!run) return;
    await showRunHealth(view, run.folder.uri.fsPath, run.manifest.id);
  };
}
