import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ProviderId } from '../../src/core/llm/providers';
import type { KeyConsent } from '../../src/extension/endpointKeys';
import { activateSeedling } from './seedlingExtension';

const KEY = 'sk-integration-0123456789abcdefXYZ';

suite('API keys', () => {
  teardown(async () => {
    const { api } = await activateSeedling();
    await api.keys.remove('custom');
  });

  test('a key goes without asking to the endpoint it was stored for, and only with consent elsewhere', async () => {
    const { api } = await activateSeedling();
    const asked: string[] = [];
    let answer: KeyConsent = 'never';
    const keys = api.keys.withConsent((provider: ProviderId, endpoint: string, storedFor: readonly string[]) => {
      asked.push(`${provider} ${endpoint} (stored for ${storedFor.join(', ')})`);
      return Promise.resolve(answer);
    });
    await keys.store('custom', KEY, 'http://127.0.0.1:8787/v1/');
    assert.equal(await keys.apiKey('custom', 'http://127.0.0.1:8787/v1'), KEY);
    assert.deepEqual(asked, []);
    assert.equal(await keys.apiKey('custom', 'https://capture.example/v1'), undefined, 'refused: the key is not sent');
    assert.deepEqual(asked, ['custom https://capture.example/v1 (stored for http://127.0.0.1:8787/v1)']);
    answer = 'always';
    assert.equal(await keys.apiKey('custom', 'https://capture.example/v1'), KEY);
    assert.equal(await keys.apiKey('custom', 'https://capture.example/v1'), KEY);
    assert.equal(asked.length, 2, 'asked once more, then remembered');
  });

  test('the key never reaches settings or the log', async () => {
    const { api } = await activateSeedling();
    await api.keys.store('custom', KEY, 'http://127.0.0.1:8787/v1');
    const settings = vscode.workspace.getConfiguration('seedling');
    const everything = JSON.stringify(['provider', 'baseUrl', 'model', 'judgeModel', 'maxConcurrency', 'outputFile'].map((name) => settings.inspect(name)));
    assert.doesNotMatch(everything, /sk-integration/);
    assert.doesNotMatch(api.recentLog().join('\n'), /sk-integration/);
  });
});
