// The quick fix for a line in another record format than the rest of the file: the record
// rewritten in the file's dominant format, keeping its unknown fields, with what the
// conversion loses in the title; a line that cannot be converted says why.
import * as vscode from 'vscode';
import { convertLine } from '../../core/formats/lineFixes';
import { RECORD_FORMATS } from '../../core/formats/recordFormats';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { fixAllAction, lineAction, requested } from './lineEdits';

export class ConvertFormatActions implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const dominant = this.diagnostics.dominantFormat(document);
    if (dominant === undefined) return [];
    const label = RECORD_FORMATS[dominant].label;
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of requested(this.diagnostics.diagnostics(document.uri), range, ['mixed-format'])) {
      const line = diagnostic.range.start.line;
      const converted = convertLine(document.lineAt(line).text, dominant, dominant);
      if (converted === undefined) continue;
      if (!converted.ok) {
        const action = new vscode.CodeAction(vscode.l10n.t('Convert this line to {0}', label), vscode.CodeActionKind.QuickFix);
        action.disabled = { reason: vscode.l10n.t('It cannot be converted: {0}.', converted.reason) };
        action.diagnostics = [diagnostic];
        actions.push(action);
        continue;
      }
      const title = converted.losses.length === 0 ? vscode.l10n.t('Convert this line to {0}', label) : vscode.l10n.t('Convert this line to {0} (loses {1})', label, converted.losses.join('; '));
      actions.push(lineAction(title, document, line, converted.text, diagnostic, true));
      const lines: number[] = [];
      for (let at = 0; at < document.lineCount; at++) {
        const record = this.diagnostics.lineRecord(document, at);
        if (record?.sample && record.format !== undefined && record.format !== dominant) lines.push(at);
      }
      const all = fixAllAction((count) => vscode.l10n.t('Convert all {0} lines that can be converted to {1}', count, label), document, lines, (at) => {
        const result = convertLine(document.lineAt(at).text, dominant, dominant);
        return result?.ok === true ? result.text : undefined;
      });
      if (all) actions.push(all);
    }
    return actions;
  }
}
