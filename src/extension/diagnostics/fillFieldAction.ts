// The quick fix for a missing field that the record holds under another name (a synonym, the
// other chat vocabulary) or that the turn order gives (a message's role): filled in place.
import * as vscode from 'vscode';
import { fillMissingFields } from '../../core/formats/lineFixes';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { fixAllAction, lineAction, linesWithCode, requested } from './lineEdits';

const CODES = ['missing-field'];

export class FillFieldActions implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const dominant = this.diagnostics.dominantFormat(document);
    const actions: vscode.CodeAction[] = [];
    const offered = new Set<number>();
    for (const diagnostic of requested(this.diagnostics.diagnostics(document.uri), range, CODES)) {
      const line = diagnostic.range.start.line;
      if (offered.has(line)) continue;
      offered.add(line);
      const filled = fillMissingFields(document.lineAt(line).text, dominant);
      if (!filled) continue;
      actions.push(lineAction(vscode.l10n.t('Fill the missing fields: {0}', filled.description), document, line, filled.text, diagnostic, true));
      const all = fixAllAction((count) => vscode.l10n.t('Fill the missing fields on all {0} lines where the record holds them', count), document, linesWithCode(this.diagnostics.diagnostics(document.uri), CODES), (at) => fillMissingFields(document.lineAt(at).text, dominant)?.text);
      if (all) actions.push(all);
    }
    return actions;
  }
}
