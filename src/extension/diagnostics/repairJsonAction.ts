// The quick fix for invalid JSON on a dataset line: the line rebuilt by the engine's repair
// (trailing commas, single or curly quotes, unescaped quotes, raw control characters),
// offered only when the result parses, as one undoable edit; and the same for every such line.
import * as vscode from 'vscode';
import { repairJsonLine } from '../../core/formats/jsonRepair';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { fixAllAction, lineAction, linesWithCode, requested } from './lineEdits';

const CODES = ['invalid-json'];

export class RepairJsonActions implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of requested(context, CODES)) {
      const line = diagnostic.range.start.line;
      const repaired = repairJsonLine(document.lineAt(line).text);
      if (repaired === undefined) continue;
      actions.push(lineAction(vscode.l10n.t('Repair JSON on this line'), document, line, repaired, diagnostic, true));
      const all = fixAllAction((count) => vscode.l10n.t('Repair JSON on all {0} lines that can be repaired', count), document, linesWithCode(this.diagnostics.diagnostics(document.uri), CODES), (at) => repairJsonLine(document.lineAt(at).text));
      if (all) actions.push(all);
    }
    return actions;
  }
}
