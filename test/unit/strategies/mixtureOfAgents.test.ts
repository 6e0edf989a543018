import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import type { LlmClient } from '../../../src/core/llm/llmClient';
import { MIXTURE_OF_AGENTS_TEMPLATES } from '../../../src/core/prompts/templates/mixtureOfAgentsTemplates';
import { mixtureOfAgents } from '../../../src/core/strategies/mixtureOfAgents';
import { wrappingClient } from './llmTestDoubles';
import { assertBilingualTemplates, type Harness, requestLog, strategyHarness, suiteServer, taskRunner } from './strategyHarness';

const server = suiteServer();

const { bodyAt: bodyOf, promptAt: promptOf } = requestLog(server);

const THREE = ['seedling-test-small', 'seedling-test-large', 'seedling-judge'];

function setup(seedFile: string, models: readonly string[], options: Readonly<Record<string, string>> = {}): Promise<Harness> {
  return strategyHarness({ server, strategy: mixtureOfAgents, seedFile, templates: MIXTURE_OF_AGENTS_TEMPLATES, models, options });
}

const runWith = taskRunner(mixtureOfAgents);

/** The harness's client, noting every chat answer by model. */
function recordingClient(inner: LlmClient, answers: Map<string, string[]>): LlmClient {
  return wrappingClient(inner, {
    onChat: (request, result) => {
      answers.set(request.model, [...(answers.get(request.model) ?? []), result.choices[0]?.text.trim() ?? '']);
    },
  });
}

