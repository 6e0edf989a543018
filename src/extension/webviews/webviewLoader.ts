import type * as vscode from 'vscode';
import type { Logger } from '../../core/logger';

/** How long a shown webview may take to say `ready` after each of the (at most three) renders. */
const READY_WITHIN_MS: readonly number[] = [10_000, 15_000, 20_000];
const TICK_MS = 1000;

export interface WebviewLoaderOptions {
  readonly webview: Pick<vscode.Webview, 'html'>;
  /** For the log: "Review panel", "Dataset Health view". */
  readonly name: string;
  /** Whether the webview is on screen: a hidden one is not loading, so its wait does not count. */
  readonly isVisible: () => boolean;
  /** The HTML shell, with a fresh nonce each call. */
  readonly render: () => string;
  readonly log: Logger;
}

/**
 * Loads a webview's HTML and loads it again if its script never says `ready`. In VS Code for
 * the Web (code-server, Codespaces) a webview's script comes through a service worker that can
 * drop the request while several webviews load at once, leaving an empty view; the user would
 * have to close and reopen it. Rendering the HTML again fetches the script anew.
 */
export class WebviewLoader implements vscode.Disposable {
  private timer: NodeJS.Timeout | undefined;
  private shownMs = 0;
  private attempts = 0;
  private loadedAt = 0;
  private isReady = false;

  constructor(private readonly options: WebviewLoaderOptions) {}

  /** Whether the webview's script has said `ready` since the last load. */
  get ready(): boolean {
    return this.isReady;
  }

  /** Renders the HTML and starts waiting for `ready`. */
  load(): void {
    this.isReady = false;
    this.shownMs = 0;
    this.attempts = 0;
    this.render();
    if (this.timer === undefined) this.arm();
  }

  /**
   * A view that is not retained while hidden loads its HTML anew each time it is shown: wait
   * for its `ready` again.
   */
  shownAgain(): void {
    this.isReady = false;
    this.shownMs = 0;
    this.attempts = 0;
    this.loadedAt = performance.now();
    if (this.timer === undefined) this.arm();
  }

  /** The webview's script said `ready`. */
  markReady(): void {
    if (!this.isReady) this.options.log.debug(`${this.options.name}: the webview was ready ${Math.round(performance.now() - this.loadedAt)} ms after it was rendered`);
    this.isReady = true;
    this.stop();
  }

  dispose(): void {
    this.stop();
  }

  private render(): void {
    this.loadedAt = performance.now();
    this.options.webview.html = this.options.render();
  }

  private arm(): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.tick();
    }, TICK_MS);
  }

  private tick(): void {
    if (this.isReady) return;
    if (!this.options.isVisible()) {
      this.arm();
      return;
    }
    this.shownMs += TICK_MS;
    const limit = READY_WITHIN_MS[this.attempts] ?? 0;
    if (this.shownMs < limit) {
      this.arm();
      return;
    }
    if (this.attempts + 1 >= READY_WITHIN_MS.length) {
      this.options.log.warn(`${this.options.name}: the webview still has not loaded; close it and open it again`);
      return;
    }
    this.attempts += 1;
    this.shownMs = 0;
    this.options.log.warn(`${this.options.name}: the webview did not load within ${limit / 1000} s; loading it again (attempt ${this.attempts + 1})`);
    this.render();
    this.arm();
  }

  private stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
