import * as vscode from 'vscode';
import { weakestCriterion } from '../../core/review/verdictsByContent';
import type { CandidateState, CandidateStatus } from '../../core/runs/candidateState';
import type { Flag, Verdict } from '../../core/runs/candidateEvents';
import { CANDIDATES_SCHEME, type CandidatesDocuments } from './candidatesDocument';

export function candidateStatusLabel(status: CandidateStatus): string {
  switch (status) {
    case 'pending':
      return vscode.l10n.t('pending');
    case 'accepted':
      return vscode.l10n.t('accepted');
    case 'rejected':
      return vscode.l10n.t('rejected');
    case 'failed':
      return vscode.l10n.t('failed');
  }
}

function isWarning(flag: Flag): boolean {
  return flag.severity !== 'info';
}

/** What follows a candidate's line: overall score, status and weakest criterion, e.g. `★ 7.5 · pending · weakest: accuracy 5`. */
export function candidateDecorationText(state: CandidateState): string {
  const status = candidateStatusLabel(state.status);
  const verdict = state.verdict;
  let text: string;
  if (!verdict) {
    text = vscode.l10n.t('not judged · {0}', status);
  } else {
    const weakest = weakestCriterion(verdict);
    text = weakest
      ? vscode.l10n.t('★ {0} · {1} · weakest: {2} {3}', verdict.overall.toFixed(1), status, weakest.name, String(weakest.score))
      : vscode.l10n.t('★ {0} · {1}', verdict.overall.toFixed(1), status);
  }
  const warnings = state.flags.filter(isWarning).length;
  return warnings > 0 ? `${text} · ⚠ ${warnings}` : text;
}

/**
 * Appends untrusted text as text. appendText escapes Markdown but leaves `<` and `&`: as
 * entities they show as themselves and can never open a tag.
 */
export function appendUntrusted(markdown: vscode.MarkdownString, text: string): void {
  markdown.appendText(text.replace(/&/g, '&amp;').replace(/</g, '&lt;'));
}

/** Markdown for text that came from an LLM or a dataset: it runs no commands and renders no HTML. */
export function untrustedMarkdown(): vscode.MarkdownString {
  const markdown = new vscode.MarkdownString();
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  markdown.supportThemeIcons = false;
  return markdown;
}

/** Every criterion's score and reason, then the critique, each as escaped text. */
export function appendVerdictReasons(markdown: vscode.MarkdownString, verdict: Verdict): void {
  for (const criterion of verdict.criteria) {
    markdown.appendMarkdown('\n\n');
    appendUntrusted(markdown, `${criterion.name} ${String(criterion.score)}: ${criterion.reason}`);
  }
  if (verdict.critique !== undefined && verdict.critique.trim() !== '') {
    markdown.appendMarkdown(`\n\n**${vscode.l10n.t('Critique')}:** `);
    appendUntrusted(markdown, verdict.critique);
  }
}

/**
 * Everything the judge and the checks said of a candidate. Its texts come from an LLM and the
 * seed file, so they go in as escaped text into a Markdown string that runs no commands and
 * renders no HTML.
 */
export function candidateHover(state: CandidateState): vscode.MarkdownString {
  const hover = untrustedMarkdown();
  const verdict = state.verdict;
  hover.appendMarkdown('**');
  appendUntrusted(hover, state.id);
  hover.appendMarkdown('** · ');
  appendUntrusted(hover, verdict ? `${candidateStatusLabel(state.status)} · ★ ${verdict.overall.toFixed(1)}` : candidateDecorationText(state));
  if (state.decisionReason !== undefined) appendUntrusted(hover, ` (${state.decisionReason})`);
  if (verdict) {
    appendVerdictReasons(hover, verdict);
    if (verdict.models.length > 0) {
      hover.appendMarkdown('\n\n');
      appendUntrusted(hover, vscode.l10n.t('Judged by {0}', verdict.models.join(', ')));
    }
  }
  for (const flag of state.flags) {
    hover.appendMarkdown(`\n\n${flag.severity === 'info' ? 'ℹ' : '⚠'} `);
    appendUntrusted(hover, `${flag.code}: ${flag.message}`);
    if (flag.otherId !== undefined) appendUntrusted(hover, ` (${vscode.l10n.t('the other sample: {0}', flag.otherId)})`);
  }
  return hover;
}

/**
 * Draws each candidate's scores after its line in the candidates diff, marks accepted lines in
 * the gutter border and overview ruler, and answers hovers there with the judge's reasons.
 */
export class CandidateDecorations implements vscode.HoverProvider, vscode.Disposable {
  private readonly scores = vscode.window.createTextEditorDecorationType({
    after: { color: new vscode.ThemeColor('editorCodeLens.foreground'), margin: '0 0 0 2em' },
    rangeBehavior: vscode.DecorationRangeBehavior.ClosedClosed,
  });
  private readonly accepted = vscode.window.createTextEditorDecorationType({
    isWholeLine: true,
    borderStyle: 'solid',
    borderWidth: '0 0 0 2px',
    borderColor: new vscode.ThemeColor('testing.iconPassed'),
    overviewRulerColor: new vscode.ThemeColor('testing.iconPassed'),
    overviewRulerLane: vscode.OverviewRulerLane.Left,
  });
  /** The text drawn after each line, by document URI (one per run at most): what tests read. */
  private readonly drawnText = new Map<string, ReadonlyMap<number, string>>();
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly documents: CandidatesDocuments) {
    this.subscriptions = [
      documents.onDidBuild((uri) => {
        this.drawOn(uri);
      }),
      vscode.workspace.onDidChangeTextDocument((event) => {
        this.drawOn(event.document.uri);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) this.draw(editor);
      }),
    ];
  }

  /** Line → the text drawn after it, on a candidates document. */
  drawnOn(uri: vscode.Uri): ReadonlyMap<number, string> | undefined {
    return this.drawnText.get(uri.toString());
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const view = this.documents.viewFor(document);
    const id = view?.candidateByLine.get(position.line);
    const state = id !== undefined ? view?.states.get(id) : undefined;
    return state ? new vscode.Hover(candidateHover(state), document.lineAt(position.line).range) : undefined;
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.scores.dispose();
    this.accepted.dispose();
  }

  private drawOn(uri: vscode.Uri): void {
    if (uri.scheme !== CANDIDATES_SCHEME) return;
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === uri.toString()) this.draw(editor);
  }

  private draw(editor: vscode.TextEditor): void {
    const document = editor.document;
    if (document.uri.scheme !== CANDIDATES_SCHEME) return;
    const view = this.documents.viewFor(document);
    if (!view) return;
    const scores: vscode.DecorationOptions[] = [];
    const accepted: vscode.Range[] = [];
    const drawn = new Map<number, string>();
    for (const [line, id] of view.candidateByLine) {
      const state = view.states.get(id);
      if (!state || line >= document.lineCount) continue;
      const end = document.lineAt(line).range.end;
      const text = candidateDecorationText(state);
      drawn.set(line, text);
      scores.push({ range: new vscode.Range(end, end), renderOptions: { after: { contentText: text } } });
      if (state.status === 'accepted') accepted.push(new vscode.Range(line, 0, line, 0));
    }
    editor.setDecorations(this.scores, scores);
    editor.setDecorations(this.accepted, accepted);
    this.drawnText.set(document.uri.toString(), drawn);
  }
}
