import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import { MULTI_TURN_TEMPLATES } from '../../../src/core/prompts/templates/multiTurnTemplates';
import { multiTurn } from '../../../src/core/strategies/multiTurn';
import { instructionOf } from '../../../src/core/strategies/sampleShapes';
import type { TaskResult } from '../../../src/core/strategies/strategy';
import { scriptedClient } from './llmTestDoubles';
import { type Harness, requestLog, strategyHarness, suiteServer, taskRunner, withStrategyHarness } from './strategyHarness';

const server = suiteServer();

interface LoggedBody {
  seed?: number;
  messages: { role: string; content: string }[];
  response_format?: { json_schema?: { schema: { properties: { turns: { minItems: number; maxItems: number } } } } };
}

const { bodies, promptOf } = requestLog<LoggedBody>(server);

function withHarness(seedFile: string, options: Record<string, string>, body: (harness: Harness) => Promise<void>): Promise<void> {
  return withStrategyHarness({ server, strategy: multiTurn, seedFile, templates: MULTI_TURN_TEMPLATES, options }, body);
}

const runWith = taskRunner(multiTurn);

function turnsOf(result: TaskResult): number {
  const sample = result.candidates[0]?.sample;
  return sample?.kind === 'chat' ? sample.messages.filter((m) => m.role === 'user').length : 0;
}

describe('Multi-turn dialogue', () => {
  it('writes a Chinese multi-turn dialogue on a seed’s topic, keeping the shared system prompt, in ShareGPT and OpenAI form', async () => {
    await withHarness('expense-reimbursement.sharegpt.json', {}, async (harness) => {
      const result = await harness.run(0);
      assert.equal(bodies().length, 1, 'one structured request per dialogue');
      const body = bodies()[0];
      assert.ok(body);
      const prompt = promptOf(body);
      assert.match(prompt, /话题边界/, 'the Chinese template for Chinese seeds');
      assert.match(prompt, /### 示例 2/, 'two seeds are shown as examples');
      assert.equal(body.seed, 0);
      const turns = body.response_format?.json_schema?.schema.properties.turns;
      assert.ok(turns && turns.minItems === turns.maxItems && turns.minItems >= 3 && turns.minItems <= 6, 'an exact turn count between 3 and 6 is asked for');

      const candidate = result.candidates[0];
      assert.ok(candidate);
      assert.equal(result.candidates.length, 1);
      assert.equal(candidate.discardedBecause, undefined);
      assert.equal(candidate.sample.kind, 'chat');
      assert.equal(multiTurn.outputKind('chat'), 'chat');
      assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, []);
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
      assert.equal(candidate.sample.messages[0]?.role, 'system');
      assert.match(candidate.sample.messages[0].content, /小衡/, 'the seeds’ shared system prompt');
      assert.equal(turnsOf(result), turns.minItems);
      candidate.sample.messages.slice(1).forEach((m, i) => {
        assert.equal(m.role, i % 2 === 0 ? 'user' : 'assistant', 'fixed, alternating roles');
      });

      assert.ok(candidate.seedIds.length >= 2 && candidate.seedIds.length <= 3);
      assert.ok(candidate.nearestSeedId !== undefined && candidate.seedIds.includes(candidate.nearestSeedId));
      const topic = harness.context.seeds.find((s) => s.id === candidate.nearestSeedId);
      assert.ok(topic);
      assert.ok(prompt.includes(instructionOf(topic.sample)), 'the topic seed’s question is stated in the prompt');
      assert.deepEqual(result.models, ['seedling-test-large']);
      assert.equal(result.templateHashes.length, 1);
    });
  });

  it('draws the number of turns per task within the options, and answers a repeated task from the cache', async () => {
    await withHarness('product-support.chat.jsonl', {}, async (harness) => {
      const counts = new Set<number>();
      for (let task = 0; task < 8; task++) counts.add(turnsOf(await harness.run(task)));
      assert.ok([...counts].every((n) => n >= 3 && n <= 6));
      assert.ok(counts.size > 1, 'different tasks get different lengths');
      const requests = server.requests.length;
      const first = await harness.run(4);
      assert.equal(server.requests.length, requests, 'the repeated task sent nothing');
      const again = await harness.run(4);
      assert.deepEqual(again.candidates, first.candidates);
      assert.match(promptOf(bodies()[0]), /Topic boundary/, 'the English template for English seeds');
      const sample = first.candidates[0]?.sample;
      assert.ok(sample?.kind === 'chat');
      assert.match(sample.messages[0]?.content ?? '', /Lumi/);
    });
    await withHarness('product-support.chat.jsonl', { minTurns: '2', maxTurns: '2' }, async (harness) => {
      for (const task of [0, 1, 2]) assert.equal(turnsOf(await harness.run(task)), 2);
    });
  });

  it('takes topics from instruction seeds, with no system prompt when they have none', async () => {
    await withHarness('gov-faq-housing-fund.alpaca.jsonl', {}, async (harness) => {
      const result = await harness.run(1);
      assert.match(promptOf(bodies()[0]), /未提供/, 'no role given');
      const sample = result.candidates[0]?.sample;
      assert.ok(sample?.kind === 'chat');
      assert.equal(sample.messages[0]?.role, 'user');
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', sample)).problems, []);
      assert.equal(multiTurn.outputKind('instruction'), 'chat');
    });
  });

  it('discards a dialogue with fewer turns than the minimum, and cuts one with too many', async () => {
    const harness = await strategyHarness({ server, strategy: multiTurn, seedFile: 'expense-reimbursement.sharegpt.json', templates: MULTI_TURN_TEMPLATES });
    try {
      const turn = { user: '差旅费怎么报销？', assistant: '在OA提交差旅报销单。' };
      const short = await runWith({ ...harness.context, client: scriptedClient({ structured: () => ({ turns: [turn, turn] }) }) }, 0);
      const candidate = short.candidates[0];
      assert.ok(candidate);
      assert.match(candidate.discardedBecause ?? '', /the dialogue has 2 turns, fewer than the minimum of 3/);
      assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, [], 'the discarded dialogue is still journaled as a valid sample');

      const long = await runWith({ ...harness.context, client: scriptedClient({ structured: () => ({ turns: Array.from({ length: 9 }, () => turn) }) }) }, 0);
      assert.equal(long.candidates[0]?.discardedBecause, undefined);
      assert.equal(turnsOf(long), 6);
    } finally {
      await harness.close();
    }
  });

  it('refuses seeds and options it cannot work with, saying what to use', async () => {
    assert.match(multiTurn.unsupportedKind('classification') ?? '', /Classification strategy/);
    assert.match(multiTurn.unsupportedKind('preference') ?? '', /Preference strategy/);
    assert.match(multiTurn.unsupportedKind('completion') ?? '', /Self-Instruct/);
    assert.equal(multiTurn.unsupportedKind('chat'), undefined);
    assert.equal(multiTurn.unsupportedKind('instruction'), undefined);
    await withHarness('product-support.chat.jsonl', { minTurns: '5', maxTurns: '3' }, async (harness) => {
      await assert.rejects(harness.run(0), /"maxTurns" \(3\) must not be below "minTurns" \(5\)/);
    });
  });
});
