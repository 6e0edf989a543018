// The client against a real HTTP server speaking the OpenAI API, fault by fault.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { z } from 'zod';
import { CapabilityStore } from '../../../src/core/llm/capabilityStore';
import { LlmError } from '../../../src/core/llm/llmErrors';
import { openLlmSession } from '../../../src/core/llm/llmSession';
import { OpenAiCompatibleClient, type OpenAiCompatibleClientOptions } from '../../../src/core/llm/openAiCompatibleClient';
import { CostMeter, PriceTable } from '../../../src/core/llm/pricing';
import { PROVIDER_PRESETS, type ProviderId } from '../../../src/core/llm/providers';
import { MemoryResponseCache } from '../../../src/core/llm/responseCache';
import { RequestScheduler } from '../../../src/core/llm/scheduler';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

const MODEL = 'seedling-test-small';
const SECRET = 'sk-test-0123456789abcdefSECRET';
const question = (text: string) => ({ model: MODEL, messages: [{ role: 'user' as const, content: text }], maxTokens: 200 });

let server: LlmServer;
const clients: OpenAiCompatibleClient[] = [];

function client(overrides: Partial<OpenAiCompatibleClientOptions> & { provider?: ProviderId } = {}): { client: OpenAiCompatibleClient; cache: MemoryResponseCache; scheduler: RequestScheduler; store: CapabilityStore } {
  const cache = new MemoryResponseCache();
  const scheduler = overrides.scheduler ?? new RequestScheduler({ maxConcurrency: 8, baseDelayMs: 5, maxDelayMs: 20, retryAfterCapMs: 300 });
  const store = new CapabilityStore();
  const created = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: server.url, apiKey: SECRET, scheduler, cache, capabilityStore: store, stallTimeoutMs: 400, ...overrides });
  clients.push(created);
  return { client: created, cache, scheduler, store };
}

const chatRequests = (): number => server.requests.filter((r) => r.path === '/v1/chat/completions').length;

before(async () => {
  server = await startLlmServer();
});
beforeEach(() => {
  server.configure({ faults: [], capabilities: { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: true, embeddings: true, streamUsage: true }, apiKey: undefined, rateLimit: undefined });
  server.clearLog();
});
after(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await server.close();
});

