// Models of VS Code's Language Model API in a run. VS Code 1.99 offers no way to register a
// model provider and code-server ships none, so the model here is a stand-in with the same
// surface that forwards to the local test LLM server (which reads a JSON schema from a prompt).
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { openLlmSession } from '../../src/core/llm/llmSession';
import { runGeneration } from '../../src/core/pipeline';
import { BUILT_IN_TEMPLATES } from '../../src/core/prompts/generationTemplates';
import { TemplateLibrary } from '../../src/core/prompts/promptTemplate';
import { DEFAULT_RUBRICS } from '../../src/core/quality/rubrics';
import { reduceEvents } from '../../src/core/runs/candidateState';
import { readJournal } from '../../src/core/runs/journal';
import { STRATEGIES } from '../../src/core/strategies/strategyRegistry';
import { LanguageModelApiClient, type LanguageModelChatLike } from '../../src/extension/runs/languageModelApiClient';
import { type LlmServer, startLlmServer } from '../llmServer/llmServer';
import { activateSeedling } from './seedlingExtension';

const quiet = { trace: () => undefined, debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/** The text of a Language Model API message, and its role as the chat completions API names it. */
function plain(message: vscode.LanguageModelChatMessage): { role: string; content: string } {
  const content = message.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
  return { role: message.role === vscode.LanguageModelChatMessageRole.Assistant ? 'assistant' : 'user', content };
}

/** A Language Model API model that answers through the test server, or from a script. */
function standIn(server: LlmServer | undefined, script: string[] = []): LanguageModelChatLike & { readonly seen: { role: string; content: string }[][] } {
  const seen: { role: string; content: string }[][] = [];
  return {
    id: 'stand-in',
    seen,
    async sendRequest(messages) {
      const asked = messages.map(plain);
      seen.push(asked);
      let text = script.shift();
      if (text === undefined && server) {
        const response = await fetch(`${server.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer k' }, body: JSON.stringify({ model: 'seedling-test-large', messages: asked, temperature: 0.9 }) });
        const body = (await response.json()) as { choices: { message: { content: string } }[] };
        text = body.choices[0]?.message.content ?? '';
      }
      const parts = [text ?? ''];
      return { text: (async function* () { yield* parts; })() };
    },
  };
}

suite('Language Model API models', () => {
  let server: LlmServer;
  suiteSetup(async () => {
    server = await startLlmServer();
  });
  suiteTeardown(async () => {
    await server.close();
  });

  test('a chat goes to the model with the system prompt leading the first user message, and costs nothing here', async () => {
    const model = standIn(undefined, ['Hello from the stand-in.']);
    const client = new LanguageModelApiClient(undefined, (id) => Promise.resolve(id === 'stand-in' ? model : undefined));
    const result = await client.chat({ model: 'vscode-lm:stand-in', messages: [{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Hi' }] });
    assert.equal(result.choices[0]?.text, 'Hello from the stand-in.');
    assert.equal(result.costUsd, 0);
    assert.deepEqual(model.seen[0], [{ role: 'user', content: 'Be brief.\n\nHi' }]);
    await assert.rejects(client.chat({ model: 'vscode-lm:gone', messages: [{ role: 'user', content: 'Hi' }] }), /has no model gone now/);
    await assert.rejects(client.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }), /needs a model endpoint/);
  });

  test('structured answers are asked for in the prompt, with one repair request', async () => {
    const model = standIn(undefined, ['Sure! Here it is: {"answer": 4', '{"answer": 4}']);
    const client = new LanguageModelApiClient(undefined, () => Promise.resolve(model));
    const { z } = await import('zod');
    const result = await client.chatStructured({ model: 'vscode-lm:stand-in', messages: [{ role: 'user', content: '2+2?' }] }, { name: 'sum', schema: z.object({ answer: z.number() }), jsonSchema: { type: 'object', properties: { answer: { type: 'number' } }, required: ['answer'] } });
    assert.deepEqual(result.value, { answer: 4 });
    assert.equal(result.mode, 'repaired');
    assert.match(model.seen[0]?.[0]?.content ?? '', /JSON Schema/);
    assert.match(model.seen[1]?.at(-1)?.content ?? '', /^REPAIR:/);
  });

  test('a run generates with a Language Model API model and judges with an endpoint model', async () => {
    const workspace = mkdtempSync(join(tmpdir(), 'sdl-lm-'));
    const endpoint = await openLlmSession({ provider: 'custom', baseUrl: server.url, apiKey: 'k', maxConcurrency: 4 });
    const model = standIn(server);
    server.clearLog();
    try {
      const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
      const report = await runGeneration(
        { session: { client: new LanguageModelApiClient(endpoint.client, () => Promise.resolve(model)), costMeter: endpoint.costMeter }, strategies: STRATEGIES, templates: new TemplateLibrary(BUILT_IN_TEMPLATES), rubrics: DEFAULT_RUBRICS, logger: quiet },
        { workspaceRoot: workspace, seedPath: join(root, 'gov-faq-housing-fund.alpaca.jsonl'), strategy: 'distillation', count: 2, models: ['vscode-lm:stand-in'], judgeModels: ['seedling-judge'], temperature: 0.9, maxTokens: 800, strategyOptions: {}, concurrency: 2, dedupThreshold: 0.7, provider: { id: 'custom', baseUrl: server.url } },
      );
      assert.equal(report.stopReason, 'completed', report.message);
      const kept = [...reduceEvents((await readJournal(report.runDir)).events).values()].filter((c) => c.status === 'pending');
      assert.equal(kept.length, 2);
      assert.ok(kept.every((c) => c.provenance.models.includes('vscode-lm:stand-in') && c.verdict?.models.includes('seedling-judge')));
      assert.ok(model.seen.length >= 2, 'the generator requests went through the Language Model API');
      const bodies = server.requests.map((r) => r.body as { model?: string });
      assert.ok(bodies.some((b) => b.model === 'seedling-judge'), 'the judge used the endpoint');
    } finally {
      await endpoint.close();
      rmSync(workspace, { recursive: true, force: true });
    }
  });

  test('a run of Language Model API models alone opens no endpoint, and says so when the model is not there', async () => {
    const { api } = await activateSeedling();
    const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? '';
    // The default provider wants an API key none is stored for: only the endpoint would need it.
    const engine = await api.generation.openEngine(root, undefined, ['vscode-lm:absent']);
    try {
      await assert.rejects(engine.session.client.chat({ model: 'vscode-lm:absent', messages: [{ role: 'user', content: 'Hi' }] }), /has no model absent now\. Check that the extension providing it is installed/);
      await assert.rejects(engine.session.client.chat({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }), /needs a model endpoint/);
    } finally {
      await engine.session.close();
    }
  });
});
