import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import type { ChatRequest } from '../../../src/core/llm/llmClient';
import { AUGMENTATION_TEMPLATES } from '../../../src/core/prompts/templates/augmentationTemplates';
import { augmentation } from '../../../src/core/strategies/augmentation';
import type { TaskResult } from '../../../src/core/strategies/strategy';
import { scriptedClient } from './llmTestDoubles';
import { type Harness, requestLog, seedOf, strategyHarness, suiteServer, taskRunner, withStrategyHarness } from './strategyHarness';

const server = suiteServer();

const { bodies, promptOf } = requestLog(server);

function withHarness(seedFile: string, options: Record<string, string>, body: (harness: Harness) => Promise<void>): Promise<void> {
  return withStrategyHarness({ server, strategy: augmentation, seedFile, templates: AUGMENTATION_TEMPLATES, options }, body);
}

function assertProvenance(result: TaskResult, templates: number): void {
  assert.deepEqual(result.models, ['seedling-test-large']);
  assert.equal(result.templateHashes.length, templates);
  assert.ok(result.requestKeys.length > 0);
  for (const candidate of result.candidates) {
    assert.equal(candidate.seedIds.length, 1);
    assert.match(candidate.seedIds[0] ?? '', /^line:\d+$/);
    assert.equal(candidate.nearestSeedId, candidate.seedIds[0]);
  }
}

const runWith = taskRunner(augmentation);

