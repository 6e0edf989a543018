import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LlmError } from '../../../src/core/llm/llmErrors';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { RequestScheduler } from '../../../src/core/llm/scheduler';
import { ifdScore } from '../../../src/core/quality/ifd';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

let server: LlmServer;
before(async () => {
  server = await startLlmServer({ capabilities: { promptLogprobs: true } });
});
after(async () => {
  await server.close();
});

describe('IFD', () => {
  it('scores lower when the instruction makes the answer predictable (vLLM-style endpoint)', async () => {
    const client = new OpenAiCompatibleClient({ provider: 'vllm', baseUrl: server.url, scheduler: new RequestScheduler({ maxConcurrency: 4 }) });
    try {
      const related = await ifdScore(client, 'seedling-test-small', 'Explain how offline sync merges edited notes', 'offline sync merges edited notes by timestamp');
      const unrelated = await ifdScore(client, 'seedling-test-small', 'What is the capital of France', 'offline sync merges edited notes by timestamp');
      assert.ok(related && unrelated);
      assert.ok(related.ifd < 1 && related.ifd < unrelated.ifd, `related ${related.ifd}, unrelated ${unrelated.ifd}`);
      assert.ok(Math.abs(unrelated.ifd - 1) < 0.5);
      const logged = server.requests.find((r) => r.path.endsWith('/completions'))?.body as { echo?: boolean; logprobs?: number };
      assert.deepEqual([logged.echo, logged.logprobs], [true, 1]);
    } finally {
      await client.close();
    }
  });

  it('says why it is unavailable where the endpoint returns no prompt log-probabilities', async () => {
    const openai = new OpenAiCompatibleClient({ provider: 'openai', baseUrl: server.url, apiKey: 'k', scheduler: new RequestScheduler({ maxConcurrency: 1 }) });
    const custom = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: server.url, apiKey: 'k', scheduler: new RequestScheduler({ maxConcurrency: 1 }) });
    server.configure({ capabilities: { promptLogprobs: false } });
    try {
      await assert.rejects(ifdScore(openai, 'seedling-test-small', 'q', 'a b c'), (e: unknown) => e instanceof LlmError && e.reason === 'unsupported' && /IFD scores need the log-probabilities of prompt tokens.*vLLM returns them/.test(e.message));
      await assert.rejects(ifdScore(custom, 'seedling-test-small', 'q', 'a b c'), (e: unknown) => e instanceof LlmError && e.reason === 'unsupported' && /answered HTTP 404/.test(e.message));
    } finally {
      server.configure({ capabilities: { promptLogprobs: true } });
      await openai.close();
      await custom.close();
    }
  });
});