describe('OpenAI-compatible client', () => {
  it('streams an answer with its usage, and serves the same request from the cache without a call', async () => {
    const { client: c, cache } = client();
    const first = await c.chat(question('How do I export my notes as Markdown?'));
    const choice = first.choices[0];
    assert.ok(choice && choice.text.length > 20);
    assert.deepEqual([choice.finishReason, choice.truncated, first.cached], ['stop', false, false]);
    assert.ok(first.usage.promptTokens > 0 && first.usage.completionTokens > 0);
    assert.equal(cache.size, 1);
    const second = await c.chat(question('How do I export my notes as Markdown?'));
    assert.equal(second.cached, true);
    assert.equal(second.costUsd, 0);
    assert.equal(second.choices[0]?.text, choice.text);
    assert.equal(chatRequests(), 1, 'the cache hit made no request');
    assert.equal(server.requests[0]?.headers['authorization'], `Bearer ${SECRET}`);
  });

  it('marks a cut-off answer as truncated and never caches it', async () => {
    const { client: c, cache } = client();
    const result = await c.chat({ ...question('Explain the sync settings in detail.'), maxTokens: 5 });
    assert.deepEqual([result.choices[0]?.finishReason, result.choices[0]?.truncated], ['length', true]);
    assert.equal(cache.size, 0);
    server.configure({ faults: [{ kind: 'content-filter', nth: [2] }] });
    const filtered = await c.chat(question('Another question about billing?'));
    assert.deepEqual([filtered.choices[0]?.finishReason, filtered.choices[0]?.truncated], ['content_filter', true]);
    assert.equal(cache.size, 0);
  });

  for (const kind of ['http500', 'http502', 'http503', 'http408', 'reset', 'reset-mid-stream', 'malformed-sse', 'stall-mid-stream'] as const) {
    it(`retries after ${kind} and returns the complete answer`, async () => {
      const { client: c, scheduler } = client();
      server.configure({ faults: [{ kind, nth: [1, 2] }] });
      const started = Date.now();
      const result = await c.chat(question(`What happens after a ${kind}?`));
      const answer = result.choices[0];
      assert.ok(answer);
      assert.equal(answer.truncated, false);
      assert.ok(answer.text.length > 20);
      assert.equal(chatRequests(), 3);
      assert.equal(scheduler.stats().retries, 2);
      assert.ok(Date.now() - started < 5000);
    });
  }

  it('stops retrying a persistent failure with a clear error, within bounded time, keeping nothing', async () => {
    const { client: c, cache } = client({ scheduler: new RequestScheduler({ maxConcurrency: 2, maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 }) });
    server.configure({ faults: [{ kind: 'http503' }] });
    const started = Date.now();
    await assert.rejects(c.chat(question('Is the service up?')), (error: unknown) => {
      assert.ok(error instanceof LlmError);
      assert.equal(error.reason, 'server-error');
      assert.match(error.message, /failed \(HTTP 503\).*Gave up after 4 attempts/);
      return true;
    });
    assert.equal(chatRequests(), 4);
    assert.ok(Date.now() - started < 3000);
    assert.equal(cache.size, 0);
  });

  it('honours Retry-After: 3600 only up to its cap', async () => {
    const { client: c } = client();
    server.configure({ faults: [{ kind: 'http429', nth: [1], retryAfterSeconds: 3600 }] });
    const started = Date.now();
    const result = await c.chat(question('Rate limited?'));
    assert.ok(result.choices[0]?.text);
    const elapsed = Date.now() - started;
    assert.ok(elapsed >= 290 && elapsed < 2000, `waited ${elapsed} ms: the 300 ms cap, not an hour`);
  });

  it('abandons a stalled answer after the stall timeout and tries again', async () => {
    const { client: c } = client({ stallTimeoutMs: 250 });
    server.configure({ faults: [{ kind: 'stall', nth: [1] }] });
    const started = Date.now();
    const result = await c.chat(question('Will this stall?'));
    assert.ok(result.choices[0]?.text);
    assert.ok(Date.now() - started >= 240);
    assert.equal(chatRequests(), 2);
  });

  it('treats an empty answer as a complete, empty one (the rule checks reject it)', async () => {
    const { client: c } = client();
    server.configure({ faults: [{ kind: 'empty', nth: [1] }] });
    const result = await c.chat(question('Say nothing.'));
    assert.deepEqual([result.choices[0]?.text, result.choices[0]?.finishReason], ['', 'stop']);
  });

  it('does not retry a refused key, and never shows the key', async () => {
    const { client: c } = client();
    server.configure({ apiKey: 'the-right-key' });
    await assert.rejects(c.chat(question('Hello?')), (error: unknown) => {
      assert.ok(error instanceof LlmError);
      assert.equal(error.reason, 'auth');
      assert.match(error.message, /refused the API key \(HTTP 401\)\. Set the right key with "Seedling: Set API Key"/);
      assert.doesNotMatch(error.message + String(error.stack), new RegExp(SECRET));
      return true;
    });
    assert.equal(chatRequests(), 1);
  });

  it('cancels a request in flight and the ones waiting behind it with one signal', async () => {
    const { client: c } = client({ scheduler: new RequestScheduler({ maxConcurrency: 1 }), stallTimeoutMs: 60_000 });
    server.configure({ faults: [{ kind: 'stall' }] });
    const controller = new AbortController();
    const calls = [c.chat(question('one'), { signal: controller.signal }), c.chat(question('two'), { signal: controller.signal })];
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    controller.abort();
    for (const call of calls) await assert.rejects(call, (e: unknown) => e instanceof LlmError && e.reason === 'cancelled');
    assert.ok(Date.now() - started < 500);
    assert.equal(chatRequests(), 1, 'the queued request was never sent');
  });

  it('emulates n where the server ignores it, and remembers that it does', async () => {
    const { client: c, store } = client();
    server.configure({ capabilities: { honoursN: false } });
    const result = await c.chat({ ...question('Give me a title for a note about sync.'), n: 3, temperature: 0.9, seed: 7 });
    assert.equal(result.choices.length, 3);
    assert.equal(new Set(result.choices.map((ch) => ch.text)).size, 3, 'three different answers');
    assert.equal(store.get(c.baseUrl, MODEL)?.honoursN, false);
    server.clearLog();
    await c.chat({ ...question('Another title?'), n: 2, seed: 1 });
    const bodies = server.requests.map((r) => (r.body as { n?: number }).n);
    assert.deepEqual(bodies, [undefined, undefined], 'sent as two single requests straight away');
  });

  it('stops at the budget before sending anything more', async () => {
    const meter = new CostMeter(new PriceTable({ [MODEL]: { input: 1000, output: 1000 } }), 0.5);
    const { client: c } = client({ costMeter: meter });
    await c.chat({ ...question('Cheap question?'), maxTokens: 100 });
    assert.ok(meter.spentUsd > 0);
    const before = chatRequests();
    await assert.rejects(c.chat({ ...question('One more?'), maxTokens: 400 }), (e: unknown) => e instanceof LlmError && e.reason === 'budget');
    assert.equal(chatRequests(), before);
  });

  describe('structured output', () => {
    const schema = z.object({ title: z.string().min(1), score: z.number().int().min(1).max(5), tags: z.array(z.string()) });
    const jsonSchema = {
      type: 'object',
      properties: { title: { type: 'string' }, score: { type: 'integer', minimum: 1, maximum: 5 }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['title', 'score', 'tags'],
      additionalProperties: false,
    };
    const structured = { name: 'note_review', schema, jsonSchema };

    it('uses json_schema where the server has it', async () => {
      const { client: c } = client();
      const result = await c.chatStructured(question('Review this note.'), structured);
      assert.equal(result.mode, 'json_schema');
      assert.ok(result.value.score >= 1 && result.value.score <= 5);
      assert.equal((server.requests[0]?.body as { response_format?: { type: string } }).response_format?.type, 'json_schema');
    });

    it('falls back to json_object, then learns not to try json_schema again (DeepSeek)', async () => {
      const { client: c, store } = client({ provider: 'custom' });
      server.configure({ capabilities: { jsonSchema: false, jsonObjectNeedsWordJson: true } });
      const result = await c.chatStructured(question('Review this note.'), structured);
      assert.equal(result.mode, 'json_object');
      assert.deepEqual(server.requests.map((r) => r.status), [400, 200]);
      assert.equal(store.get(c.baseUrl, MODEL)?.jsonSchema, false);
      server.clearLog();
      await c.chatStructured(question('Review another note.'), structured);
      assert.deepEqual(server.requests.map((r) => (r.body as { response_format?: { type: string } }).response_format?.type), ['json_object']);
    });

    it('the DeepSeek preset goes straight to JSON mode, with the word "json" in the prompt', async () => {
      const deepseek = new OpenAiCompatibleClient({ provider: 'deepseek', baseUrl: server.url, apiKey: SECRET, scheduler: new RequestScheduler({ maxConcurrency: 2 }) });
      clients.push(deepseek);
      server.configure({ capabilities: { jsonSchema: false, jsonObjectNeedsWordJson: true } });
      const result = await deepseek.chatStructured(question('Review this note.'), structured);
      assert.equal(result.mode, 'json_object');
      assert.deepEqual(server.requests.map((r) => r.status), [200]);
    });

    it('falls back to instructions and parses a fenced answer where the server has no JSON mode', async () => {
      const { client: c } = client();
      server.configure({ capabilities: { jsonSchema: false, jsonObject: false } });
      const result = await c.chatStructured(question('Review this note.'), structured);
      assert.equal(result.mode, 'instructions');
      assert.equal(schema.safeParse(result.value).success, true);
    });

    it('sends one repair request for an invalid answer, then gives up clearly', async () => {
      const { client: c } = client();
      const impossible = { ...structured, schema: schema.extend({ title: z.string().min(10_000) }) };
      await assert.rejects(c.chatStructured(question('Review this note.'), impossible), (error: unknown) => {
        assert.ok(error instanceof LlmError);
        assert.equal(error.reason, 'invalid-output');
        assert.match(error.message, /did not produce valid note_review JSON, even after a repair request/);
        return true;
      });
      assert.equal(chatRequests(), 2);
      const repair = (server.requests[1]?.body as { messages: { content: string }[] }).messages.at(-1)?.content ?? '';
      assert.match(repair, /^REPAIR: that answer is not valid \(title: /);
    });
  });

  it('embeds texts so that near copies are close and unrelated texts are not', async () => {
    const { client: c } = client();
    const { vectors } = await c.embed(['How do I export my notes as Markdown files?', 'How can I export my notes as Markdown files?', '住房公积金怎么提取'], 'seedling-embed');
    const cos = (a: readonly number[], b: readonly number[]): number => a.reduce((s, x, i) => s + x * (b[i] ?? 0), 0);
    assert.equal(vectors.length, 3);
    assert.ok(cos(vectors[0] ?? [], vectors[1] ?? []) > 0.8);
    assert.ok(cos(vectors[0] ?? [], vectors[2] ?? []) < 0.5);
  });

  it('probes what an endpoint supports and remembers it', async () => {
    const { client: c, store } = client();
    server.configure({ capabilities: { jsonSchema: false, honoursN: false } });
    const report = await c.probe(MODEL);
    assert.deepEqual([report.modelListed, report.capabilities.jsonSchema, report.capabilities.honoursN], [true, false, false]);
    assert.deepEqual(store.get(c.baseUrl, MODEL), { jsonSchema: false, honoursN: false });
    assert.ok(report.models?.includes('seedling-judge'));
  });
});

describe('presets against servers with their known differences', () => {
  const schema = z.object({ answer: z.string().min(1) });
  const structured = { name: 'answer', schema, jsonSchema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false } };

  for (const provider of ['openai', 'deepseek', 'dashscope', 'moonshot', 'openrouter', 'together', 'groq', 'ollama', 'lm-studio', 'vllm', 'llama-cpp', 'custom'] as const) {
    it(`${provider}: structured output and n work against a server that behaves like it`, async () => {
      const caps = PROVIDER_PRESETS[provider].capabilities;
      server.configure({ capabilities: { jsonSchema: caps.jsonSchema, jsonObject: caps.jsonObject, jsonObjectNeedsWordJson: caps.jsonObjectNeedsWordJson, honoursN: caps.honoursN, streamUsage: caps.streamUsage } });
      const { client: c } = client({ provider });
      const result = await c.chatStructured(question('Name one benefit of offline sync.'), structured);
      assert.ok(result.value.answer.length > 0);
      assert.ok(server.requests.every((r) => r.status === 200), `${provider} needed no failed request: ${server.requests.map((r) => r.status).join(', ')}`);
      const body = server.requests[0]?.body as { max_tokens?: number; max_completion_tokens?: number };
      assert.equal(caps.maxCompletionTokens ? body.max_completion_tokens : body.max_tokens, 200);
      const choices = await c.chat({ ...question('Two titles, please.'), n: 2, seed: 3 });
      assert.equal(choices.choices.length, 2);
    });
  }
});

describe('keys never reach the disk', () => {
  it('the cache and the learned capabilities hold no trace of the key', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sdl-keys-'));
    try {
      const session = await openLlmSession({ provider: 'custom', baseUrl: server.url, apiKey: SECRET, cacheDir: dir, maxConcurrency: 2 });
      await session.client.chat(question('Cache this answer.'));
      await session.client.probe(MODEL);
      await session.close();
      const files: string[] = [];
      const walk = (path: string): void => {
        for (const name of readdirSync(path)) {
          const full = join(path, name);
          if (statSync(full).isDirectory()) walk(full);
          else files.push(full);
        }
      };
      walk(dir);
      assert.ok(files.length >= 2, `cache files: ${files.join(', ')}`);
      for (const file of files) assert.doesNotMatch(readFileSync(file, 'utf8'), /SECRET|sk-test/, file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
