import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import { selfInstruct } from '../../../src/core/strategies/selfInstruct';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';
import { strategyHarness } from './strategyHarness';

let server: LlmServer;
before(async () => {
  server = await startLlmServer();
});
after(async () => {
  await server.close();
});

describe('Self-Instruct', () => {
  it('writes several new Chinese instructions per request from Alpaca seeds, in the seed format', async () => {
    const harness = await strategyHarness({ server, strategy: selfInstruct, seedFile: 'gov-faq-housing-fund.alpaca.jsonl' });
    try {
      server.clearLog();
      const result = await harness.run(0);
      assert.equal(result.candidates.length, 4);
      for (const candidate of result.candidates) {
        assert.equal(candidate.sample.kind, 'instruction');
        assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
        assert.equal(candidate.seedIds.length, 8);
        assert.ok(candidate.seedIds.every((id) => /^line:\d+$/.test(id)));
      }
      const prompt = (server.requests[0]?.body as { messages: { content: string }[] }).messages.map((m) => m.content).join('\n');
      assert.match(prompt, /知识边界/, 'the Chinese template for Chinese seeds');
      assert.match(prompt, /### 示例 8/);
      assert.equal(result.templateHashes.length, 1);
      assert.deepEqual(result.models, ['seedling-test-large']);
      assert.ok(result.usage.promptTokens > 0);
    } finally {
      await harness.close();
    }
  });

  it('mixes in candidates the run already kept, and draws the same examples for the same task', async () => {
    const kept = [{ id: 't0-0', sample: { kind: 'chat' as const, messages: [{ role: 'user' as const, content: 'KEPT-MARKER question?' }, { role: 'assistant' as const, content: 'An answer.' }] } }];
    const harness = await strategyHarness({ server, strategy: selfInstruct, seedFile: 'product-support.chat.jsonl', kept });
    try {
      server.clearLog();
      const first = await harness.run(3);
      const again = await harness.run(3);
      const bodies = server.requests.map((r) => JSON.stringify(r.body));
      assert.equal(bodies.length, 1, 'the repeated task was answered from the cache');
      assert.match(bodies[0] ?? '', /KEPT-MARKER/);
      assert.deepEqual(first.candidates.map((c) => c.sample), again.candidates.map((c) => c.sample));
      for (const candidate of first.candidates) {
        assert.ok(candidate.sample.kind === 'chat');
        assert.equal(candidate.sample.messages[0]?.role, 'system', 'new dialogues keep the seeds’ shared system prompt');
      }
    } finally {
      await harness.close();
    }
  });

  it('refuses seeds it cannot work from, saying which strategy to use', () => {
    assert.match(selfInstruct.unsupportedKind('classification') ?? '', /use the Classification strategy/);
    assert.equal(selfInstruct.unsupportedKind('instruction'), undefined);
  });
});