describe('Augmentation', () => {
  it('paraphrases a Chinese Alpaca seed three ways in one request, keeping its input and answer', async () => {
    await withHarness('gov-faq-housing-fund.alpaca.jsonl', {}, async (harness) => {
      const result = await harness.run(0);
      assert.equal(bodies().length, 1, 'one structured request for all variants');
      const body = bodies()[0];
      assert.match(promptOf(body), /知识边界/, 'the Chinese template for Chinese seeds');
      const variants = body?.response_format?.json_schema?.schema['properties'] as Record<string, { minItems: number; maxItems: number }>;
      const list = variants['variants'];
      assert.ok(list);
      assert.equal(list.minItems, 3);
      assert.equal(list.maxItems, 3);
      assert.equal(body?.seed, 0, 'the task index is the request seed');
      assert.equal(result.candidates.length, 3);
      assertProvenance(result, 1);
      for (const candidate of result.candidates) {
        assert.equal(candidate.sample.kind, 'instruction');
        assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
        const seed = seedOf(harness, candidate.seedIds[0]);
        if (seed.kind !== 'instruction') continue;
        assert.equal(candidate.sample.output, seed.output, 'the answer is unchanged');
        assert.notEqual(candidate.sample.instruction, seed.instruction);
        if (seed.input === '') assert.equal(candidate.sample.input, '', 'an empty input stays empty');
      }
      assert.match(promptOf(body), /"instruction": /, 'the fields to rewrite are shown as JSON');
    });
  });

  it('asks for the number of variants the option sets, and answers a repeated task from the cache', async () => {
    await withHarness('product-support.chat.jsonl', { variants: '2' }, async (harness) => {
      const first = await harness.run(5);
      const requests = server.requests.length;
      const again = await harness.run(5);
      assert.equal(server.requests.length, requests, 'the repeated task sent nothing');
      assert.deepEqual(again.candidates, first.candidates);
      assert.equal(first.candidates.length, 2);
      assert.match(promptOf(bodies()[0]), /Knowledge boundary/, 'the English template for English seeds');
      for (const candidate of first.candidates) {
        assert.equal(candidate.sample.kind, 'chat');
        assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
        const seed = seedOf(harness, candidate.seedIds[0]);
        if (seed.kind !== 'chat') continue;
        assert.equal(candidate.sample.messages.length, seed.messages.length);
        assert.deepEqual(candidate.sample.messages[0], seed.messages[0], 'the system prompt is kept');
        assert.deepEqual(candidate.sample.messages.at(-1), seed.messages.at(-1), 'the reply is kept');
        assert.notEqual(candidate.sample.messages[1]?.content, seed.messages[1]?.content);
      }
    });
  });

  it('paraphrases the prompt of preference pairs and keeps chosen and rejected', async () => {
    await withHarness('helpfulness.dpo.jsonl', {}, async (harness) => {
      const result = await harness.run(1);
      assert.equal(result.candidates.length, 3);
      for (const candidate of result.candidates) {
        assert.equal(candidate.sample.kind, 'preference');
        assert.deepEqual(readRecord('dpo', writeRecord('dpo', candidate.sample)).problems, []);
        const seed = seedOf(harness, candidate.seedIds[0]);
        if (seed.kind !== 'preference') continue;
        assert.equal(candidate.sample.chosen, seed.chosen);
        assert.equal(candidate.sample.rejected, seed.rejected);
        assert.notEqual(candidate.sample.prompt, seed.prompt);
      }
      assert.equal(augmentation.outputKind('preference'), 'preference');
    });
  });

  it('refuses to do more than paraphrase preference pairs, naming the mode and the Preference strategy', async () => {
    await withHarness('helpfulness.dpo.jsonl', { mode: 'style' }, async (harness) => {
      await assert.rejects(harness.run(0), /mode=paraphrase.*Preference strategy/);
      assert.equal(server.requests.length, 0);
    });
  });

  it('back-translates a Chinese seed through English, in two requests', async () => {
    await withHarness('gov-faq-housing-fund.alpaca.jsonl', { mode: 'back-translation' }, async (harness) => {
      const result = await harness.run(2);
      const [there, back] = bodies();
      assert.equal(bodies().length, 2);
      assert.match(promptOf(there), /翻译成英语/);
      assert.match(promptOf(back), /翻译成中文/);
      assert.equal(result.candidates.length, 1);
      assertProvenance(result, 1);
      const candidate = result.candidates[0];
      assert.ok(candidate);
      assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
      const seed = seedOf(harness, candidate.seedIds[0]);
      if (candidate.sample.kind === 'instruction' && seed.kind === 'instruction') assert.equal(candidate.sample.output, seed.output);
    });
  });

  it('back-translates English seeds through Chinese, or through the pivot the option names', async () => {
    await withHarness('product-support.chat.jsonl', { mode: 'back-translation' }, async (harness) => {
      await harness.run(0);
      assert.match(promptOf(bodies()[0]), /into Chinese/);
      assert.match(promptOf(bodies()[1]), /into English/);
    });
    await withHarness('product-support.chat.jsonl', { mode: 'back-translation', pivot: 'German' }, async (harness) => {
      await harness.run(0);
      assert.match(promptOf(bodies()[0]), /into German/);
    });
    await withHarness('gov-faq-housing-fund.alpaca.jsonl', { mode: 'back-translation', pivot: 'Chinese' }, async (harness) => {
      await assert.rejects(harness.run(0), /pivot language "Chinese" is the seed’s own language/);
    });
  });

  it('rewrites the prompt side in the style the option names', async () => {
    await withHarness('product-support.chat.jsonl', { mode: 'style', style: 'formal' }, async (harness) => {
      const result = await harness.run(3);
      assert.match(promptOf(bodies()[0]), /formal and polite/);
      assert.equal(result.candidates.length, 1);
      const candidate = result.candidates[0];
      assert.ok(candidate);
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
    });
    await withHarness('reviews-sentiment.zh.jsonl', { mode: 'style' }, async (harness) => {
      const result = await harness.run(3);
      assert.match(promptOf(bodies()[0]), /口语化/, 'the default style, in Chinese');
      const candidate = result.candidates[0];
      assert.ok(candidate);
      const seed = seedOf(harness, candidate.seedIds[0]);
      assert.equal(candidate.sample.kind, 'classification');
      if (seed.kind === 'classification') assert.equal(candidate.sample.label, seed.label, 'the label is kept');
    });
  });

  it('flips the stance of a review and lets the model pick the new label from the other labels only', async () => {
    await withHarness('reviews-sentiment.zh.jsonl', { mode: 'stance-flip' }, async (harness) => {
      for (const task of [0, 1, 2, 3]) {
        server.clearLog();
        const result = await harness.run(task);
        const candidate = result.candidates[0];
        assert.ok(candidate);
        const seed = seedOf(harness, candidate.seedIds[0]);
        assert.equal(candidate.sample.kind, 'classification');
        assert.deepEqual(readRecord('classification', writeRecord('classification', candidate.sample)).problems, []);
        if (seed.kind !== 'classification') continue;
        const schema = bodies()[0]?.response_format?.json_schema?.schema['properties'] as Record<string, { enum?: string[] }>;
        const allowed = schema['label']?.enum ?? [];
        assert.equal(allowed.length, 2);
        assert.ok(!allowed.includes(String(seed.label)), 'the seed’s own label is not offered');
        assert.ok(allowed.includes(String(candidate.sample.label)));
        assert.notEqual(candidate.sample.label, seed.label);
      }
    });
  });

  it('flips the user’s stance in Chinese multi-turn dialogues, with a new answer when the old one no longer fits', async () => {
    await withHarness('expense-reimbursement.sharegpt.json', { mode: 'stance-flip' }, async (harness) => {
      const seen = new Set<string>();
      for (let task = 0; task < 12 && seen.size < 2; task++) {
        server.clearLog();
        const result = await harness.run(task);
        const candidate = result.candidates[0];
        assert.ok(candidate);
        assert.match(promptOf(bodies()[0]), /original_answer_fits/);
        assert.equal(candidate.sample.kind, 'chat');
        assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, []);
        const seed = seedOf(harness, candidate.seedIds[0]);
        if (seed.kind !== 'chat') continue;
        assert.deepEqual(candidate.sample.messages[0], seed.messages[0], 'the system prompt is kept');
        assert.notEqual(candidate.sample.messages[1]?.content, seed.messages[1]?.content);
        if (candidate.sample.messages.length === seed.messages.length) {
          seen.add('kept');
          assert.deepEqual(candidate.sample.messages.slice(2), seed.messages.slice(2), 'a fitting answer keeps the rest of the dialogue');
        } else {
          seen.add('new answer');
          assert.equal(candidate.sample.messages.length, 3, 'a new answer ends the dialogue after the first exchange');
          assert.notEqual(candidate.sample.messages[2]?.content, seed.messages[2]?.content);
        }
      }
      assert.deepEqual([...seen].sort(), ['kept', 'new answer']);
    });
  });

  it('discards paraphrases that repeat the seed or each other, and flips that leave no fitting answer', async () => {
    const harness = await strategyHarness({ server, strategy: augmentation, seedFile: 'gov-faq-housing-fund.alpaca.jsonl', templates: AUGMENTATION_TEMPLATES });
    try {
      // The fields to rewrite, as the prompt shows them.
      const original = (request: ChatRequest): Record<string, string> => JSON.parse(/\{\n[\s\S]*?\n\}/.exec(request.messages[1]?.content ?? '')?.[0] ?? '{}') as Record<string, string>;
      const paraphrases = scriptedClient({ structured: (request) => ({ variants: [original(request), { ...original(request), instruction: '怎么办理？' }, { ...original(request), instruction: ' 怎么办理？ ' }] }) });
      const result = await runWith({ ...harness.context, client: paraphrases }, 4);
      const reasons = result.candidates.map((c) => c.discardedBecause);
      assert.match(reasons[0] ?? '', /repeats the seed’s wording/);
      assert.equal(reasons[1], undefined);
      assert.match(reasons[2] ?? '', /same as variant 2/);

      const flips = scriptedClient({ structured: (request) => ({ request: { ...original(request), instruction: '作为单位经办人，怎么帮员工办理？' }, original_answer_fits: false, answer: '' }) });
      const flipped = await runWith({ ...harness.context, client: flips, options: { ...harness.context.options, mode: 'stance-flip' } }, 4);
      assert.match(flipped.candidates[0]?.discardedBecause ?? '', /no longer fits the seed’s answer, and no new answer was written/);
    } finally {
      await harness.close();
    }
  });

  it('works from every kind and describes itself in English and Chinese', () => {
    for (const kind of ['instruction', 'chat', 'completion', 'classification', 'preference'] as const) assert.equal(augmentation.unsupportedKind(kind), undefined);
    assert.ok(augmentation.description.en.length > 0 && augmentation.description.zh.length > 0);
    assert.deepEqual(augmentation.options.map((o) => o.name), ['mode', 'variants', 'pivot', 'style']);
  });
});
