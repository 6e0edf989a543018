import * as vscode from 'vscode';
import { isSeedFilePath, SEED_FILE_EXTENSIONS } from '../../core/seedFiles';
import { type HealthPresenter, showFileHealth } from '../datasetHealth';

/**
 * Seedling: Show Dataset Health — the health of a dataset file in the Dataset Health view:
 * the file right-clicked in the Explorer, the one in the active editor, or one the user picks.
 */
export function showDatasetHealthCommand(view: HealthPresenter): (resource?: unknown) => Promise<void> {
  return async (resource?: unknown) => {
    const file = await resolveDatasetFile(resource);
    if (!file) return;
    if (file.scheme !== 'file' || !isSeedFilePath(file.path)) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0} is not a dataset file Seedling can read. Choose a {1} file.', vscode.workspace.asRelativePath(file), SEED_FILE_EXTENSIONS.join(', ')),
      );
      return;
    }
    await showFileHealth(view, file);
  };
}

async function resolveDatasetFile(resource: unknown): Promise<vscode.Uri | undefined> {
  if (resource instanceof vscode.Uri) return resource;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isSeedFilePath(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose a dataset file'),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Show Health'),
    filters: { [vscode.l10n.t('Datasets')]: SEED_FILE_EXTENSIONS.map((extension) => extension.slice(1)) },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}
