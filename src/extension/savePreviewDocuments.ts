import * as vscode from 'vscode';

export const SAVE_PREVIEW_SCHEME = 'seedling-save-preview';

/**
 * Read-only documents holding the two sides of a save preview. They live in memory under
 * their own scheme, so the diff editor can show what Save would write without a byte of it
 * reaching the disk, and without a temp file that another tool could pick up.
 */
export class SavePreviewDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  /** A document with `text`, named after the output file so it gets its language and icon. */
  put(output: vscode.Uri, side: 'before' | 'after', text: string): vscode.Uri {
    const uri = vscode.Uri.from({ scheme: SAVE_PREVIEW_SCHEME, path: output.path, query: side });
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
    this.texts.clear();
  }
}
