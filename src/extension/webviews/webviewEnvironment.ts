import * as vscode from 'vscode';
import { PROTOCOL_VERSION, type WebviewEnvironment } from '../../protocol/webviewMessages';

/** What every webview needs to know about where it runs, sent with its `init`. */
export function webviewEnvironment(extension: vscode.ExtensionContext): WebviewEnvironment {
  const version: unknown = (extension.extension.packageJSON as Record<string, unknown>)['version'];
  return {
    protocolVersion: PROTOCOL_VERSION,
    locale: vscode.env.language,
    extensionVersion: typeof version === 'string' ? version : '0.0.0',
    workspaceName: vscode.workspace.name ?? null,
    workspaceTrusted: vscode.workspace.isTrusted,
  };
}
