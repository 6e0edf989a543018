import * as vscode from 'vscode';
import { ReviewSession, type ReviewServices } from './reviewSession';

export const REVIEW_SIDEBAR_VIEW_ID = 'seedling.reviewQueue';

/**
 * The Review view of the Seedling sidebar: the queue of a run's candidates, the current one
 * with its scores, reasons and flags, and the same actions and keys as the panel, while the
 * editor shows the current candidate's diff against its seed.
 */
export class ReviewSidebar implements vscode.WebviewViewProvider, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private session: ReviewSession | undefined;
  /** What to show once the view exists, when it was asked for before. */
  private wanted: { runId: string | undefined; candidateId: string | undefined } = { runId: undefined, candidateId: undefined };

  constructor(private readonly services: ReviewServices) {}

  /** The view's review, once the view has been opened. */
  get review(): ReviewSession | undefined {
    return this.session;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.session?.dispose();
    this.view = view;
    const session = new ReviewSession(
      {
        webview: view.webview,
        layout: 'sidebar',
        name: 'Review view',
        isVisible: () => view.visible,
        // The view is already called Review: its description names just the run.
        setTitle: (_title, runLabel) => {
          view.description = runLabel ?? '';
        },
      },
      this.services,
      { runId: this.wanted.runId ?? null, selectedId: this.wanted.candidateId ?? null, seedFile: null },
    );
    this.session = session;
    // The run loads now, so the view's description names it before the webview is up.
    session.showRun(this.wanted.runId, this.wanted.candidateId).catch((error: unknown) => {
      this.services.log.error(`Review view: could not load the run: ${error instanceof Error ? error.message : String(error)}`);
    });
    view.onDidChangeVisibility(() => {
      if (view.visible) session.webviewShownAgain();
    });
    view.onDidDispose(() => {
      session.dispose();
      if (this.session === session) {
        this.session = undefined;
        this.view = undefined;
      }
    });
  }

  /** Points the view at a run and candidate, if it is open; it starts there when opened later. */
  async follow(runId: string | undefined, candidateId?: string): Promise<void> {
    this.wanted = { runId, candidateId };
    if (this.session && this.view?.visible === true) await this.session.showRun(runId, candidateId);
  }

  /** Reveals the view on a run (the newest when none is given). */
  async show(runId?: string, candidateId?: string): Promise<void> {
    this.wanted = { runId, candidateId };
    await vscode.commands.executeCommand(`${REVIEW_SIDEBAR_VIEW_ID}.focus`);
    if (this.session) await this.session.showRun(runId, candidateId);
  }

  dispose(): void {
    this.session?.dispose();
  }
}
