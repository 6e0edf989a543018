// Every webview Seedling creates, in one place: the Review panel, the sidebar's Review view,
// the Dataset Health view and a Generate panel. Each runs under a strict CSP with a nonce of its
// own render and only nonced scripts, and refuses forged or malformed messages: they are
// logged and nothing runs.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { SeedlingApi } from '../../src/extension/api';
import { renderWebviewHtml } from '../../src/extension/webviews/webviewHtml';
import type { ParsedMessage } from '../../src/protocol/webviewMessages';
import { activateSeedling, waitFor } from './seedlingExtension';
import { workspaceRoot } from './testRuns';

const SEED = 'gov-faq-housing-fund.alpaca.jsonl';

interface WebviewUnderTest {
  /** The name its log lines start with. */
  readonly name: string;
  readonly webview: vscode.Webview;
  receive(raw: unknown): Promise<ParsedMessage<unknown>>;
}

/** Opens every webview and returns them. */
async function openEveryWebview(api: SeedlingApi): Promise<WebviewUnderTest[]> {
  const seed = vscode.Uri.file(join(workspaceRoot(), SEED));
  await vscode.commands.executeCommand('seedling.openReview');
  await vscode.commands.executeCommand('seedling.openReviewSidebar');
  await waitFor('the sidebar’s Review view', () => api.reviewSidebar.review !== undefined, 20_000);
  await vscode.commands.executeCommand('seedling.showDatasetHealth', seed);
  await waitFor('the Dataset Health view', () => api.datasetHealth.webview !== undefined, 20_000);
  await vscode.commands.executeCommand('seedling.generateSamples', seed);
  const review = api.reviewPanel();
  const sidebar = api.reviewSidebar.review;
  const health = api.datasetHealth;
  const generate = api.generatePanels.panelFor(seed);
  assert.ok(review && sidebar && health.webview && generate, 'every webview is open');
  return [
    { name: 'Review panel', webview: review.webview, receive: (raw) => review.receive(raw) },
    { name: 'Review view', webview: sidebar.webview, receive: (raw) => sidebar.receive(raw) },
    { name: 'Dataset Health view', webview: health.webview, receive: (raw) => health.receive(raw) },
    { name: 'Generate panel', webview: generate.panel.webview, receive: (raw) => generate.receive(raw) },
  ];
}

/** The CSP's directives by name, from the one CSP meta tag of `html`. */
function cspOf(html: string, name: string): Map<string, string[]> {
  const metas = [...html.matchAll(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/g)];
  assert.equal(metas.length, 1, `${name}: one CSP meta tag`);
  const directives = new Map<string, string[]>();
  for (const directive of (metas[0]?.[1] ?? '').split(';')) {
    const [key, ...values] = directive.trim().split(/\s+/);
    if (key) directives.set(key, values);
  }
  return directives;
}

/** Checks the shell of one webview; returns its nonce. */
function assertStrictShell(html: string, name: string): string {
  const csp = cspOf(html, name);
  assert.deepEqual(csp.get('default-src'), ["'none'"], `${name}: default-src 'none'`);
  const scriptSources = csp.get('script-src') ?? [];
  assert.equal(scriptSources.length, 1, `${name}: scripts only by nonce: ${scriptSources.join(' ')}`);
  const nonce = /^'nonce-([A-Za-z0-9+/=]+)'$/.exec(scriptSources[0] ?? '')?.[1];
  assert.ok(nonce && nonce.length >= 16, `${name}: a nonce of at least 16 characters`);
  // Styles, fonts and images come from webview.cspSource (VS Code's resource origins, 'self' among them).
  for (const [directive, values] of csp) {
    for (const value of values) {
      if (directive === 'img-src' && value === 'data:') continue;
      assert.doesNotMatch(value, /unsafe-|strict-dynamic|^\*$|^https?:$|^data:$/, `${name}: ${directive} allows ${value}`);
    }
  }
  assert.equal(csp.has('script-src-attr') || csp.has('script-src-elem'), false, `${name}: no directive widens script-src`);
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.ok(scripts.length > 0, `${name}: it has its script`);
  assert.equal((html.match(/<script\b/g) ?? []).length, scripts.length);
  for (const [, attributes, body] of scripts) {
    assert.match(attributes ?? '', new RegExp(`\\snonce="${nonce.replace(/[+/=]/g, '\\$&')}"`), `${name}: every script carries the nonce`);
    assert.match(attributes ?? '', /\ssrc="[^"]+\.js"/, `${name}: scripts load from a file`);
    assert.equal(body, '', `${name}: no inline script`);
  }
  assert.doesNotMatch(html, /\son[a-z]+\s*=/i, `${name}: no event handler attributes`);
  return nonce;
}

