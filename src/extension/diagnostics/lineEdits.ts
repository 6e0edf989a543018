// Edits of whole dataset lines, shared by the quick fixes: a line replaced, a line removed
// with its line break, and one "fix all" action over many lines in a single undoable edit.
import * as vscode from 'vscode';

/** What a fix does to a line: new text, `null` to remove it, undefined when it cannot help. */
export type LineChange = string | null | undefined;

export function applyLineChange(edit: vscode.WorkspaceEdit, document: vscode.TextDocument, line: number, change: string | null, previousRemoved = false): void {
  const range = document.lineAt(line).range;
  if (change !== null || (previousRemoved && line + 1 >= document.lineCount)) {
    // A last line whose neighbour goes too keeps its place as a blank line: the two removals would overlap.
    if (change === null) {
      edit.delete(document.uri, range);
      return;
    }
    edit.replace(document.uri, range, change);
    return;
  }
  // The line goes with its line break: the one after it, or the one before the last line.
  if (line + 1 < document.lineCount) edit.delete(document.uri, new vscode.Range(line, 0, line + 1, 0));
  else if (line > 0) edit.delete(document.uri, new vscode.Range(line - 1, document.lineAt(line - 1).text.length, line, range.end.character));
  else edit.delete(document.uri, range);
}

/** A quick fix changing one line. */
export function lineAction(title: string, document: vscode.TextDocument, line: number, change: string | null, diagnostic: vscode.Diagnostic, preferred = false): vscode.CodeAction {
  const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  applyLineChange(action.edit, document, line, change);
  action.diagnostics = [diagnostic];
  action.isPreferred = preferred;
  return action;
}

/**
 * One quick fix changing every line `change` can fix, or undefined when fewer than two can:
 * a single edit, so one Undo puts the whole file back.
 */
export function fixAllAction(title: (count: number) => string, document: vscode.TextDocument, lines: Iterable<number>, change: (line: number) => LineChange): vscode.CodeAction | undefined {
  const edit = new vscode.WorkspaceEdit();
  let count = 0;
  const removed = new Set<number>();
  for (const line of [...new Set(lines)].sort((a, b) => a - b)) {
    const changed = change(line);
    if (changed === undefined) continue;
    applyLineChange(edit, document, line, changed, removed.has(line - 1));
    if (changed === null) removed.add(line);
    count++;
  }
  if (count < 2) return undefined;
  const action = new vscode.CodeAction(title(count), vscode.CodeActionKind.QuickFix);
  action.edit = edit;
  return action;
}

/** Lines of a document holding a Seedling diagnostic with one of these codes. */
export function linesWithCode(diagnostics: readonly vscode.Diagnostic[], codes: readonly string[]): number[] {
  return diagnostics.filter((d) => d.source === 'Seedling' && typeof d.code === 'string' && codes.includes(d.code)).map((d) => d.range.start.line);
}

/**
 * The Seedling diagnostics with one of these codes on the lines of a code action request:
 * Ctrl+. anywhere on a line offers that line's fixes, not only on the squiggle itself.
 */
export function requested(shown: readonly vscode.Diagnostic[], range: vscode.Range, codes: readonly string[]): vscode.Diagnostic[] {
  return shown.filter((d) => d.source === 'Seedling' && typeof d.code === 'string' && codes.includes(d.code) && d.range.start.line >= range.start.line && d.range.start.line <= range.end.line);
}
