import * as vscode from 'vscode';
import { ReviewSession, type ReviewServices, type ReviewState } from './reviewSession';

export const REVIEW_VIEW_TYPE = 'seedling.review';

/** The Review panel of one run: one per window, revealed again when asked for twice. */
export class ReviewPanel extends ReviewSession {
  constructor(
    readonly panel: vscode.WebviewPanel,
    services: ReviewServices,
    state: ReviewState,
  ) {
    super(
      {
        webview: panel.webview,
        layout: 'panel',
        name: 'Review panel',
        isVisible: () => panel.visible,
        setTitle: (title) => {
          panel.title = title;
        },
      },
      services,
      state,
    );
    panel.iconPath = vscode.Uri.joinPath(services.context.extensionUri, 'media', 'seedling.svg');
    const closed = panel.onDidDispose(() => {
      closed.dispose();
      this.dispose();
    });
  }

  override dispose(): void {
    super.dispose();
    this.panel.dispose();
  }
}

function restoredState(state: unknown): ReviewState {
  const record = typeof state === 'object' && state !== null ? (state as Record<string, unknown>) : {};
  const text = (key: string): string | null => (typeof record[key] === 'string' ? record[key] : null);
  return { runId: text('runId'), selectedId: text('selectedId'), seedFile: text('seedFile') };
}

/** Owns the one Review panel of the window and restores it after a reload. */
export class ReviewPanels implements vscode.WebviewPanelSerializer, vscode.Disposable {
  private current: ReviewPanel | undefined;

  constructor(private readonly services: ReviewServices) {}

  get panel(): ReviewPanel | undefined {
    return this.current;
  }

  /** Opens the Review panel, or reveals it, on a run (the newest when none is given) and a candidate. */
  async show(runId?: string, candidateId?: string): Promise<ReviewPanel> {
    if (this.current) {
      this.current.panel.reveal();
      if (runId !== undefined) await this.current.showRun(runId, candidateId);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, vscode.l10n.t('Seedling Review'), vscode.ViewColumn.Active, {
      retainContextWhenHidden: true,
    });
    const review = this.adopt(panel, { runId: runId ?? null, selectedId: candidateId ?? null, seedFile: null });
    // The title names the run as soon as it is known, before the webview asks.
    await review.showRun(runId, candidateId);
    return review;
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    this.services.log.info('Review panel: restored after reload');
    this.adopt(panel, restoredState(state));
    return Promise.resolve();
  }

  dispose(): void {
    this.current?.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: ReviewState): ReviewPanel {
    const review = new ReviewPanel(panel, this.services, state);
    this.current = review;
    review.onDidDispose(() => {
      if (this.current === review) this.current = undefined;
    });
    return review;
  }
}
