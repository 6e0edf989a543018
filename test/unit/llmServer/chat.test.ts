import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { AuthenticationError, BadRequestError, NotFoundError } from 'openai';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import { startLlmServer, type LlmServer } from '../../llmServer/llmServer';
import { ask, cjkShare, clientFor } from './serverClient';

const QUESTION = 'How does photosynthesis turn sunlight into chemical energy in green plants?';

describe('test LLM server: chat completions', () => {
  let server: LlmServer;
  before(async () => {
    server = await startLlmServer();
  });
  after(async () => {
    await server.close();
  });
  beforeEach(() => {
    server.configure({ apiKey: undefined, capabilities: { honoursN: true, streamUsage: true } });
    server.clearLog();
  });

  it('lists its models the way the SDK reads them', async () => {
    const client = clientFor(server);
    const ids: string[] = [];
    for await (const model of client.models.list()) {
      assert.equal(model.object, 'model');
      assert.equal(model.owned_by, 'seedling-test');
      ids.push(model.id);
    }
    assert.deepEqual(ids, ['seedling-test-small', 'seedling-test-large', 'seedling-judge', 'seedling-embed']);
    assert.equal((await client.models.retrieve('seedling-judge')).id, 'seedling-judge');
  });

  it('answers in the chat.completion shape with consistent usage', async () => {
    const completion = await clientFor(server).chat.completions.create(ask(QUESTION));
    assert.equal(completion.object, 'chat.completion');
    assert.match(completion.id, /^chatcmpl-/);
    assert.equal(completion.model, 'seedling-test-small');
    const [choice] = completion.choices;
    assert.ok(choice);
    assert.equal(choice.index, 0);
    assert.equal(choice.message.role, 'assistant');
    assert.equal(choice.finish_reason, 'stop');
    assert.equal(choice.logprobs, null);
    const content = choice.message.content ?? '';
    const words = content.split(/\s+/).filter((w) => w !== '').length;
    assert.ok(words >= 30 && words <= 120, `${words} words: ${content}`);
    // The answer is about the question: it reuses its salient words.
    assert.match(content, /photosynthesis|sunlight|chemical energy|green plants|energy|plants/i);
    const usage = completion.usage;
    assert.ok(usage);
    assert.ok(usage.prompt_tokens > 4 && usage.completion_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  it('streams the same text as the non-streamed answer, with usage in the last chunk', async () => {
    const client = clientFor(server);
    // Built apart from the call: the SDK marks `seed` deprecated, and the server still honours it.
    const seeded = { ...ask(QUESTION), seed: 7 };
    const whole = await client.chat.completions.create(seeded);
    const stream = await client.chat.completions.create({ ...seeded, stream: true, stream_options: { include_usage: true } });
    const chunks: ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    assert.deepEqual(chunks[0]?.choices[0]?.delta, { role: 'assistant', content: '', refusal: null });
    const contentChunks = chunks.filter((c) => (c.choices[0]?.delta.content ?? '') !== '');
    assert.ok(contentChunks.length >= 8 && contentChunks.length <= 20, `${contentChunks.length} content chunks`);
    assert.equal(contentChunks.map((c) => c.choices[0]?.delta.content).join(''), whole.choices[0]?.message.content);
    const finish = chunks.find((c) => c.choices[0]?.finish_reason);
    assert.equal(finish?.choices[0]?.finish_reason, 'stop');
    const last = chunks.at(-1);
    assert.deepEqual(last?.choices, []);
    assert.deepEqual(last.usage, whole.usage);
    assert.ok(chunks.every((c) => c.id === chunks[0]?.id));
  });

  it('sends no usage chunk unless asked, or when the server does not support it', async () => {
    const client = clientFor(server);
    const plain = await client.chat.completions.create({ ...ask(QUESTION), stream: true });
    for await (const chunk of plain) assert.equal(chunk.usage, undefined);
    server.configure({ capabilities: { streamUsage: false } });
    const unsupported = await client.chat.completions.create({ ...ask(QUESTION), stream: true, stream_options: { include_usage: true } });
    for await (const chunk of unsupported) {
      assert.ok(chunk.usage === undefined || chunk.usage === null);
      assert.ok(chunk.choices.length > 0);
    }
  });

  it('is deterministic: the same request gets the same answer, any change a different one', async () => {
    const client = clientFor(server);
    const text = async (extra: { seed?: number; temperature?: number; model?: string }): Promise<string> => {
      const { model, ...rest } = extra;
      const completion = await client.chat.completions.create({ ...ask(QUESTION, model), ...rest });
      return completion.choices[0]?.message.content ?? '';
    };
    const first = await text({ seed: 1, temperature: 0.7 });
    assert.equal(await text({ seed: 1, temperature: 0.7 }), first);
    assert.notEqual(await text({ seed: 2, temperature: 0.7 }), first);
    assert.notEqual(await text({ seed: 1, temperature: 1 }), first);
    assert.notEqual(await text({ seed: 1, temperature: 0.7, model: 'seedling-test-large' }), first);
  });

  it('gives n different choices, and one when the server ignores n', async () => {
    const client = clientFor(server);
    const three = await client.chat.completions.create({ ...ask(QUESTION), n: 3 });
    assert.deepEqual(three.choices.map((c) => c.index), [0, 1, 2]);
    assert.equal(new Set(three.choices.map((c) => c.message.content)).size, 3);
    const single = await client.chat.completions.create(ask(QUESTION));
    assert.equal(three.choices[0]?.message.content, single.choices[0]?.message.content);

    server.configure({ capabilities: { honoursN: false } });
    const ignored = await client.chat.completions.create({ ...ask(QUESTION), n: 3 });
    assert.equal(ignored.choices.length, 1);
  });

  it('interleaves the choices of a stream by index', async () => {
    const client = clientFor(server);
    const whole = await client.chat.completions.create({ ...ask(QUESTION), n: 3 });
    const stream = await client.chat.completions.create({ ...ask(QUESTION), n: 3, stream: true });
    const texts = ['', '', ''];
    const order: number[] = [];
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        texts[choice.index] = `${texts[choice.index] ?? ''}${choice.delta.content ?? ''}`;
        if ((choice.delta.content ?? '') !== '') order.push(choice.index);
      }
    }
    assert.deepEqual(texts, whole.choices.map((c) => c.message.content));
    assert.deepEqual(order.slice(0, 6), [0, 1, 2, 0, 1, 2]);
  });

  it('answers a Chinese question in Chinese and an English one in English', async () => {
    const client = clientFor(server);
    const zh = await client.chat.completions.create(ask('请解释一下光合作用是如何把太阳能转化为化学能的？'));
    const zhText = zh.choices[0]?.message.content ?? '';
    assert.ok(cjkShare(zhText) > 0.9, zhText);
    const han = zhText.match(/\p{Script=Han}/gu)?.length ?? 0;
    assert.ok(han >= 40 && han <= 200, `${han} characters: ${zhText}`);
    const en = await client.chat.completions.create(ask(QUESTION));
    assert.equal(cjkShare(en.choices[0]?.message.content ?? ''), 0);
    // The system message decides when there is no user message.
    const system = await client.chat.completions.create({ model: 'seedling-test-small', messages: [{ role: 'system', content: '你是一名中文写作助手，请介绍时间管理。' }] });
    assert.ok(cjkShare(system.choices[0]?.message.content ?? '') > 0.9);
  });

  it('cuts an answer at max_tokens with finish_reason length, and at stop strings', async () => {
    const client = clientFor(server);
    const full = (await client.chat.completions.create(ask(QUESTION))).choices[0]?.message.content ?? '';
    const legacyLimit = { ...ask(QUESTION), max_tokens: 10 };
    const cut = await client.chat.completions.create(legacyLimit);
    assert.equal(cut.choices[0]?.finish_reason, 'length');
    assert.ok((cut.usage?.completion_tokens ?? 99) <= 10);
    const cutText = cut.choices[0].message.content ?? '';
    assert.ok(cutText.length > 0 && full.startsWith(cutText));
    const newer = await client.chat.completions.create({ ...ask(QUESTION), max_completion_tokens: 5 });
    assert.equal(newer.choices[0]?.finish_reason, 'length');

    const stopAt = full.split(' ')[5] ?? '';
    const stopped = await client.chat.completions.create({ ...ask(QUESTION), stop: [stopAt, 'never-there'] });
    assert.equal(stopped.choices[0]?.finish_reason, 'stop');
    assert.equal(stopped.choices[0].message.content, full.slice(0, full.indexOf(stopAt)));
  });

  it('returns token log-probabilities when asked', async () => {
    const completion = await clientFor(server).chat.completions.create({ ...ask(QUESTION), logprobs: true, top_logprobs: 3 });
    const choice = completion.choices[0];
    const tokens = choice?.logprobs?.content ?? [];
    assert.ok(tokens.length > 10);
    assert.equal(tokens.map((t) => t.token).join(''), choice?.message.content);
    assert.ok(tokens.every((t) => t.logprob <= 0 && t.top_logprobs.length === 3));
  });

  it('refuses unknown models and invalid parameters like OpenAI does', async () => {
    const client = clientFor(server);
    await assert.rejects(client.chat.completions.create(ask(QUESTION, 'gpt-imaginary')), (error: unknown) => {
      assert.ok(error instanceof NotFoundError);
      assert.equal(error.code, 'model_not_found');
      return true;
    });
    await assert.rejects(client.chat.completions.create({ ...ask(QUESTION), temperature: 3 }), BadRequestError);
    await assert.rejects(client.chat.completions.create({ model: 'seedling-test-small', messages: [] }), BadRequestError);
  });

  it('checks the API key when one is set, and logs the Authorization header', async () => {
    server.configure({ apiKey: 'sk-right' });
    await assert.rejects(clientFor(server).chat.completions.create(ask(QUESTION)), (error: unknown) => {
      assert.ok(error instanceof AuthenticationError);
      assert.equal(error.status, 401);
      assert.equal(error.code, 'invalid_api_key');
      return true;
    });
    const ok = await clientFor(server, { apiKey: 'sk-right' }).chat.completions.create(ask(QUESTION));
    assert.equal(ok.choices.length, 1);
    assert.deepEqual(server.requests.map((r) => [r.headers.authorization, r.status]), [['Bearer test', 401], ['Bearer sk-right', 200]]);
  });
});
