import * as vscode from 'vscode';
import { type HostToHealthMessage, healthToHostMessage, parseMessage } from '../../protocol/webviewMessages';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';

export const DATASET_HEALTH_VIEW_ID = 'seedling.datasetHealth';

/** The Dataset Health view in the Seedling sidebar. */
export class DatasetHealthView implements vscode.WebviewViewProvider {
  private view: vscode.WebviewView | undefined;
  private subject: string | null = null;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: OutputChannelLogger,
  ) {}

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewResourceRoots(this.context.extensionUri),
    };
    view.webview.html = renderWebviewHtml({
      webview: view.webview,
      extensionUri: this.context.extensionUri,
      view: 'health',
      title: vscode.l10n.t('Dataset Health'),
      language: vscode.env.language,
    });
    view.webview.onDidReceiveMessage((raw: unknown) => {
      void this.receive(raw);
    });
    view.onDidDispose(() => {
      if (this.view === view) this.view = undefined;
    });
  }

  private async receive(raw: unknown): Promise<void> {
    const parsed = parseMessage(healthToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`Dataset Health view: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return;
    }
    // `ready` is the only message this view sends so far.
    await this.sendInit();
  }

  private async sendInit(): Promise<void> {
    if (!this.view) return;
    const message: HostToHealthMessage = {
      type: 'init',
      environment: webviewEnvironment(this.context),
      subject: this.subject,
    };
    await this.view.webview.postMessage(message);
  }
}
