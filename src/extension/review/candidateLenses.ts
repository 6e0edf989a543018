import * as vscode from 'vscode';
import type { CandidatesDocuments } from './candidatesDocument';

export const ACCEPT_CANDIDATE_COMMAND = 'seedling.acceptCandidate';
export const REJECT_CANDIDATE_COMMAND = 'seedling.rejectCandidate';
/** Registered by the fix-with-critique feature; the lens only calls it. */
export const FIX_CANDIDATE_COMMAND = 'seedling.fixCandidate';

/** Accept / Reject / Fix with critique above every candidate line of the candidates diff. */
export class CandidateLenses implements vscode.CodeLensProvider {
  readonly onDidChangeCodeLenses: vscode.Event<void>;

  constructor(private readonly documents: CandidatesDocuments) {
    // A new build can move every line: the lenses follow each one.
    this.onDidChangeCodeLenses = (listener, thisArgs, disposables) =>
      documents.onDidBuild(
        () => {
          listener.call(thisArgs);
        },
        undefined,
        disposables,
      );
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const view = this.documents.viewFor(document);
    if (!view) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const [line, id] of view.candidateByLine) {
      const state = view.states.get(id);
      if (!state || line >= document.lineCount) continue;
      const range = new vscode.Range(line, 0, line, 0);
      const target = [view.runId, id];
      if (state.status !== 'accepted') {
        lenses.push(new vscode.CodeLens(range, { title: `$(check) ${vscode.l10n.t('Accept')}`, tooltip: vscode.l10n.t('Accept candidate {0}', id), command: ACCEPT_CANDIDATE_COMMAND, arguments: target }));
      }
      lenses.push(new vscode.CodeLens(range, { title: `$(close) ${vscode.l10n.t('Reject')}`, tooltip: vscode.l10n.t('Reject candidate {0}', id), command: REJECT_CANDIDATE_COMMAND, arguments: target }));
      if (state.verdict?.critique !== undefined && state.verdict.critique.trim() !== '') {
        lenses.push(new vscode.CodeLens(range, { title: `$(wand) ${vscode.l10n.t('Fix with critique')}`, tooltip: vscode.l10n.t('Rewrite candidate {0} with the judge’s critique', id), command: FIX_CANDIDATE_COMMAND, arguments: target }));
      }
    }
    return lenses;
  }
}
