// The quick fixes for invalid JSON on dataset lines: the line rebuilt by the engine's repair
// (trailing commas, single or curly quotes, unescaped quotes, raw control characters), or a
// record that raw line breaks split over several lines joined back into one; each offered
// only when the result parses, as one undoable edit; and the same for every such line.
import * as vscode from 'vscode';
import { joinSplitRecord, repairJsonLine } from '../../core/formats/jsonRepair';
import type { DatasetDiagnostics } from './datasetDiagnostics';
import { fixAllAction, lineAction, linesWithCode, requested } from './lineEdits';

const CODES = ['invalid-json'];
/** How far above a broken line the start of a split record is looked for. */
const SPLIT_LOOKBACK = 50;

function linesFrom(document: vscode.TextDocument, start: number): string[] {
  const lines: string[] = [];
  for (let line = start; line < Math.min(document.lineCount, start + SPLIT_LOOKBACK); line++) lines.push(document.lineAt(line).text);
  return lines;
}

/** The split record line `line` belongs to: where it starts and how it reads joined. */
function splitRecordAt(document: vscode.TextDocument, line: number): { start: number; text: string; lines: number } | undefined {
  for (let start = line; start >= Math.max(0, line - SPLIT_LOOKBACK); start--) {
    const joined = joinSplitRecord(linesFrom(document, start));
    if (joined && start + joined.lines > line) return { start, ...joined };
    if (start < line && document.lineAt(start).text.trimStart().startsWith('{')) return undefined;
  }
  return undefined;
}

export class RepairJsonActions implements vscode.CodeActionProvider {
  constructor(private readonly diagnostics: DatasetDiagnostics) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of requested(this.diagnostics.diagnostics(document.uri), range, CODES)) {
      const line = diagnostic.range.start.line;
      const repaired = repairJsonLine(document.lineAt(line).text);
      if (repaired !== undefined) {
        actions.push(lineAction(vscode.l10n.t('Repair JSON on this line'), document, line, repaired, diagnostic, true));
      } else {
        const split = splitRecordAt(document, line);
        if (!split) continue;
        const action = new vscode.CodeAction(vscode.l10n.t('Join lines {0}–{1} into one record (escape the line breaks)', split.start + 1, split.start + split.lines), vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, new vscode.Range(split.start, 0, split.start + split.lines - 1, document.lineAt(split.start + split.lines - 1).text.length), split.text);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        actions.push(action);
      }
      const all = fixAllAction((count) => vscode.l10n.t('Repair JSON on all {0} lines that can be repaired', count), document, linesWithCode(this.diagnostics.diagnostics(document.uri), CODES), (at) => repairJsonLine(document.lineAt(at).text));
      if (all) actions.push(all);
    }
    return actions;
  }
}
