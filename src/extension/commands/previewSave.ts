import { basename } from 'node:path';
import * as vscode from 'vscode';
import { chooseRunWithAccepted } from '../runs/chooseRun';
import type { RunStore } from '../runs/runStore';
import type { SaveService } from '../runs/saveService';
import type { SavePreviewDocuments } from '../savePreviewDocuments';

/**
 * Seedling: Preview Save of Accepted Candidates — VS Code's diff editor on the output
 * dataset as it is now (the open editor's buffer when there is one, as Save uses it) and as
 * Save Accepted would leave it. Nothing is written.
 */
export function previewSaveCommand(store: RunStore, saver: SaveService, documents: SavePreviewDocuments): (run?: unknown) => Promise<void> {
  return async (given?: unknown) => {
    const run = await chooseRunWithAccepted(store, given, vscode.l10n.t('Preview saving the accepted candidates of which run?'));
    if (!run) return;
    const preview = await saver.previewAccepted(run);
    const name = vscode.workspace.asRelativePath(preview.output);
    if (preview.written === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Nothing new to save: {0} already holds these {1} samples.', name, String(preview.alreadyPresent)));
    }
    const before = documents.put(preview.output, 'before', preview.before);
    const after = documents.put(preview.output, 'after', preview.after);
    const title = preview.exists
      ? vscode.l10n.t('{0}: now ↔ after Save Accepted (preview, {1} new)', basename(preview.output.fsPath), String(preview.written))
      : vscode.l10n.t('{0}: new file after Save Accepted (preview, {1} new)', basename(preview.output.fsPath), String(preview.written));
    await vscode.commands.executeCommand('vscode.diff', before, after, title, { preview: true });
  };
}
