import {
  hostToReviewMessage,
  type HostToReviewMessage,
  type ReviewInitMessage,
  type ReviewToHostMessage,
} from '../../src/protocol/webviewMessages';
import { badge, button, divider, progressRing, tag } from '../components/toolkit';
import { element, replaceChildren } from '../dom';
import { connectToHost } from '../hostBridge';
import { format, stringsFor, type Strings } from '../l10n';

const app = document.getElementById('app');
if (!app) throw new Error('the Review webview has no #app element');
const root: HTMLElement = app;

let strings: Strings = stringsFor(navigator.language);
replaceChildren(root, element('div', { className: 'loading' }, [progressRing(strings.loading), element('span', { text: strings.loading })]));

const host = connectToHost<HostToReviewMessage, ReviewToHostMessage>('review', hostToReviewMessage, (message) => {
  // `init` is the only message the extension sends so far.
  strings = stringsFor(message.environment.locale);
  host.setState({ seedFile: message.seedFile });
  render(message);
});

function render(state: ReviewInitMessage): void {
  const { environment } = state;
  document.documentElement.lang = environment.locale;
  const header = element('header', { className: 'view-header' }, [
    element('h1', { text: strings.reviewTitle }),
    element('p', { className: 'subtitle', text: strings.reviewSubtitle }),
    element('div', { className: 'facts' }, [
      fact(strings.workspace, environment.workspaceName ?? strings.noWorkspace),
      state.seedFile !== null ? fact(strings.seedFile, state.seedFile, 'seed-file') : null,
    ]),
  ]);
  const banner = environment.workspaceTrusted ? null : element('p', { className: 'banner warning', id: 'restricted', text: strings.restricted, attributes: { role: 'status' } });
  replaceChildren(root, header, banner, divider(), state.runs.length === 0 ? emptyState(state) : runList(state), footer(environment.extensionVersion));
}

function fact(label: string, value: string, id?: string): HTMLElement {
  return element('span', { className: 'fact' }, [element('span', { className: 'fact-label', text: `${label}:` }), withId(tag(value), id)]);
}

function withId(node: HTMLElement, id: string | undefined): HTMLElement {
  if (id !== undefined) node.id = id;
  return node;
}

function emptyState(state: ReviewInitMessage): HTMLElement {
  const forSeed = state.seedFile !== null;
  return element('section', { className: 'empty-state', id: 'empty-state' }, [
    element('h2', { text: forSeed ? strings.noCandidatesForSeed : strings.noRunsTitle }),
    forSeed ? null : element('p', { text: strings.noRunsBody }),
    forSeed || !state.environment.workspaceTrusted
      ? null
      : button(strings.generate, { id: 'generate', onClick: () => { host.post({ type: 'requestGenerate' }); } }),
  ]);
}

function runList(state: ReviewInitMessage): HTMLElement {
  return element('section', { className: 'runs', id: 'runs' }, [
    element('h2', {}, [document.createTextNode(`${strings.runsHeading} `), badge(String(state.runs.length))]),
    element(
      'ul',
      {},
      state.runs.map((run) =>
        element('li', { className: 'run' }, [
          element('span', { className: 'run-id', text: run.id }),
          element('span', { className: 'run-seed', text: run.seedFile }),
          element('time', { className: 'run-time', text: new Date(run.createdAt).toLocaleString(state.environment.locale), attributes: { datetime: run.createdAt } }),
        ]),
      ),
    ),
  ]);
}

function footer(version: string): HTMLElement {
  return element('footer', { className: 'view-footer', text: format(strings.version, version) });
}
