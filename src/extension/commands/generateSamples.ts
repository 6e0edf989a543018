import * as vscode from 'vscode';
import { isSeedFilePath, SEED_FILE_EXTENSIONS } from '../../core/seedFiles';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { showRestrictedModeNotice } from '../restrictedModeNotice';
import type { GeneratePanels } from '../webviews/generatePanel';

/**
 * Seedling: Generate Samples… — starts from a seed file: the one right-clicked in the
 * Explorer, the one in the active editor, or one the user picks; opens its Generate panel.
 */
export function generateSamplesCommand(generatePanels: GeneratePanels, log: OutputChannelLogger): (resource?: unknown) => Promise<void> {
  return async (resource?: unknown) => {
    if (!vscode.workspace.isTrusted) {
      await showRestrictedModeNotice(vscode.l10n.t('Generation is disabled in Restricted Mode: it sends your data to a model endpoint configured by this workspace. Trust the workspace to generate.'));
      return;
    }
    const seed = await resolveSeedFile(resource);
    if (!seed) return;
    if (!isSeedFilePath(seed.path)) {
      void vscode.window.showErrorMessage(
        vscode.l10n.t('{0} is not a seed file Seedling can read. Choose a {1} file.', vscode.workspace.asRelativePath(seed), SEED_FILE_EXTENSIONS.join(', ')),
      );
      return;
    }
    const relative = vscode.workspace.asRelativePath(seed, false);
    log.info(`Generate Samples: seed file ${relative}`);
    generatePanels.show(seed);
  };
}

async function resolveSeedFile(resource: unknown): Promise<vscode.Uri | undefined> {
  if (resource instanceof vscode.Uri) return resource;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme === 'file' && isSeedFilePath(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Choose a seed file'),
    canSelectMany: false,
    openLabel: vscode.l10n.t('Use as Seed'),
    filters: { [vscode.l10n.t('Datasets')]: SEED_FILE_EXTENSIONS.map((extension) => extension.slice(1)) },
    ...(vscode.workspace.workspaceFolders?.[0] ? { defaultUri: vscode.workspace.workspaceFolders[0].uri } : {}),
  });
  return picked?.[0];
}
