// Seedling in Restricted Mode: code-server runs with workspace trust on and this workspace
// not trusted. A hostile .vscode/settings.json points Seedling at a capture server; nothing
// may reach it, generation explains why it is off, and review and save (local, safe) work.
import * as assert from 'node:assert/strict';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { PROVIDER_PRESETS } from '../../src/core/llm/providers';
import { runDirectory } from '../../src/core/runs/runManifest';
import { configuredBaseUrl, configuredProvider } from '../../src/extension/commands/setApiKey';
import type { GenerationRequest } from '../../src/extension/runs/generationService';
import type { WorkspaceRun } from '../../src/extension/runs/runStore';
import type { HostToGenerateMessage } from '../../src/protocol/generateMessages';
import { ACCEPTED, RUN_SEED, writeAcceptedRun } from '../integration/runFixtures';
import { activateSeedling, answeringWarnings, waitFor } from '../integration/seedlingExtension';
import { type CaptureServer, startCaptureServer } from '../llmServer/captureServer';

const RUN_ID = '20261121-100000-rstr';
const RESTRICTED = /Restricted Mode/;

function workspaceRoot(): string {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'the test workspace is open');
  return root;
}

suite('Restricted Mode', () => {
  let capture: CaptureServer;
  const captureUrl = (): string => `${capture.origin}/v1`;
  const request = (): GenerationRequest => ({
    seed: vscode.Uri.file(join(workspaceRoot(), RUN_SEED)),
    strategy: 'self-instruct',
    count: 2,
    models: ['capture-model'],
    judgeModels: [],
    temperature: 0.9,
    maxTokens: 100,
    strategyOptions: {},
  });

  suiteSetup(async () => {
    capture = await startCaptureServer();
    // The workspace's own settings, as a cloned repository could ship them: an endpoint of
    // its choosing (restricted, so ignored) and a harmless setting (applied), which proves
    // VS Code has read the file.
    mkdirSync(join(workspaceRoot(), '.vscode'), { recursive: true });
    writeFileSync(join(workspaceRoot(), '.vscode', 'settings.json'), JSON.stringify({ 'seedling.provider': 'custom', 'seedling.baseUrl': captureUrl(), 'seedling.model': 'capture-model', 'seedling.maxConcurrency': 3 }, null, 2));
    await waitFor('the workspace settings to load', () => vscode.workspace.getConfiguration('seedling').get<number>('maxConcurrency') === 3);
    // Even a key stored for that very endpoint must not make anything go there.
    const { api } = await activateSeedling();
    await api.keys.store('custom', 'sk-restricted-0123456789', captureUrl());
  });
  suiteTeardown(async () => {
    await (await activateSeedling()).api.keys.remove('custom');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(join(workspaceRoot(), '.vscode'), { recursive: true, force: true });
    rmSync(join(workspaceRoot(), '.seedling'), { recursive: true, force: true });
    await capture.close();
  });

  suiteTeardown(() => {
    // Across every attempt of the suite: generate, test connection, judge, rewrite and
    // regenerate a line, judge a file, fix and regenerate a candidate.
    assert.deepEqual(capture.requests, [], 'the capture server received no request, with or without a key');
  });

  test('the workspace is not trusted', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('the endpoint settings of the untrusted workspace are ignored', () => {
    const settings = vscode.workspace.getConfiguration('seedling');
    assert.equal(settings.get('baseUrl'), '');
    assert.equal(settings.get('model'), '');
    assert.equal(configuredProvider(), 'openai');
    assert.equal(configuredBaseUrl(configuredProvider()), PROVIDER_PRESETS.openai.defaultBaseUrl);
  });

  test('Generate Samples… explains that generation is off and opens nothing', async () => {
    const { api } = await activateSeedling();
    const seed = vscode.Uri.file(join(workspaceRoot(), RUN_SEED));
    const shown = await answeringWarnings(undefined, async () => {
      await vscode.commands.executeCommand('seedling.generateSamples', seed);
    });
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0] ?? '', /Generation is disabled in Restricted Mode.*Trust the workspace to generate/);
    assert.equal(api.generatePanels.panelFor(seed), undefined, 'no Generate panel opened');
    assert.deepEqual(capture.requests, []);
  });

  test('Resume Run explains that it is off in Restricted Mode and sends nothing', async () => {
    const shown = await answeringWarnings(undefined, async () => {
      await vscode.commands.executeCommand('seedling.resumeRun', RUN_ID);
    });
    assert.equal(shown.length, 1, shown.join('\n'));
    assert.match(shown[0] ?? '', /Resuming a run is disabled in Restricted Mode.*Trust the workspace to resume it/);
    assert.deepEqual(capture.requests, []);
  });

  test('no request leaves through the API or a Generate panel, whatever is attempted', async () => {
    const { api } = await activateSeedling();
    await assert.rejects(api.generation.start(request()), RESTRICTED);
    await assert.rejects(api.generation.testConnection('capture-model'), RESTRICTED);
    const estimate = await api.generation.estimate(request());
    assert.ok(estimate.tasks > 0, 'estimating works offline');
    // A panel opened anyway (restored, or by another extension) refuses too.
    const panel = api.generatePanels.show(request().seed);
    await panel.receive({ type: 'testConnection', model: 'capture-model' });
    await panel.receive({ type: 'start', form: { strategy: 'self-instruct', count: 2, models: ['capture-model'], judgeModels: [], temperature: 0.9, maxTokens: 100, budgetUsd: null, outputFile: '', strategyOptions: {} } });
    const failed = panel.sent.filter((m: HostToGenerateMessage) => m.type === 'runFailed' || (m.type === 'connection' && !m.ok));
    assert.equal(failed.length, 2, JSON.stringify(panel.sent.map((m) => m.type)));
    for (const message of failed) assert.match(JSON.stringify(message), RESTRICTED);
    assert.equal(panel.sent.some((m) => m.type === 'runStarted'), false);
    // Nor does it write endpoint settings: the panel is read-only here, so such a message is forged.
    const settingsFile = join(workspaceRoot(), '.vscode', 'settings.json');
    const settingsBefore = readFileSync(settingsFile, 'utf8');
    await panel.receive({ type: 'setBaseUrl', baseUrl: 'https://elsewhere.example.invalid/v1' });
    await panel.receive({ type: 'setProvider', provider: 'openai' });
    assert.equal(readFileSync(settingsFile, 'utf8'), settingsBefore, 'the workspace settings are unchanged');
    assert.ok(api.recentLog().some((line) => line.includes('refused setBaseUrl in Restricted Mode')));
    assert.deepEqual(capture.requests, [], 'the capture server received nothing');
    assert.ok(!api.recentLog().some((line) => line.includes(captureUrl())), 'the capture endpoint was never used');
  });

  test('the LLM quick fixes of a dataset line send nothing and say why', async () => {
    const { api } = await activateSeedling();
    const document = await vscode.workspace.openTextDocument(join(workspaceRoot(), RUN_SEED));
    await assert.rejects(api.lineFixes.judgeLine(document, 0), RESTRICTED);
    await assert.rejects(api.lineFixes.rewriteLine(document, 0), RESTRICTED);
    await assert.rejects(api.lineFixes.regenerateLine(document, 0), RESTRICTED);
    await assert.rejects(api.fileJudging.judgeFile(document), RESTRICTED);
    assert.equal(api.lineProposals.find(), undefined);
    assert.deepEqual(capture.requests, []);
  });

  test('review and save still work: they stay on this machine', async () => {
    const { api } = await activateSeedling();
    const runDir = await writeAcceptedRun(workspaceRoot(), RUN_ID);
    assert.equal(runDir, runDirectory(workspaceRoot(), RUN_ID));
    api.runs.invalidate();
    let run: WorkspaceRun | undefined;
    await waitFor('the run', async () => (run = await api.runs.find(RUN_ID)) !== undefined);
    assert.ok(run);
    await vscode.commands.executeCommand('seedling.openReview', RUN_ID);
    await waitFor('the Review panel', () => api.reviewPanel() !== undefined);
    const preview = await api.saver.previewAccepted(run);
    assert.equal(preview.written, 2);
    const outcome = await api.saver.saveAccepted(run);
    assert.equal(outcome.written, 2);
    const saved = readFileSync(outcome.output.fsPath, 'utf8');
    assert.equal(saved, preview.after);
    assert.equal(saved, ACCEPTED.map((sample) => `${JSON.stringify(sample)}\n`).join(''));
    rmSync(outcome.output.fsPath, { force: true });
    assert.deepEqual(capture.requests, []);
  });

  test('fixing or regenerating a candidate in review sends nothing and says why', async () => {
    const { api } = await activateSeedling();
    await vscode.commands.executeCommand('seedling.openReview', RUN_ID);
    await waitFor('the Review panel', () => api.reviewPanel() !== undefined);
    const review = api.reviewPanel();
    assert.ok(review);
    await review.receive({ type: 'ready', view: 'review', protocolVersion: 1 });
    for (const mode of ['fix', 'regenerate'] as const) {
      const result = await review.receive({ type: 'revise', id: 't0-0', mode });
      assert.equal(result.ok, true);
      await waitFor(`the ${mode} to fail`, () => review.sent.some((m) => m.type === 'revision' && m.mode === mode && m.state === 'failed'));
      const failed = review.sent.find((m) => m.type === 'revision' && m.mode === mode && m.state === 'failed');
      assert.match(JSON.stringify(failed), RESTRICTED);
    }
    // The Fix CodeLens of a candidate line runs this command.
    await vscode.commands.executeCommand('seedling.fixCandidate', RUN_ID, 't0-1');
    const panel = api.reviewPanel();
    assert.ok(panel);
    await waitFor('the fix from the command to fail', () => panel.sent.some((m) => m.type === 'revision' && m.id === 't0-1' && m.state === 'failed'));
    assert.match(JSON.stringify(panel.sent.find((m) => m.type === 'revision' && m.id === 't0-1' && m.state === 'failed')), RESTRICTED);
    assert.deepEqual(capture.requests, []);
  });
});
