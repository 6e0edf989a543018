import {
  hostToHealthMessage,
  type HealthInitMessage,
  type HealthToHostMessage,
  type HostToHealthMessage,
} from '../../src/protocol/webviewMessages';
import { progressRing } from '../components/toolkit';
import { element, replaceChildren } from '../dom';
import { connectToHost } from '../hostBridge';
import { stringsFor, type Strings } from '../l10n';

const app = document.getElementById('app');
if (!app) throw new Error('the Dataset Health webview has no #app element');
const root: HTMLElement = app;

let strings: Strings = stringsFor(navigator.language);
replaceChildren(root, element('div', { className: 'loading' }, [progressRing(strings.loading)]));

connectToHost<HostToHealthMessage, HealthToHostMessage>('health', hostToHealthMessage, (message) => {
  // `init` is the only message the extension sends so far.
  strings = stringsFor(message.environment.locale);
  render(message);
});

function render(state: HealthInitMessage): void {
  document.documentElement.lang = state.environment.locale;
  replaceChildren(
    root,
    element('section', { className: 'empty-state compact', id: 'health-empty' }, [
      element('p', { text: state.subject ?? strings.healthEmpty }),
    ]),
  );
}
