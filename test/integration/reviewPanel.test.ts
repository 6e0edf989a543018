import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activateSeedling, waitFor } from './seedlingExtension';

suite('Review panel', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Open Review opens one panel under a strict CSP with a fresh nonce', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review, 'a Review panel is open');
    const html = review.panel.webview.html;
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    assert.match(csp, /default-src 'none'/);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    assert.ok(nonce && nonce.length >= 16, `a nonce of at least 16 characters: ${csp}`);
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    assert.ok(scripts.length > 0 && scripts.every((tag) => tag.includes(`nonce="${nonce}"`)), `every script carries the nonce: ${scripts.join(' ')}`);

    // Asking again reveals the same panel rather than opening a second one.
    await vscode.commands.executeCommand('seedling.openReview');
    assert.equal(api.reviewPanel(), review);
    const reviewTabs = (): number => vscode.window.tabGroups.all.flatMap((group) => group.tabs).filter((tab) => tab.label === 'Seedling Review').length;
    await waitFor('the Review tab', () => reviewTabs() > 0);
    assert.equal(reviewTabs(), 1);
  });

  test('every render uses a new nonce', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const first = api.reviewPanel()?.panel.webview.html ?? '';
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await waitFor('the panel to close', () => api.reviewPanel() === undefined);
    await vscode.commands.executeCommand('seedling.openReview');
    const second = api.reviewPanel()?.panel.webview.html ?? '';
    const nonceOf = (html: string): string | undefined => /nonce-([^']+)'/.exec(html)?.[1];
    assert.ok(nonceOf(first) && nonceOf(second));
    assert.notEqual(nonceOf(first), nonceOf(second));
  });

  test('forged and malformed webview messages are rejected and logged, and nothing runs', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review);
    const terminalsBefore = vscode.window.terminals.length;
    const forged: [unknown, string][] = [
      [{ type: 'executeCommand', command: 'workbench.action.terminal.new' }, 'unknownType'],
      [{ type: 'requestGenerate', command: 'workbench.action.terminal.new' }, 'invalidShape'],
      [{ type: 'ready', view: 'review' }, 'invalidShape'],
      [{ type: 'ready', view: 'review', protocolVersion: 99 }, 'protocolMismatch'],
      ['ready', 'notAnObject'],
      [null, 'notAnObject'],
      [[{ type: 'ready' }], 'notAnObject'],
    ];
    for (const [message, reason] of forged) {
      const result = await review.receive(message);
      assert.equal(result.ok, false, `rejected: ${JSON.stringify(message)}`);
      assert.equal(result.reason, reason, JSON.stringify(message));
    }
    const rejections = api.recentLog().filter((line) => line.startsWith('warn: Review panel: rejected a webview message'));
    assert.ok(rejections.length >= forged.length, `each rejection is logged: ${rejections.join('\n')}`);
    assert.ok(rejections.some((line) => line.includes('(unknownType)') && line.includes('"executeCommand"')));
    assert.equal(vscode.window.terminals.length, terminalsBefore, 'no forged command ran');
  });

  test('a valid ready message is answered', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview');
    const review = api.reviewPanel();
    assert.ok(review);
    const result = await review.receive({ type: 'ready', view: 'review', protocolVersion: 1 });
    assert.equal(result.ok, true);
    const answered = api.recentLog().filter((line) => line.startsWith('debug: Review panel: sent init'));
    assert.ok(answered.length > 0, 'init was sent in answer');
  });
});
