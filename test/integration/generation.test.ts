// Generation from inside VS Code, against the local test LLM server started in the extension
// host: settings and SecretStorage give the endpoint and the key, the run lands in the
// workspace's .seedling/runs, and the Runs view lists it.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling, testRun } from './seedlingExtension';

const KEY = 'sk-generation-test-0123456789';

/** Every file below `dir`. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

suite('Generation in VS Code', () => {
  let server: LlmServer;
  let root = '';
  suiteSetup(async () => {
    server = await startLlmServer();
    root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    const settings = vscode.workspace.getConfiguration('seedling');
    await settings.update('provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await settings.update('baseUrl', server.url, vscode.ConfigurationTarget.Workspace);
    const { api } = await activateSeedling();
    await api.keys.store('custom', KEY, server.url);
  });
  suiteTeardown(async () => {
    const settings = vscode.workspace.getConfiguration('seedling');
    await settings.update('provider', undefined, vscode.ConfigurationTarget.Workspace);
    await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    const { api } = await activateSeedling();
    await api.keys.remove('custom');
    await server.close();
    rmSync(join(root, '.seedling'), { recursive: true, force: true });
  });

  test('runs a strategy on a seed file, sending the stored key, and the run appears in the Runs view', async () => {
    const { api } = await activateSeedling();
    const report = await api.generation.start(testRun(join(root, 'gov-faq-housing-fund.alpaca.jsonl'), 'self-instruct', 3));
    assert.equal(report.stopReason, 'completed', report.message);
    assert.equal(report.kept, 3);
    assert.ok(server.requests.length > 0 && server.requests.every((r) => r.headers['authorization'] === `Bearer ${KEY}`));
    const runs = await api.runs.list();
    assert.ok(runs.some((run) => run.manifest.id === report.runId && run.manifest.counts.pending === 3));
    assert.doesNotMatch(api.recentLog().join('\n'), /sk-generation-test/);
  });

  test('the key stays in secret storage: not in the run folder, the cache, the settings files or the log', async () => {
    const { api } = await activateSeedling();
    const report = await api.generation.start(testRun(join(root, 'reviews-sentiment.zh.jsonl'), 'classification', 2));
    assert.equal(report.stopReason, 'completed', report.message);
    assert.ok(server.requests.some((r) => r.headers['authorization'] === `Bearer ${KEY}`), 'the key did go to the endpoint');
    const runFiles = filesUnder(join(root, '.seedling', 'runs', report.runId));
    assert.ok(runFiles.some((file) => file.endsWith('candidates.jsonl')) && runFiles.some((file) => file.endsWith('run.json')));
    const userSettings = process.env['CS_USER_SETTINGS'];
    assert.ok(userSettings !== undefined && existsSync(userSettings), 'the harness names the profile’s settings.json');
    const searched = [...filesUnder(join(root, '.seedling')), join(root, '.vscode', 'settings.json'), userSettings];
    assert.ok(existsSync(join(root, '.vscode', 'settings.json')), 'the workspace settings hold the endpoint');
    const holding = searched.filter((file) => readFileSync(file).includes(KEY));
    assert.deepEqual(holding, [], 'files holding the key');
    assert.ok(!api.recentLog().some((line) => line.includes(KEY)), 'the log does not hold the key');
  });

  test('estimates a run from its real first prompt without sending anything', async () => {
    const { api } = await activateSeedling();
    server.clearLog();
    const estimate = await api.generation.estimate({
      seed: vscode.Uri.file(join(root, 'product-support.chat.jsonl')),
      strategy: 'self-instruct',
      count: 40,
      models: ['gpt-4o-mini'],
      judgeModels: ['gpt-4o-mini'],
      temperature: 0.9,
      maxTokens: 800,
      strategyOptions: {},
    });
    assert.equal(server.requests.filter((r) => r.path.endsWith('/chat/completions')).length, 0);
    assert.ok(estimate.tasks >= 10 && estimate.promptTokens > 1000);
    assert.ok(estimate.costUsd && estimate.costUsd.likely > 0 && estimate.costUsd.likely <= estimate.costUsd.atMost);
    assert.match(estimate.firstRequest?.messages[1]?.content ?? '', /Lumen Notes/);
  });

  test('says what to do when no key is stored for a provider that needs one', async () => {
    const { api } = await activateSeedling();
    await vscode.workspace.getConfiguration('seedling').update('baseUrl', 'https://api.example.invalid/v1', vscode.ConfigurationTarget.Workspace);
    await api.keys.remove('custom');
    try {
      await assert.rejects(api.generation.testConnection('seedling-test-large'), /No API key is set for Custom \(OpenAI-compatible\)\. Run “Seedling: Set API Key”/);
    } finally {
      await vscode.workspace.getConfiguration('seedling').update('baseUrl', server.url, vscode.ConfigurationTarget.Workspace);
      await api.keys.store('custom', KEY, server.url);
    }
  });
});
