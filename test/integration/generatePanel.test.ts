// The Generate panel: opened for a seed file through the command, one per file, its messages
// validated on arrival, and an estimate answered.
import * as assert from 'node:assert/strict';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { startLlmServer } from '../llmServer/llmServer';
import type { GenerateInitMessage, HostToGenerateMessage } from '../../src/protocol/generateMessages';
import { activateSeedling, waitFor } from './seedlingExtension';

const SEED = 'gov-faq-housing-fund.alpaca.jsonl';

function seedUri(): vscode.Uri {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
  return vscode.Uri.file(join(root, SEED));
}

suite('Generate panel', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Generate Samples… with a seed file opens its Generate panel, once, and its init describes the seed', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
    const panel = api.generatePanels.panelFor(seedUri());
    assert.ok(panel, 'a Generate panel is open for the seed');
    assert.match(panel.panel.webview.html, /data-view="generate"/);
    assert.match(/content="([^"]+)"/.exec(panel.panel.webview.html)?.[1] ?? '', /default-src 'none'.*script-src 'nonce-/);

    const result = await panel.receive({ type: 'ready', view: 'generate', protocolVersion: 1 });
    assert.equal(result.ok, true);
    const init = panel.sent.find((m): m is GenerateInitMessage => m.type === 'init');
    assert.ok(init, 'init was sent');
    assert.equal(init.seed.format, 'alpaca');
    assert.equal(init.seed.records, 17);
    assert.equal(init.seed.container, 'jsonl');
    assert.equal(init.seed.kind, 'instruction');
    assert.match(init.defaults.outputFile, /gov-faq-housing-fund\.alpaca\.synthetic\.jsonl$/);
    const selfInstruct = init.strategies.find((s) => s.id === 'self-instruct');
    assert.ok(selfInstruct && selfInstruct.description.en.length > 0 && selfInstruct.description.zh.length > 0);
    assert.ok(init.strategies.some((s) => s.unsupported !== null) || init.strategies.every((s) => s.unsupported === null));

    // Asking again reveals the same panel.
    await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
    assert.equal(api.generatePanels.panelFor(seedUri()), panel);
    const tabs = (): number => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.label === `Generate: ${SEED}`).length;
    await waitFor('the Generate tab', () => tabs() > 0);
    assert.equal(tabs(), 1);
  });

  test('a seed file too large to hold in memory is described as such, not loaded', async () => {
    const { api } = await activateSeedling();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const big = vscode.Uri.file(join(root, 'too-big.alpaca.jsonl'));
    const line = `${JSON.stringify({ instruction: 'How do I withdraw my housing fund?', input: '', output: 'x'.repeat(1000) })}\n`;
    writeFileSync(big.fsPath, line.repeat(Math.ceil((65 * 1024 * 1024) / line.length)));
    try {
      await vscode.commands.executeCommand('seedling.generateSamples', big);
      const panel = api.generatePanels.panelFor(big);
      assert.ok(panel);
      await panel.receive({ type: 'ready', view: 'generate', protocolVersion: 1 });
      const init = panel.sent.find((m): m is GenerateInitMessage => m.type === 'init');
      assert.match(init?.seed.unreadable ?? '', /is 65 MB: seed files are read whole, so Seedling takes seeds up to 64 MB\. Generate from a sample of it/);
      assert.equal(init?.seed.records, 0);
    } finally {
      rmSync(big.fsPath, { force: true });
    }
  });

  test('forged and malformed messages are rejected and logged, and nothing runs', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
    const panel = api.generatePanels.panelFor(seedUri());
    assert.ok(panel);
    const forged: [unknown, string][] = [
      [{ type: 'executeCommand', command: 'workbench.action.terminal.new' }, 'unknownType'],
      [{ type: 'openReview', runId: 'x', command: 'workbench.action.terminal.new' }, 'invalidShape'],
      [{ type: 'setProvider', provider: 'evil' }, 'invalidShape'],
      [{ type: 'start', form: { strategy: 'self-instruct' } }, 'invalidShape'],
      [{ type: 'ready', view: 'generate', protocolVersion: 42 }, 'protocolMismatch'],
      ['start', 'notAnObject'],
    ];
    const before = vscode.window.terminals.length;
    for (const [message, reason] of forged) {
      const result = await panel.receive(message);
      assert.equal(result.ok, false, JSON.stringify(message));
      assert.equal(result.reason, reason, JSON.stringify(message));
    }
    const rejections = api.recentLog().filter((line) => line.startsWith('warn: Generate panel: rejected a webview message'));
    assert.ok(rejections.length >= forged.length, rejections.join('\n'));
    assert.ok(rejections.some((line) => line.includes('(unknownType)') && line.includes('"executeCommand"')));
    assert.equal(vscode.window.terminals.length, before);
    assert.equal(vscode.workspace.getConfiguration('seedling').inspect('provider')?.workspaceValue, undefined);
  });

  test('an estimate request is answered with the same id', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
    const panel = api.generatePanels.panelFor(seedUri());
    assert.ok(panel);
    const form = { strategy: 'self-instruct', count: 20, models: ['gpt-4o-mini'], judgeModels: [], temperature: 0.8, maxTokens: 800, budgetUsd: null, outputFile: '', strategyOptions: {} };
    const result = await panel.receive({ type: 'requestEstimate', requestId: 7, form });
    assert.equal(result.ok, true);
    const answer = panel.sent.find((m): m is Extract<HostToGenerateMessage, { type: 'estimate' }> => m.type === 'estimate' && m.requestId === 7);
    assert.ok(answer, 'an estimate was sent');
    assert.equal(answer.error, null);
    assert.ok(answer.estimate && answer.estimate.tasks >= 1 && answer.estimate.promptTokens > 0, JSON.stringify(answer));
    assert.ok(answer.estimate.costUsd !== null || answer.estimate.unpricedModels.length > 0);
  });

  test('Start runs through the panel, reports progress, and Cancel stops the run', async () => {
    const { api } = await activateSeedling();
    const server = await startLlmServer({ latencyMs: 300 });
    const settings = vscode.workspace.getConfiguration('seedling');
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    try {
      await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
      const panel = api.generatePanels.panelFor(seedUri());
      assert.ok(panel);
      await panel.receive({ type: 'setProvider', provider: 'custom' });
      await panel.receive({ type: 'setBaseUrl', baseUrl: server.url });
      assert.equal(settings.inspect('provider')?.workspaceValue, 'custom');
      assert.equal(settings.inspect('baseUrl')?.workspaceValue, server.url);
      const form = { strategy: 'self-instruct', count: 200, models: ['seedling-test-large'], judgeModels: [], temperature: 0.8, maxTokens: 400, budgetUsd: null, outputFile: '', strategyOptions: {} };
      const running = panel.receive({ type: 'start', form });
      await waitFor('the run to start', () => panel.sent.some((m) => m.type === 'runStarted'));
      await waitFor('a request to reach the endpoint', () => server.requests.length > 0, 20_000);
      await panel.receive({ type: 'cancel' });
      await running;
      const done = panel.sent.find((m): m is Extract<HostToGenerateMessage, { type: 'runDone' }> => m.type === 'runDone');
      assert.ok(done, `a summary was sent: ${JSON.stringify(panel.sent.filter((m) => m.type !== 'init'))}`);
      assert.equal(done.stopReason, 'cancelled');
      assert.ok(done.progress.kept < 200);
    } finally {
      await settings.update('provider', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
      await server.close();
      rmSync(join(root, '.seedling'), { recursive: true, force: true });
    }
  });

  test('shows the rubric each strategy is judged by, and Customize Rubric… opens the workspace’s own copy, which the panel then names', async () => {
    const { api } = await activateSeedling();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const file = join(root, '.seedling', 'rubrics', 'dialogue.json');
    rmSync(file, { force: true });
    try {
      await vscode.commands.executeCommand('seedling.generateSamples', seedUri());
      const panel = api.generatePanels.panelFor(seedUri());
      assert.ok(panel);
      await panel.receive({ type: 'ready', view: 'generate', protocolVersion: 1 });
      const init = [...panel.sent].reverse().find((m): m is GenerateInitMessage => m.type === 'init');
      assert.ok(init);
      // Alpaca seeds: single answers are judged as instructions, dialogues as dialogues, pairs as pairs.
      const rubricOf = (id: string): string | null | undefined => init.strategies.find((s) => s.id === id)?.rubric;
      assert.equal(rubricOf('self-instruct'), 'instruction');
      assert.equal(rubricOf('multi-turn'), 'dialogue');
      assert.equal(rubricOf('preference'), 'preference');
      const dialogue = init.rubrics.find((r) => r.id === 'dialogue');
      assert.ok(dialogue && dialogue.criteria.length > 0 && dialogue.criteria.every((c) => c.description.en.length > 0 && c.description.zh.length > 0));
      assert.equal(dialogue.file, null, 'built in');

      await panel.receive({ type: 'customizeRubric', rubric: 'dialogue' });
      await waitFor('the rubric file in an editor', () => vscode.window.activeTextEditor?.document.uri.fsPath === file);
      const written = JSON.parse(readFileSync(file, 'utf8')) as { id: string; passScore: number; criteria: unknown[] };
      assert.equal(written.id, 'dialogue');
      assert.equal(written.passScore, dialogue.passScore);
      assert.equal(written.criteria.length, dialogue.criteria.length);
      writeFileSync(file, JSON.stringify({ ...written, passScore: 4.5 }, null, 2));
      await panel.receive({ type: 'ready', view: 'generate', protocolVersion: 1 });
      const again = [...panel.sent].reverse().find((m): m is GenerateInitMessage => m.type === 'init');
      const custom = again?.rubrics.find((r) => r.id === 'dialogue');
      assert.equal(custom?.passScore, 4.5, 'the workspace’s rubric is the one shown');
      assert.equal(custom.file, '.seedling/rubrics/dialogue.json');
    } finally {
      rmSync(join(root, '.seedling', 'rubrics'), { recursive: true, force: true });
    }
  });
});
