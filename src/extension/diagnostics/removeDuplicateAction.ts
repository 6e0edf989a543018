// The quick fix for a duplicate line: remove it (the first copy stays), and remove every exact
// duplicate of the file at once. A near-duplicate is removed one line at a time only: whether
// it adds something is the user's call.
import * as vscode from 'vscode';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { fixAllAction, lineAction, linesWithCode, requested } from './lineEdits';

export class RemoveDuplicateActions implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of requested(this.diagnostics.diagnostics(document.uri), range, ['duplicate-line', 'near-duplicate'])) {
      const line = diagnostic.range.start.line;
      const exact = diagnostic.code === 'duplicate-line';
      actions.push(lineAction(exact ? vscode.l10n.t('Remove this duplicate line') : vscode.l10n.t('Remove this near-duplicate line'), document, line, null, diagnostic, exact));
      if (!exact) continue;
      const all = fixAllAction((count) => vscode.l10n.t('Remove all {0} exact duplicate lines (the first copies stay)', count), document, linesWithCode(this.diagnostics.diagnostics(document.uri), ['duplicate-line']), () => null);
      if (all) actions.push(all);
    }
    return actions;
  }
}
