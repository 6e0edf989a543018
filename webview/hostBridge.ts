// The webview's end of the channel to the extension: typed messages from src/protocol,
// validated on arrival like on the extension's side.
import { type MessageSet, parseMessage, PROTOCOL_VERSION, type WebviewKind } from '../src/protocol/webviewMessages';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export interface HostBridge<Outbound> {
  post(message: Outbound): void;
  /** State VS Code keeps for this webview across reloads. */
  getState(): unknown;
  setState(state: unknown): void;
}

/**
 * Connects to the extension: listens for messages of `inbound`, then says `ready` so the
 * extension answers with `init`.
 */
export function connectToHost<Inbound, Outbound>(
  view: WebviewKind,
  inbound: MessageSet<Inbound>,
  onMessage: (message: Inbound) => void,
): HostBridge<Outbound> {
  const api = acquireVsCodeApi();
  window.addEventListener('message', (event: MessageEvent<unknown>) => {
    const parsed = parseMessage(inbound, event.data);
    if (!parsed.ok) {
      console.warn(`Seedling ${view} webview: ignored a message (${parsed.reason}): ${parsed.detail}`);
      return;
    }
    onMessage(parsed.message);
  });
  api.postMessage({ type: 'ready', view, protocolVersion: PROTOCOL_VERSION });
  return {
    post: (message) => {
      api.postMessage(message);
    },
    getState: () => api.getState(),
    setState: (state) => {
      api.setState(state);
    },
  };
}
