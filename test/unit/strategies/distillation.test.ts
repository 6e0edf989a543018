import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import { DISTILLATION_TEMPLATES } from '../../../src/core/prompts/templates/distillationTemplates';
import { distillation, shapeReasoning, splitReasoning } from '../../../src/core/strategies/distillation';
import type { SeedRecord } from '../../../src/core/strategies/strategy';
import { wrappingClient } from './llmTestDoubles';
import { assertBilingualTemplates, type Harness, requestLog, scratchSeedFiles, strategyHarness, suiteServer, taskRunner } from './strategyHarness';

const server = suiteServer();
const writeSeeds = scratchSeedFiles('seedling-distillation-');

const { promptAt: promptOf } = requestLog(server);

function setup(seedFile: string, options: Readonly<Record<string, string>> = {}, kept?: SeedRecord[]): Promise<Harness> {
  return strategyHarness({ server, strategy: distillation, seedFile, templates: DISTILLATION_TEMPLATES, options, ...(kept ? { kept } : {}) });
}

const runWith = taskRunner(distillation);

describe('Distillation', () => {
  it('answers the Chinese Alpaca seeds round-robin, keeping instruction and input, in the seed format', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl');
    try {
      server.clearLog();
      const seeds = harness.context.seeds;
      for (const index of [0, 1, seeds.length + 1]) {
        const result = await harness.run(index);
        assert.equal(result.candidates.length, 1);
        const [candidate] = result.candidates;
        const seed = seeds[index % seeds.length];
        assert.ok(candidate && seed);
        assert.equal(candidate.discardedBecause, undefined);
        assert.deepEqual(candidate.seedIds, [seed.id]);
        assert.equal(candidate.nearestSeedId, seed.id);
        assert.equal(candidate.sample.kind, 'instruction');
        assert.equal(seed.sample.kind, 'instruction');
        assert.equal(candidate.sample.instruction, seed.sample.instruction.trim());
        assert.equal(candidate.sample.input, seed.sample.input.trim());
        assert.notEqual(candidate.sample.output, seed.sample.output);
        assert.ok(candidate.sample.output.length > 0);
        assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
        assert.deepEqual(result.models, ['seedling-test-large']);
        assert.equal(result.templateHashes.length, 1);
        assert.equal(result.requestKeys.length, 1);
      }
      assert.equal(server.requests.length, 3);
      assert.match(promptOf(0), /知识边界/, 'the Chinese template for Chinese seeds');
      assert.match(promptOf(0), /### 示例 2/, 'two seed examples for style');
      assert.doesNotMatch(promptOf(0), /<think>/);
      const body = server.requests[0]?.body as { seed?: number; response_format?: unknown };
      assert.equal(body.seed, 0);
      assert.equal(body.response_format, undefined, 'a plain-text answer');
    } finally {
      await harness.close();
    }
  });

  it('answers the first user turn of English chat seeds as their assistant, deterministically', async () => {
    const harness = await setup('product-support.chat.jsonl');
    try {
      server.clearLog();
      const first = await harness.run(4);
      const again = await harness.run(4);
      assert.equal(server.requests.length, 1, 'the repeated task was answered from the cache');
      assert.deepEqual(again.candidates, first.candidates);
      const [candidate] = first.candidates;
      const seed = harness.context.seeds[4];
      assert.ok(candidate && seed?.sample.kind === 'chat');
      assert.equal(candidate.sample.kind, 'chat');
      assert.deepEqual(candidate.sample.messages.map((m) => m.role), ['system', 'user', 'assistant']);
      assert.equal(candidate.sample.messages[0]?.content, seed.sample.messages[0]?.content, 'the seeds’ shared system prompt is kept');
      assert.equal(candidate.sample.messages[1]?.content, seed.sample.messages[1]?.content);
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
      assert.match(promptOf(0), /Knowledge boundary/);
      assert.match(promptOf(0), /You are Lumi/, 'the seeds’ system prompt is given as the assistant’s instructions');
    } finally {
      await harness.close();
    }
  });

  it('answers the first human turn of a multi-turn Chinese ShareGPT dialogue', async () => {
    const harness = await setup('expense-reimbursement.sharegpt.json');
    try {
      server.clearLog();
      const result = await harness.run(2);
      const [candidate] = result.candidates;
      const seed = harness.context.seeds[2];
      assert.ok(candidate && seed?.sample.kind === 'chat' && candidate.sample.kind === 'chat');
      const firstUser = seed.sample.messages.find((m) => m.role === 'user')?.content;
      assert.equal(candidate.sample.messages.length, 3, 'one turn: system, user, assistant');
      assert.equal(candidate.sample.messages[1]?.content, firstUser);
      assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, []);
      assert.match(promptOf(0), /知识边界/);
      assert.match(promptOf(0), /小衡/);
    } finally {
      await harness.close();
    }
  });

  it('continues completion prompts', async () => {
    const lines = [
      { prompt: 'The lighthouse keeper climbed the stairs one last time and', completion: ' found the lamp already lit, though nobody else had a key.' },
      { prompt: 'Every morning the baker left one loaf on the windowsill because', completion: ' the old promise to her grandmother still held.' },
      { prompt: 'When the train stopped in the middle of the field,', completion: ' the passengers looked up from their books and waited.' },
    ];
    const harness = await setup(await writeSeeds('stories.jsonl', lines));
    try {
      const result = await harness.run(1);
      const [candidate] = result.candidates;
      assert.ok(candidate?.sample.kind === 'completion');
      assert.equal(candidate.sample.prompt, lines[1]?.prompt);
      assert.ok(candidate.sample.completion.length > 0);
      assert.deepEqual(readRecord('prompt-completion', writeRecord('prompt-completion', candidate.sample)).problems, []);
    } finally {
      await harness.close();
    }
  });

  it('takes instructions from kept candidates with source=generated, and from the seeds while there are none', async () => {
    const kept: SeedRecord[] = [];
    const harness = await setup('product-support.chat.jsonl', { source: 'generated' }, kept);
    try {
      const before = await harness.run(0);
      assert.deepEqual(before.candidates[0]?.seedIds, [harness.context.seeds[0]?.id]);
      kept.push(
        { id: 't1-0', sample: { kind: 'chat', messages: [{ role: 'user', content: 'KEPT-ONE how do I export a notebook?' }, { role: 'assistant', content: 'Use File > Export.' }] } },
        { id: 't2-0', sample: { kind: 'chat', messages: [{ role: 'user', content: 'KEPT-TWO can I share a note?' }, { role: 'assistant', content: 'Yes, with Share.' }] } },
      );
      server.clearLog();
      const [candidate] = (await harness.run(3)).candidates;
      assert.deepEqual(candidate?.seedIds, ['t2-0']);
      assert.equal(candidate.nearestSeedId, 't2-0');
      assert.match(promptOf(0), /KEPT-TWO/);
    } finally {
      await harness.close();
    }
  });

  it('with reasoning=keep asks for a <think> block and keeps it before the answer; strip removes it', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl', { reasoning: 'keep' });
    try {
      const thinking = { ...harness.context, client: wrappingClient(harness.client, { text: (text) => `<think>先看条件，再看材料。REASONING-MARKER</think>\n\n${text}` }) };
      server.clearLog();
      const kept = await runWith(thinking, 0);
      assert.match(promptOf(0), /<think>/, 'the prompt asks for reasoning inside <think>');
      assert.match(promptOf(0), /逐步思考/, 'in Chinese');
      const [keptCandidate] = kept.candidates;
      assert.ok(keptCandidate?.sample.kind === 'instruction');
      assert.equal(keptCandidate.discardedBecause, undefined);
      assert.match(keptCandidate.sample.output, /^<think>先看条件，再看材料。REASONING-MARKER<\/think>\n\n\S/);
      assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', keptCandidate.sample)).problems, []);

      const stripped = await runWith({ ...thinking, options: { ...thinking.options, reasoning: 'strip' } }, 0);
      assert.equal(server.requests.length, 1, 'keep and strip send the same request: the cache answers the second');
      const [strippedCandidate] = stripped.candidates;
      assert.ok(strippedCandidate?.sample.kind === 'instruction');
      assert.equal(strippedCandidate.discardedBecause, undefined);
      assert.doesNotMatch(strippedCandidate.sample.output, /think|REASONING-MARKER/);
      assert.equal(`<think>先看条件，再看材料。REASONING-MARKER</think>\n\n${strippedCandidate.sample.output}`, keptCandidate.sample.output);

      const onlyThinking = { ...thinking, options: { ...thinking.options, reasoning: 'strip' }, client: wrappingClient(harness.client, { text: (text) => `<think>${text}` }) };
      const unfinished = await runWith(onlyThinking, 0);
      assert.match(unfinished.candidates[0]?.discardedBecause ?? '', /no answer is left outside the <think> block/);

      const noTrace = await harness.run(0);
      assert.match(noTrace.candidates[0]?.discardedBecause ?? '', /wrote no reasoning/, 'keep needs a trace: the test server writes none');
    } finally {
      await harness.close();
    }
  });

  it('with reasoning=none asks for no reasoning and drops a trace a reasoning model writes anyway', async () => {
    const harness = await setup('product-support.chat.jsonl');
    try {
      const thinking = { ...harness.context, client: wrappingClient(harness.client, { text: (text) => `<think>unasked</think>${text}` }) };
      const result = await runWith(thinking, 1);
      const [candidate] = result.candidates;
      assert.ok(candidate?.sample.kind === 'chat');
      assert.doesNotMatch(candidate.sample.messages.at(-1)?.content ?? '', /think|unasked/);
    } finally {
      await harness.close();
    }
  });

  it('discards an answer that was cut off, saying why', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl');
    try {
      server.clearLog();
      server.configure({ faults: [{ kind: 'length', nth: [1] }] });
      const result = await harness.run(5);
      assert.match(result.candidates[0]?.discardedBecause ?? '', /cut off/);
      assert.equal(result.candidates[0]?.seedIds[0], harness.context.seeds[5]?.id);
    } finally {
      server.configure({ faults: [] });
      await harness.close();
    }
  });

  it('splits reasoning from the answer', () => {
    assert.deepEqual(splitReasoning('<think>a</think>\n\nb'), { reasoning: 'a', answer: 'b' });
    assert.deepEqual(splitReasoning('a</think>b'), { reasoning: 'a', answer: 'b' }, 'a template that opens the block itself');
    assert.deepEqual(splitReasoning('<think>a'), { reasoning: 'a', answer: '' }, 'never closed: no answer');
    assert.deepEqual(splitReasoning('just b'), { reasoning: undefined, answer: 'just b' });
    assert.equal(shapeReasoning('<think>a</think>b', 'keep').text, '<think>a</think>\n\nb');
    assert.equal(shapeReasoning('<think>a</think>b', 'strip').text, 'b');
    assert.equal(shapeReasoning('b', 'strip').discardedBecause, undefined);
    assert.match(shapeReasoning('<think></think>b', 'keep').discardedBecause ?? '', /no reasoning/);
    assert.match(shapeReasoning('', 'none').discardedBecause ?? '', /empty/);
  });

  it('has every template in English and Chinese, with the same placeholders and a knowledge boundary', () => {
    assertBilingualTemplates(DISTILLATION_TEMPLATES);
  });

  it('refuses seeds it cannot work from, saying which strategy to use', () => {
    assert.match(distillation.unsupportedKind('classification') ?? '', /use the Classification strategy/);
    assert.match(distillation.unsupportedKind('preference') ?? '', /use the Preference strategy/);
    for (const kind of ['instruction', 'chat', 'completion'] as const) {
      assert.equal(distillation.unsupportedKind(kind), undefined);
      assert.equal(distillation.outputKind(kind), kind);
    }
  });
});
