// The judge's verdict where a dataset line is: a CodeLens above each judged line with the
// overall score and the weakest criterion, and a hover with every criterion's reason.
import * as vscode from 'vscode';
import { type KnownVerdict, weakestCriterion } from '../../core/review/verdictsByContent';
import type { Verdict } from '../../core/runs/candidateEvents';
import { appendUntrusted, appendVerdictReasons, untrustedMarkdown } from '../review/candidateDecorations';
import type { DatasetLines } from './datasetLines';
import type { LineVerdicts } from './lineVerdicts';

/** The lens of a verdict, e.g. `★ 3.2 / 5 · weakest: accuracy 2`. */
export function verdictLensText(verdict: Verdict): string {
  const weakest = weakestCriterion(verdict);
  const text = weakest ? vscode.l10n.t('★ {0} / 5 · weakest: {1} {2}', verdict.overall.toFixed(1), weakest.name, String(weakest.score)) : vscode.l10n.t('★ {0} / 5', verdict.overall.toFixed(1));
  return verdict.passed === false ? `${text} · ${vscode.l10n.t('below the pass score')}` : text;
}

function originText(known: KnownVerdict): string {
  return known.origin.kind === 'run' ? vscode.l10n.t('from run {0}, candidate {1}', known.origin.runId, known.origin.candidateId) : vscode.l10n.t('judged in the editor');
}

/**
 * Everything the judge said of a line. Reasons and critique come from an LLM, so they go in as
 * escaped text, into Markdown that runs no commands and renders no HTML.
 */
export function verdictHover(known: KnownVerdict): vscode.MarkdownString {
  const { verdict } = known;
  const hover = untrustedMarkdown();
  hover.appendMarkdown('**');
  appendUntrusted(hover, verdictLensText(verdict));
  hover.appendMarkdown('**');
  appendVerdictReasons(hover, verdict);
  hover.appendMarkdown('\n\n');
  appendUntrusted(hover, `${vscode.l10n.t('Judged by {0}', verdict.models.join(', ') || '?')} · ${originText(known)}${verdict.rubric !== undefined ? ` · ${vscode.l10n.t('rubric {0}', verdict.rubric)}` : ''}`);
  return hover;
}

export class VerdictLenses implements vscode.CodeLensProvider, vscode.HoverProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(
    private readonly lines: DatasetLines,
    private readonly verdicts: LineVerdicts,
  ) {
    this.onDidChangeCodeLenses = verdicts.onDidChange;
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!this.lines.isDataset(document)) return [];
    await this.verdicts.ready();
    if (this.verdicts.size === 0) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const { line, record } of this.lines.records(document)) {
      const known = this.verdicts.verdictForHash(record.contentHash);
      if (!known) continue;
      // No command: the lens is a label; the hover and the quick fixes do the rest.
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: verdictLensText(known.verdict), tooltip: vscode.l10n.t('Hover over the line for every criterion’s reason'), command: '' }));
    }
    return lenses;
  }

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!this.lines.isDataset(document)) return undefined;
    const record = this.lines.lineAt(document, position.line);
    if (!record) return undefined;
    await this.verdicts.ready();
    const known = this.verdicts.verdictForHash(record.contentHash);
    return known ? new vscode.Hover(verdictHover(known), document.lineAt(position.line).range) : undefined;
  }
}
