// The quick fix for invalid JSON on a dataset line: the line rebuilt by the engine's repair
// (trailing commas, single or curly quotes, unescaped quotes, raw control characters),
// offered only when the result parses, as one undoable edit.
import * as vscode from 'vscode';
import { repairJsonLine } from '../../core/formats/jsonRepair';

export class RepairJsonActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== 'Seedling' || diagnostic.code !== 'invalid-json') continue;
      const line = document.lineAt(diagnostic.range.start.line);
      const repaired = repairJsonLine(line.text);
      if (repaired === undefined) continue;
      const action = new vscode.CodeAction(vscode.l10n.t('Repair JSON on this line'), vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(document.uri, line.range, repaired);
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}
