import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { WebviewKind } from '../../protocol/webviewMessages';

/** Folders a Seedling webview may load from; nothing else is reachable. */
export function webviewResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media')];
}

/** A fresh nonce for every render: scripts run only if they carry it. */
export function createNonce(): string {
  return randomBytes(18).toString('base64');
}

/**
 * The HTML shell of a Seedling webview: a strict CSP (nothing by default, scripts only by
 * nonce, styles and fonts only from the extension), one stylesheet, one script. All data
 * arrives later as messages and is rendered as text.
 */
export function renderWebviewHtml(options: {
  webview: vscode.Webview;
  extensionUri: vscode.Uri;
  view: WebviewKind;
  title: string;
  language: string;
  /** Where the view sits, for views shown in two places (the Review panel and the sidebar's Review view). */
  layout?: 'panel' | 'sidebar';
}): string {
  const { webview, extensionUri, view } = options;
  const nonce = createNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview', `${view}.js`));
  const style = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'webview.css'));
  const csp = [
    "default-src 'none'",
    `img-src ${webview.cspSource} data:`,
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="${escapeAttribute(options.language)}">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeAttribute(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeAttribute(style.toString())}">
<title>${escapeText(options.title)}</title>
</head>
<body data-view="${escapeAttribute(view)}"${options.layout !== undefined ? ` data-layout="${escapeAttribute(options.layout)}"` : ''}>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${escapeAttribute(script.toString())}"></script>
</body>
</html>`;
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function escapeAttribute(value: string): string {
  // Attributes are always double-quoted, so single quotes (the CSP's 'none') stay as they are.
  return escapeText(value).replace(/"/g, '&quot;');
}
