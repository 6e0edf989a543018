import * as vscode from 'vscode';
import {
  type HostToReviewMessage,
  parseMessage,
  type ParsedMessage,
  type ReviewToHostMessage,
  reviewToHostMessage,
} from '../../protocol/webviewMessages';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { listWorkspaceRuns } from '../workspaceRuns';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const REVIEW_VIEW_TYPE = 'seedling.review';

/** What the panel keeps across a window reload (VS Code stores it with the webview). */
interface ReviewPanelState {
  readonly seedFile: string | null;
}

/** The Review panel: one per window, revealed again when asked for twice. */
export class ReviewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private seedFile: string | null;
  private readonly disposeListeners = new Set<() => void>();

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly context: vscode.ExtensionContext,
    private readonly log: OutputChannelLogger,
    state: ReviewPanelState,
  ) {
    this.seedFile = state.seedFile;
    panel.iconPath = vscode.Uri.joinPath(context.extensionUri, 'media', 'seedling.svg');
    panel.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewResourceRoots(context.extensionUri),
    };
    panel.webview.html = renderWebviewHtml({
      webview: panel.webview,
      extensionUri: context.extensionUri,
      view: 'review',
      title: panel.title,
      language: vscode.env.language,
    });
    this.disposables.push(
      panel.webview.onDidReceiveMessage((raw: unknown) => {
        void this.receive(raw);
      }),
      panel.onDidDispose(() => {
        this.dispose();
      }),
    );
  }

  /** Points the panel at another seed file and refreshes what it shows. */
  async showSeed(seedFile: string | null): Promise<void> {
    this.seedFile = seedFile;
    await this.sendInit();
  }

  /**
   * Handles one message from the webview. Anything that is not a valid message from
   * src/protocol is rejected and logged, and nothing runs.
   */
  async receive(raw: unknown): Promise<ParsedMessage<ReviewToHostMessage>> {
    const parsed = parseMessage(reviewToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`Review panel: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return parsed;
    }
    const message = parsed.message;
    this.log.debug(`Review panel: received ${message.type}`);
    switch (message.type) {
      case 'ready':
        await this.sendInit();
        break;
      case 'requestGenerate':
        await vscode.commands.executeCommand('seedling.generateSamples');
        break;
    }
    return parsed;
  }

  onDidDispose(listener: () => void): void {
    this.disposeListeners.add(listener);
  }

  dispose(): void {
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
    for (const listener of this.disposeListeners) listener();
    this.disposeListeners.clear();
  }

  private async sendInit(): Promise<void> {
    const message: HostToReviewMessage = {
      type: 'init',
      environment: webviewEnvironment(this.context),
      runs: await listWorkspaceRuns(this.log),
      seedFile: this.seedFile,
    };
    await this.panel.webview.postMessage(message);
    this.log.debug(`Review panel: sent init (${message.runs.length} runs)`);
  }
}

/** Owns the one Review panel of the window and restores it after a reload. */
export class ReviewPanels implements vscode.WebviewPanelSerializer<ReviewPanelState>, vscode.Disposable {
  private current: ReviewPanel | undefined;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: OutputChannelLogger,
  ) {}

  get panel(): ReviewPanel | undefined {
    return this.current;
  }

  /** Opens the Review panel, or reveals it, showing the given seed file's runs. */
  async show(seedFile: string | null = null): Promise<ReviewPanel> {
    if (this.current) {
      this.current.panel.reveal();
      if (seedFile !== null) await this.current.showSeed(seedFile);
      return this.current;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_VIEW_TYPE, vscode.l10n.t('Seedling Review'), vscode.ViewColumn.Active, {
      retainContextWhenHidden: true,
    });
    return this.adopt(panel, { seedFile });
  }

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const seedFile = typeof state === 'object' && state !== null && typeof (state as Record<string, unknown>)['seedFile'] === 'string'
      ? ((state as Record<string, unknown>)['seedFile'] as string)
      : null;
    this.log.info('Review panel: restored after reload');
    this.adopt(panel, { seedFile });
    return Promise.resolve();
  }

  dispose(): void {
    this.current?.dispose();
  }

  private adopt(panel: vscode.WebviewPanel, state: ReviewPanelState): ReviewPanel {
    const review = new ReviewPanel(panel, this.context, this.log, state);
    this.current = review;
    review.onDidDispose(() => {
      if (this.current === review) this.current = undefined;
    });
    return review;
  }
}
