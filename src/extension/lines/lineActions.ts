// The LLM quick fixes offered on a dataset line (lightbulb and Ctrl+.): judge it, rewrite it
// with the judge's critique, and, when it came from a run, regenerate it from its seeds. Each
// runs a command, since each asks a model and shows its progress.
import * as vscode from 'vscode';
import type { DatasetLines } from './datasetLines';
import type { LineVerdicts } from './lineVerdicts';

export const JUDGE_LINE_COMMAND = 'seedling.judgeLine';
export const REWRITE_LINE_COMMAND = 'seedling.rewriteLine';
export const REGENERATE_LINE_COMMAND = 'seedling.regenerateLine';

export class LineActions implements vscode.CodeActionProvider {
  static readonly kind = vscode.CodeActionKind.QuickFix.append('seedling.line');
  static readonly kinds = [LineActions.kind];

  constructor(
    private readonly lines: DatasetLines,
    private readonly verdicts: LineVerdicts,
  ) {}

  async provideCodeActions(document: vscode.TextDocument, range: vscode.Range): Promise<vscode.CodeAction[]> {
    if (!this.lines.isDataset(document)) return [];
    const line = range.start.line;
    const record = this.lines.lineAt(document, line);
    if (!record) return [];
    await this.verdicts.ready();
    const args = [document.uri, line];
    const action = (title: string, command: string): vscode.CodeAction => {
      const made = new vscode.CodeAction(title, LineActions.kind);
      made.command = { title, command, arguments: args };
      return made;
    };
    const known = this.verdicts.verdictForHash(record.contentHash);
    const actions = [action(known ? vscode.l10n.t('Judge This Line Again') : vscode.l10n.t('Judge This Line'), JUDGE_LINE_COMMAND), action(vscode.l10n.t('Rewrite with Critique'), REWRITE_LINE_COMMAND)];
    if (this.verdicts.candidateFor(record.contentHash)) actions.push(action(vscode.l10n.t('Regenerate from Seed'), REGENERATE_LINE_COMMAND));
    return actions;
  }
}
