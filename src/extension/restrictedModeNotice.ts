import * as vscode from 'vscode';

/** Says why a command does nothing in Restricted Mode, offering to manage workspace trust. */
export async function showRestrictedModeNotice(message: string): Promise<void> {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  const choice = await vscode.window.showWarningMessage(message, manage);
  if (choice === manage) await vscode.commands.executeCommand('workbench.trust.manage');
}
