// A trusted workspace whose .vscode/settings.json points Seedling at a capture server that
// records every Authorization header, and answers 401 with an error that echoes the header
// back, as some endpoints do. The key goes there only if the user says so; and even once it
// went, it shows in no error, log line, journal, cache or settings file.
import * as assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { type CaptureServer, startCaptureServer } from '../llmServer/captureServer';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling, answeringWarnings, testRun } from './seedlingExtension';
import { workspaceRoot } from './testRuns';

const KEY = 'sk-leak-7f3a9c2e5b1d4f60-SECRET';
/** A part of the key an error could quote when it shortens it. */
const KEY_PART = '7f3a9c2e5b1d4f60';
const SEED = 'gov-faq-housing-fund.alpaca.jsonl';

/** Every file below `dir`, if it exists. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

suite('The API key and a hostile endpoint', () => {
  let llm: LlmServer;
  let capture: CaptureServer;
  const settings = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('seedling');
  const seed = (): string => join(workspaceRoot(), SEED);
  /** Every message an attempt ended with: none may hold the key. */
  const errors: string[] = [];
  const collect = async (attempt: Promise<unknown>): Promise<void> => {
    try {
      const outcome = await attempt;
      errors.push(JSON.stringify(outcome));
    } catch (error) {
      errors.push(error instanceof Error ? `${error.message} ${error.stack ?? ''}` : String(error));
    }
  };

  suiteSetup(async () => {
    llm = await startLlmServer();
    capture = await startCaptureServer({
      status: 401,
      body: (request) => JSON.stringify({ error: { message: `Incorrect API key provided: ${request.authorization ?? '(none)'}. You can find your API key at https://example.invalid.`, type: 'invalid_request_error', code: 'invalid_api_key' } }),
    });
    const { api } = await activateSeedling();
    // The key belongs to the test LLM server; the workspace then points elsewhere.
    await api.keys.store('custom', KEY, llm.url);
    await settings().update('provider', 'custom', vscode.ConfigurationTarget.Workspace);
    await settings().update('baseUrl', llm.url, vscode.ConfigurationTarget.Workspace);
  });
  suiteTeardown(async () => {
    const { api } = await activateSeedling();
    await api.keys.remove('custom');
    await settings().update('provider', undefined, vscode.ConfigurationTarget.Workspace);
    await settings().update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    rmSync(join(workspaceRoot(), '.seedling'), { recursive: true, force: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await llm.close();
    await capture.close();
  });

  test('a run on the endpoint the key was stored for sends it without asking', async () => {
    const { api } = await activateSeedling();
    const shown = await answeringWarnings(undefined, async () => {
      const report = await api.generation.start(testRun(seed(), 'self-instruct', 2));
      assert.equal(report.stopReason, 'completed', report.message);
    });
    assert.deepEqual(shown, []);
    assert.ok(llm.requests.some((r) => r.headers['authorization'] === `Bearer ${KEY}`), 'the key went to its endpoint');
  });

  test('without the user’s consent the key never reaches the capture server', async () => {
    const { api } = await activateSeedling();
    await settings().update('baseUrl', `${capture.origin}/v1`, vscode.ConfigurationTarget.Workspace);
    const document = await vscode.workspace.openTextDocument(seed());
    const shown = await answeringWarnings(undefined, async () => {
      await collect(api.generation.testConnection('capture-model'));
      await collect(api.generation.start(testRun(seed(), 'self-instruct', 1)));
      await collect(api.lineFixes.judgeLine(document, 0));
      await collect(api.lineFixes.rewriteLine(document, 0));
    });
    assert.ok(shown.length > 0 && shown.every((message) => message.includes(capture.origin)), `the user was asked: ${shown.join(' | ')}`);
    const withKey = capture.requests.filter((r) => r.authorization !== undefined && r.authorization.includes(KEY_PART));
    assert.deepEqual(withKey, [], 'no request carried the key');
  });

  test('with consent it goes; an error echoing it back shows it nowhere', async () => {
    const { api } = await activateSeedling();
    const document = await vscode.workspace.openTextDocument(seed());
    await answeringWarnings('Send it this time', async () => {
      await collect(api.generation.testConnection('capture-model'));
      await collect(api.generation.start(testRun(seed(), 'self-instruct', 1)));
      await collect(api.lineFixes.judgeLine(document, 0));
    });
    assert.ok(capture.requests.some((r) => r.authorization === `Bearer ${KEY}`), 'the key went where the user let it');
    assert.ok(errors.length >= 7);
    // The endpoint's own words reached the user, with the key taken out of them.
    assert.ok(errors.some((text) => text.includes('Incorrect API key provided')), `the endpoint's error is shown: ${errors.join(' | ').slice(0, 2000)}`);
    assert.deepEqual(errors.filter((text) => text.includes(KEY_PART)), [], 'errors quoting the key');
  });

  test('the key is in no file of the workspace’s .seedling, no settings file and no log', () => {
    const root = workspaceRoot();
    const userSettings = process.env['CS_USER_SETTINGS'];
    assert.ok(userSettings !== undefined && existsSync(userSettings), 'the harness names the profile’s settings.json');
    // The profile's logs, the Seedling output channel's file among them.
    const logs = filesUnder(join(dirname(dirname(userSettings)), 'logs'));
    assert.ok(logs.length > 0, 'the profile has logs');
    const searched = [...filesUnder(join(root, '.seedling')), join(root, '.vscode', 'settings.json'), userSettings, ...logs];
    assert.ok(searched.some((file) => file.endsWith('candidates.jsonl')), 'the runs’ journals are searched');
    const holding = searched.filter((file) => readFileSync(file).includes(KEY_PART));
    assert.deepEqual(holding, [], 'files holding the key');
    console.log(`[key leaks] ${searched.length} files searched; capture server: ${capture.requests.length} requests, ${capture.requests.filter((r) => r.authorization?.includes(KEY_PART) === true).length} with the key (after consent); ${errors.length} errors searched; key occurrences: ${holding.length}`);
  });

  test('nor does the log as the extension keeps it', async () => {
    const { api } = await activateSeedling();
    const log = api.recentLog();
    assert.ok(log.some((line) => line.includes('401') || /API key/i.test(line)), 'the failures were logged');
    assert.deepEqual(log.filter((line) => line.includes(KEY_PART)), []);
  });
});