suite('Every webview', () => {
  let api: SeedlingApi;
  let webviews: WebviewUnderTest[];
  suiteSetup(async function () {
    this.timeout(90_000);
    ({ api } = await activateSeedling());
    webviews = await openEveryWebview(api);
  });
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('each runs under a strict CSP with only nonced scripts, a nonce of its own, and no command links', () => {
    assert.deepEqual(webviews.map((w) => w.name), ['Review panel', 'Review view', 'Dataset Health view', 'Generate panel']);
    const nonces = webviews.map((w) => assertStrictShell(w.webview.html, w.name));
    assert.equal(new Set(nonces).size, nonces.length, `each render has its own nonce: ${nonces.join(' ')}`);
    for (const w of webviews) {
      assert.equal(w.webview.options.enableScripts, true, w.name);
      assert.notEqual(w.webview.options.enableCommandUris, true, `${w.name}: command: links do nothing`);
      const roots = (w.webview.options.localResourceRoots ?? []).map((uri) => uri.path);
      assert.equal(roots.length, 2, `${w.name}: ${roots.join(', ')}`);
      assert.ok(roots.every((root) => root.endsWith('/dist/webview') || root.endsWith('/media')), `${w.name}: loads only the extension's webview bundle and media: ${roots.join(', ')}`);
    }
  });

  test('the shell builder draws a fresh nonce on every render, for every kind of view', () => {
    const { webview } = webviews[0] ?? assert.fail('a webview');
    const extensionUri = vscode.Uri.file('/extension');
    const seen = new Set<string>();
    for (const view of ['review', 'health', 'generate'] as const) {
      for (let render = 0; render < 5; render++) {
        const html = renderWebviewHtml({ webview, extensionUri, view, title: `<script>${view}</script>"`, language: 'en"><script>', layout: 'sidebar' });
        const nonce = assertStrictShell(html, `${view} render ${render}`);
        assert.ok(!seen.has(nonce), 'a nonce is never reused');
        seen.add(nonce);
        // Even the title and language, which are ours, are escaped.
        assert.equal((html.match(/<script\b/g) ?? []).length, 1, 'the title cannot add a script');
      }
    }
  });

  test('forged and malformed messages are rejected and logged by every webview, and nothing runs', async () => {
    const forged: unknown[] = [
      { type: 'runCommand', command: 'workbench.action.terminal.new' },
      { type: 'runCommand', command: 'workbench.action.openSettingsJson' },
      { type: 'executeCommand', command: 'seedling.setApiKey', args: ['custom', 'stolen'] },
      { type: 'ready', view: 'review', protocolVersion: 1, command: 'workbench.action.terminal.new' },
      { type: 'ready' },
      { type: 'ready', view: 'review', protocolVersion: 99 },
      { type: 'saveAccepted', runId: '../../etc', path: '/etc/passwd' },
      { type: 'start', form: 'everything' },
      { type: '__proto__' },
      { type: 42 },
      JSON.parse('{"type":"ready","__proto__":{"polluted":true}}') as unknown,
      'runCommand',
      null,
      undefined,
      [{ type: 'ready', view: 'review', protocolVersion: 1 }],
      42,
    ];
    const terminals = vscode.window.terminals.length;
    const tabs = (): string[] => vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label).sort();
    const tabsBefore = tabs();
    const settingsBefore = JSON.stringify(vscode.workspace.getConfiguration('seedling'));
    let rejected = 0;
    for (const w of webviews) {
      const logBefore = api.recentLog().filter((line) => line.startsWith(`warn: ${w.name}: rejected a webview message`)).length;
      for (const message of forged) {
        const result = await w.receive(message);
        assert.equal(result.ok, false, `${w.name} rejects ${JSON.stringify(message)}`);
        rejected++;
      }
      const logged = api.recentLog().filter((line) => line.startsWith(`warn: ${w.name}: rejected a webview message`)).length - logBefore;
      assert.ok(logged >= forged.length, `${w.name}: each rejection is logged (${logged} of ${forged.length})`);
    }
    assert.equal(rejected, webviews.length * forged.length);
    assert.equal(vscode.window.terminals.length, terminals, 'no terminal opened');
    assert.deepEqual(tabs(), tabsBefore, 'no editor opened');
    assert.equal(JSON.stringify(vscode.workspace.getConfiguration('seedling')), settingsBefore, 'no setting changed');
    assert.equal(({} as Record<string, unknown>)['polluted'], undefined, 'no prototype was polluted');
    assert.equal(await api.keys.apiKey('custom', 'http://127.0.0.1:1/v1'), undefined, 'no key was stored');
  });
});
