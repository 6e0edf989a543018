// A new version of a dataset line, shown before anything changes: VS Code's diff editor on two
// read-only in-memory documents (the line as it is, the proposal), pretty-printed so the diff
// shows which fields changed. Apply replaces the line in one edit, so Undo takes it back.
import { basename } from 'node:path';
import * as vscode from 'vscode';
import type { Sample } from '../../core/model/sample';
import type { Verdict } from '../../core/runs/candidateEvents';
import type { LineVerdicts } from './lineVerdicts';
import { verdictLensText } from './verdictLenses';

export const LINE_PROPOSAL_SCHEME = 'seedling-line-proposal';

export type LineProposalMode = 'rewrite' | 'regenerate';

export interface LineProposalRequest {
  readonly document: vscode.TextDocument;
  /** 0-based. */
  readonly line: number;
  readonly mode: LineProposalMode;
  /** The line's text the proposal was made from: Apply refuses when the line is no longer this. */
  readonly originalText: string;
  /** The new line, in the line's own record format. */
  readonly proposedText: string;
  readonly sample: Sample;
  readonly verdict?: Verdict;
}

export interface LineProposal extends LineProposalRequest {
  readonly id: string;
  readonly before: vscode.Uri;
  readonly after: vscode.Uri;
}

/** A line's JSON laid out over several lines, so the diff shows field by field; the line itself when it is not JSON. */
function readable(line: string): string {
  try {
    return `${JSON.stringify(JSON.parse(line), null, 2)}\n`;
  } catch {
    return `${line}\n`;
  }
}

export class LineProposals implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly proposals = new Map<string, LineProposal>();
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private count = 0;
  /** The proposal shown last: what Apply and Discard act on when no diff names one. */
  private latest: string | undefined;

  constructor(private readonly verdicts: LineVerdicts) {}

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  /** Opens the diff of a proposal and offers Apply / Discard; resolves with the proposal once the diff shows. */
  async show(request: LineProposalRequest): Promise<LineProposal> {
    const id = `p${++this.count}`;
    const name = basename(request.document.uri.fsPath);
    const side = (which: string): vscode.Uri => vscode.Uri.from({ scheme: LINE_PROPOSAL_SCHEME, path: `/${id}/${which}/${name}.json` });
    const proposal: LineProposal = { ...request, id, before: side('now'), after: side(request.mode) };
    this.texts.set(proposal.before.toString(), readable(request.originalText));
    this.texts.set(proposal.after.toString(), readable(request.proposedText));
    this.proposals.set(id, proposal);
    this.latest = id;
    const score = request.verdict ? verdictLensText(request.verdict) : vscode.l10n.t('not judged');
    const what = request.mode === 'rewrite' ? vscode.l10n.t('rewrite with critique') : vscode.l10n.t('regenerated from seed');
    const title = vscode.l10n.t('{0}:{1} now ↔ {2} ({3})', name, String(request.line + 1), what, score);
    await vscode.commands.executeCommand('vscode.diff', proposal.before, proposal.after, title, { preview: true });
    const apply = vscode.l10n.t('Apply');
    const discard = vscode.l10n.t('Discard');
    void vscode.window.showInformationMessage(vscode.l10n.t('Line {0}: {1}. Apply it to the file?', String(request.line + 1), score), apply, discard).then((choice) => {
      if (choice === apply) void this.apply(id);
      else if (choice === discard) void this.discard(id);
    });
    return proposal;
  }

  /** The proposal a diff document belongs to, or the latest when none is named. */
  find(target?: vscode.Uri | string): LineProposal | undefined {
    if (typeof target === 'string') return this.proposals.get(target);
    const id = target?.scheme === LINE_PROPOSAL_SCHEME ? target.path.split('/')[1] : this.latest;
    return id !== undefined ? this.proposals.get(id) : undefined;
  }

  /**
   * Replaces the line with the proposal as one edit (Ctrl+Z undoes it), and keeps the
   * proposal's verdict for its content. Refuses, changing nothing, when the line is no longer
   * what the proposal was made from.
   */
  async apply(target?: vscode.Uri | string): Promise<boolean> {
    const proposal = this.find(target);
    if (!proposal) {
      void vscode.window.showInformationMessage(vscode.l10n.t('There is no proposal to apply: it was applied or discarded already.'));
      return false;
    }
    const { line } = proposal;
    // The editor may have been closed meanwhile: the file as VS Code has it now is what counts.
    const document = proposal.document.isClosed ? await vscode.workspace.openTextDocument(proposal.document.uri) : proposal.document;
    if (line >= document.lineCount || document.lineAt(line).text !== proposal.originalText) {
      void vscode.window.showWarningMessage(vscode.l10n.t('Line {0} of {1} changed since the proposal was made, so it was not applied. Ask for a new proposal.', String(line + 1), basename(document.uri.fsPath)));
      return false;
    }
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, document.lineAt(line).range, proposal.proposedText);
    if (!(await vscode.workspace.applyEdit(edit))) {
      void vscode.window.showErrorMessage(vscode.l10n.t('VS Code did not apply the edit to {0}; the file is unchanged. Try again.', basename(document.uri.fsPath)));
      return false;
    }
    await this.close(proposal);
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    if (proposal.verdict && folder) await this.verdicts.record(folder, proposal.sample, proposal.verdict);
    await vscode.window.showTextDocument(document, { selection: new vscode.Range(line, 0, line, 0), preview: false });
    return true;
  }

  /** Drops a proposal and its diff; the file was never touched. */
  async discard(target?: vscode.Uri | string): Promise<boolean> {
    const proposal = this.find(target);
    if (!proposal) return false;
    await this.close(proposal);
    return true;
  }

  private async close(proposal: LineProposal): Promise<void> {
    this.proposals.delete(proposal.id);
    if (this.latest === proposal.id) this.latest = undefined;
    const tabs = vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.input instanceof vscode.TabInputTextDiff && tab.input.modified.toString() === proposal.after.toString());
    if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
    this.texts.delete(proposal.before.toString());
    this.texts.delete(proposal.after.toString());
  }

  dispose(): void {
    this.changed.dispose();
    this.proposals.clear();
    this.texts.clear();
  }
}
