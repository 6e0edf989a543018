// Access to the Seedling extension under test, for the suites in this folder.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SeedlingApi } from '../../src/extension/api';
import type { StrategyId } from '../../src/core/strategies/strategy';
import type { GenerationRequest } from '../../src/extension/runs/generationService';

export const EXTENSION_ID = 'seedling.seedling';

export async function activateSeedling(): Promise<{ extension: vscode.Extension<SeedlingApi>; api: SeedlingApi }> {
  const extension = vscode.extensions.getExtension<SeedlingApi>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is installed`);
  const api = await extension.activate();
  return { extension, api };
}

/** Waits until `condition` holds, polling; fails with `what` after `timeoutMs`. */
export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

/** Points Seedling at a local test LLM server with a stored key; resolves with what puts the settings back. */
export async function useTestServer(serverUrl: string, key: string): Promise<() => Promise<void>> {
  const settings = vscode.workspace.getConfiguration('seedling');
  await settings.update('provider', 'custom', vscode.ConfigurationTarget.Workspace);
  await settings.update('baseUrl', serverUrl, vscode.ConfigurationTarget.Workspace);
  const { api } = await activateSeedling();
  await api.keys.store('custom', key, serverUrl);
  return async () => {
    await settings.update('provider', undefined, vscode.ConfigurationTarget.Workspace);
    await settings.update('baseUrl', undefined, vscode.ConfigurationTarget.Workspace);
    await api.keys.remove('custom');
  };
}

/** A run of the test server's models on a seed file. */
export function testRun(seed: string, strategy: StrategyId, count: number): GenerationRequest {
  return { seed: vscode.Uri.file(seed), strategy, count, models: ['seedling-test-large'], judgeModels: ['seedling-judge'], temperature: 0.9, maxTokens: 800, strategyOptions: {} };
}

/**
 * Replaces `vscode.window.showWarningMessage` while `body` runs, answering every warning (the
 * consent prompt for a key is one) with `choice`; resolves with the warnings shown.
 */
export async function answeringWarnings(choice: string | undefined, body: () => Promise<void>): Promise<string[]> {
  return answeringMessages('showWarningMessage', choice, body);
}

/** Like answeringWarnings, for the messages of one severity. */
export async function answeringMessages(kind: 'showErrorMessage' | 'showWarningMessage' | 'showInformationMessage', choice: string | undefined, body: () => Promise<void>): Promise<string[]> {
  const shown: string[] = [];
  const original: unknown = Reflect.get(vscode.window, kind);
  assert.ok(Reflect.set(vscode.window, kind, (message: string) => {
    shown.push(message);
    return Promise.resolve(choice);
  }), 'the warning can be observed');
  try {
    await body();
  } finally {
    Reflect.set(vscode.window, kind, original);
  }
  return shown;
}