describe('Mixture-of-agents', () => {
  it('has three models propose and an aggregator merge their proposals, in the seed format', async () => {
    const harness = await setup('product-support.chat.jsonl', THREE, { aggregator: 'seedling-test-large' });
    try {
      const answers = new Map<string, string[]>();
      const context = { ...harness.context, client: recordingClient(harness.client, answers) };
      server.clearLog();
      const result = await runWith(context, 2);
      assert.equal(server.requests.length, 4, 'three proposals, then one aggregation');
      assert.deepEqual([0, 1, 2].map((n) => bodyOf(n).model).sort(), [...THREE].sort());
      for (const n of [0, 1, 2]) {
        assert.doesNotMatch(promptOf(n), /Candidate answer/);
        assert.match(promptOf(n), /Knowledge boundary/);
        assert.equal(bodyOf(n).seed, 2);
      }
      assert.equal(bodyOf(3).model, 'seedling-test-large');
      const aggregate = promptOf(3);
      assert.match(aggregate, /### Candidate answer 1\n[\s\S]*### Candidate answer 2\n[\s\S]*### Candidate answer 3\n/);
      assert.match(aggregate, /Never mention the candidates/);
      for (const model of THREE) {
        const proposal = answers.get(model)?.[0];
        assert.ok(proposal !== undefined && proposal.length > 0 && aggregate.includes(proposal), `the aggregation shows ${model}’s proposal`);
      }

      assert.equal(result.candidates.length, 1);
      const [candidate] = result.candidates;
      const seed = harness.context.seeds[2];
      assert.ok(candidate?.sample.kind === 'chat' && seed?.sample.kind === 'chat');
      assert.equal(candidate.discardedBecause, undefined);
      assert.deepEqual(candidate.seedIds, [seed.id]);
      assert.equal(candidate.nearestSeedId, seed.id);
      assert.equal(candidate.sample.messages[1]?.content, seed.sample.messages[1]?.content);
      assert.equal(candidate.sample.messages[2]?.content, answers.get('seedling-test-large')?.[1], 'the aggregator’s answer is the output');
      assert.match(candidate.sample.messages[0]?.content ?? '', /^You are Lumi/);
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
      assert.deepEqual([...result.models].sort(), [...THREE].sort(), 'every model used');
      assert.equal(result.templateHashes.length, 2, 'moa-propose and moa-aggregate');
      assert.equal(result.requestKeys.length, 4);

      const again = await runWith(context, 2);
      assert.equal(server.requests.length, 4, 'the repeated task was answered from the cache');
      assert.deepEqual(again, result, 'the same candidate, request keys and models, in the same order');
    } finally {
      await harness.close();
    }
  });

  it('is a single pass with one model and one layer: one request, in Chinese for Chinese seeds', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl', ['seedling-test-large']);
    try {
      server.clearLog();
      const result = await harness.run(1);
      assert.equal(server.requests.length, 1);
      assert.match(promptOf(0), /知识边界/);
      assert.doesNotMatch(promptOf(0), /候选回答/);
      const [candidate] = result.candidates;
      const seed = harness.context.seeds[1];
      assert.ok(candidate?.sample.kind === 'instruction' && seed?.sample.kind === 'instruction');
      assert.equal(candidate.sample.instruction, seed.sample.instruction.trim());
      assert.equal(candidate.sample.input, seed.sample.input.trim());
      assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
      assert.deepEqual(result.models, ['seedling-test-large']);
      assert.equal(result.templateHashes.length, 1);
    } finally {
      await harness.close();
    }
  });

  it('aggregates with the first model by default, and refines in every layer after the first', async () => {
    const harness = await setup('expense-reimbursement.sharegpt.json', ['seedling-test-small', 'seedling-judge'], { layers: '2' });
    try {
      server.clearLog();
      const result = await harness.run(0);
      assert.equal(server.requests.length, 5, 'two proposals, two refinements, one aggregation');
      for (const n of [0, 1]) assert.doesNotMatch(promptOf(n), /候选回答/);
      for (const n of [2, 3, 4]) assert.match(promptOf(n), /### 候选回答 2\n/);
      assert.deepEqual([2, 3].map((n) => bodyOf(n).model).sort(), ['seedling-judge', 'seedling-test-small']);
      assert.equal(bodyOf(4).model, 'seedling-test-small');
      const [candidate] = result.candidates;
      const seed = harness.context.seeds[0];
      assert.ok(candidate?.sample.kind === 'chat' && seed?.sample.kind === 'chat');
      assert.equal(candidate.sample.messages[1]?.content, seed.sample.messages.find((m) => m.role === 'user')?.content, 'the first user turn of a multi-turn seed');
      assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, []);
      assert.deepEqual([...result.models].sort(), ['seedling-judge', 'seedling-test-small']);
    } finally {
      await harness.close();
    }
  });

  it('leaves unusable proposals out, and discards the task when none is usable', async () => {
    const harness = await setup('product-support.chat.jsonl', THREE);
    try {
      server.clearLog();
      server.configure({ faults: [{ kind: 'empty', nth: [1] }] });
      const one = await harness.run(5);
      assert.equal(server.requests.length, 4);
      assert.match(promptOf(3), /### Candidate answer 2\n/);
      assert.doesNotMatch(promptOf(3), /### Candidate answer 3\n/);
      assert.equal(one.candidates[0]?.discardedBecause, undefined);

      server.clearLog();
      server.configure({ faults: [{ kind: 'length', nth: [1, 2, 3] }] });
      const none = await harness.run(6);
      assert.equal(server.requests.length, 3, 'no aggregation without proposals');
      assert.match(none.candidates[0]?.discardedBecause ?? '', /none of the 3 proposals/);

      server.clearLog();
      server.configure({ faults: [{ kind: 'length', nth: [4] }] });
      const cut = await harness.run(7);
      assert.match(cut.candidates[0]?.discardedBecause ?? '', /cut off/);
    } finally {
      server.configure({ faults: [] });
      await harness.close();
    }
  });

  it('has every template in English and Chinese, with the same placeholders and a knowledge boundary', () => {
    assertBilingualTemplates(MIXTURE_OF_AGENTS_TEMPLATES);
  });

  it('refuses seeds it cannot work from, saying which strategy to use', () => {
    assert.match(mixtureOfAgents.unsupportedKind('classification') ?? '', /use the Classification strategy/);
    assert.match(mixtureOfAgents.unsupportedKind('preference') ?? '', /use the Preference strategy/);
    for (const kind of ['instruction', 'chat', 'completion'] as const) {
      assert.equal(mixtureOfAgents.unsupportedKind(kind), undefined);
      assert.equal(mixtureOfAgents.outputKind(kind), kind);
    }
    assert.match(mixtureOfAgents.description.en, /single pass/);
  });
});
