import * as vscode from 'vscode';

/**
 * The document and 0-based line a line command works on: the ones a quick fix passes, else the
 * active editor's cursor line (from the command palette). Undefined when there is no editor.
 */
export async function lineTarget(uri: unknown, line: unknown): Promise<{ document: vscode.TextDocument; line: number } | undefined> {
  if (uri instanceof vscode.Uri && typeof line === 'number') return { document: await vscode.workspace.openTextDocument(uri), line };
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Open a dataset file and put the cursor on a line first.'));
    return undefined;
  }
  return { document: editor.document, line: editor.selection.active.line };
}

/** The dataset a file command works on: the one named (Explorer, editor menus), else the active editor's. */
export async function fileTarget(uri: unknown): Promise<vscode.TextDocument | undefined> {
  if (uri instanceof vscode.Uri) return vscode.workspace.openTextDocument(uri);
  const document = vscode.window.activeTextEditor?.document;
  if (!document) void vscode.window.showInformationMessage(vscode.l10n.t('Open a dataset file first.'));
  return document;
}
