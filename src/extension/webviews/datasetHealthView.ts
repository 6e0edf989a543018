import * as vscode from 'vscode';
import {
  type HealthErrorMessage,
  type HealthLoadingMessage,
  type HealthReportMessage,
  type HostToHealthMessage,
  healthToHostMessage,
  hostToHealthMessage,
  type ParsedMessage,
  parseMessage,
  type HealthToHostMessage,
} from '../../protocol/webviewMessages';
import type { HealthPresenter, HealthTask } from '../datasetHealth';
import type { OutputChannelLogger } from '../outputChannelLogger';
import { webviewEnvironment } from './webviewEnvironment';
import { renderWebviewHtml, webviewResourceRoots } from './webviewHtml';
import { WebviewLoader } from './webviewLoader';

export const DATASET_HEALTH_VIEW_ID = 'seedling.datasetHealth';

/** What the view is showing: computing, the figures, or why there are none. */
export type HealthState = HealthLoadingMessage | HealthReportMessage | HealthErrorMessage;

/**
 * The Dataset Health view in the Seedling sidebar. It shows one subject at a time (a dataset
 * file or a run); asking for another abandons the computation under way.
 */
export class DatasetHealthView implements vscode.WebviewViewProvider, HealthPresenter, vscode.Disposable {
  private view: vscode.WebviewView | undefined;
  private loader: WebviewLoader | undefined;
  private task: HealthTask | undefined;
  private current: HealthState | undefined;
  private computation: AbortController | undefined;
  private settled: Promise<void> = Promise.resolve();

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly log: OutputChannelLogger,
  ) {}

  /** What the view shows now (or would show once it is opened). */
  get state(): HealthState | undefined {
    return this.current;
  }

  /** The view's webview, once it has been opened (tests read its HTML and options). */
  get webview(): vscode.Webview | undefined {
    return this.view?.webview;
  }

  /** Settles when the latest computation has finished (for tests). */
  whenSettled(): Promise<void> {
    return this.settled;
  }

  resolveWebviewView(view: vscode.WebviewView): void {
    this.view = view;
    view.webview.options = {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: webviewResourceRoots(this.context.extensionUri),
    };
    this.loader?.dispose();
    const loader = new WebviewLoader({
      webview: view.webview,
      name: 'Dataset Health view',
      isVisible: () => view.visible,
      render: () => renderWebviewHtml({ webview: view.webview, extensionUri: this.context.extensionUri, view: 'health', title: vscode.l10n.t('Dataset Health'), language: vscode.env.language }),
      log: this.log,
    });
    this.loader = loader;
    loader.load();
    view.webview.onDidReceiveMessage((raw: unknown) => {
      void this.receive(raw);
    });
    view.onDidChangeVisibility(() => {
      if (view.visible) loader.shownAgain();
    });
    view.onDidDispose(() => {
      loader.dispose();
      if (this.view === view) {
        this.view = undefined;
        this.loader = undefined;
      }
    });
  }

  /** Reveals the view and computes what it shows for `task`. Resolves when the figures are shown. */
  async show(task: HealthTask): Promise<void> {
    this.task = task;
    const computed = this.compute(task);
    await this.reveal();
    await computed;
  }

  /** Handles one message from the webview; the result says whether it was accepted. */
  async receive(raw: unknown): Promise<ParsedMessage<HealthToHostMessage>> {
    const parsed = parseMessage(healthToHostMessage, raw);
    if (!parsed.ok) {
      this.log.warn(`Dataset Health view: rejected a webview message (${parsed.reason}): ${parsed.detail}`);
      return parsed;
    }
    switch (parsed.message.type) {
      case 'ready':
        this.loader?.markReady();
        await this.sendInit();
        if (this.current) await this.post(this.current);
        break;
      case 'refreshHealth':
        if (this.task) await this.compute(this.task);
        break;
    }
    return parsed;
  }

  dispose(): void {
    this.loader?.dispose();
    this.computation?.abort();
  }

  private async reveal(): Promise<void> {
    try {
      await vscode.commands.executeCommand(`${DATASET_HEALTH_VIEW_ID}.focus`);
    } catch (error: unknown) {
      this.log.warn(`Dataset Health view: could not reveal the view: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private compute(task: HealthTask): Promise<void> {
    this.computation?.abort();
    const computation = new AbortController();
    this.computation = computation;
    const run = async (): Promise<void> => {
      const started = performance.now();
      await this.publish({ type: 'healthLoading', subject: task.subject });
      let result: HealthReportMessage | HealthErrorMessage;
      try {
        result = await task.run(computation.signal);
      } catch (error: unknown) {
        if (computation.signal.aborted) return; // another subject was asked for
        const detail = error instanceof Error ? error.message : String(error);
        this.log.error(`Dataset Health: computing ${task.subject.kind} ${task.subject.name} failed: ${error instanceof Error && error.stack ? error.stack : detail}`);
        result = { type: 'healthError', subject: task.subject, message: vscode.l10n.t('The health of {0} could not be computed: {1}', task.subject.name, detail) };
      }
      if (computation.signal.aborted) return;
      const elapsed = (performance.now() - started).toFixed(0);
      if (result.type === 'healthReport') this.log.info(`Dataset Health: ${task.subject.kind} ${task.subject.name}, ${result.records} records, in ${elapsed} ms`);
      else this.log.info(`Dataset Health: ${task.subject.kind} ${task.subject.name} cannot be shown: ${result.message}`);
      await this.publish(result);
    };
    const done = run();
    this.settled = done;
    return done;
  }

  /** Remembers the state (to answer a reloaded webview) and sends it if the view is open. */
  private async publish(state: HealthState): Promise<void> {
    // Checked against the protocol before it leaves, as the webview will check it on arrival.
    const checked = parseMessage(hostToHealthMessage, state);
    if (!checked.ok) {
      this.log.error(`Dataset Health: refused to send an invalid ${state.type} (${checked.reason}): ${checked.detail}`);
      this.current = { type: 'healthError', subject: state.subject, message: vscode.l10n.t('The health of {0} could not be computed: {1}', state.subject.name, checked.detail) };
    } else {
      this.current = state;
    }
    await this.post(this.current);
  }

  private async sendInit(): Promise<void> {
    await this.post({
      type: 'init',
      environment: webviewEnvironment(this.context),
      subject: this.current?.subject.name ?? null,
    });
  }

  private async post(message: HostToHealthMessage): Promise<void> {
    if (!this.view) return;
    const delivered = await this.view.webview.postMessage(message);
    this.log.debug(`Dataset Health view: sent ${message.type}${delivered ? '' : ' (not delivered: the view is not loaded yet)'}`);
  }
}
