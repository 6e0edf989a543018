import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import type { Sample } from '../../../src/core/model/sample';
import { PREFERENCE_TEMPLATES } from '../../../src/core/prompts/templates/preferenceTemplates';
import { preferencePairs } from '../../../src/core/strategies/preferencePairs';
import type { Generated, TaskResult } from '../../../src/core/strategies/strategy';
import { scriptedClient } from './llmTestDoubles';
import { type Harness, requestLog, seedOf, strategyHarness, suiteServer, taskRunner, withStrategyHarness } from './strategyHarness';

const server = suiteServer();

const { bodies, promptOf } = requestLog(server);

function withHarness(seedFile: string, options: Record<string, string>, body: (harness: Harness) => Promise<void>, models?: readonly string[]): Promise<void> {
  return withStrategyHarness({ server, strategy: preferencePairs, seedFile, templates: PREFERENCE_TEMPLATES, options, ...(models ? { models } : {}) }, body);
}

function onlyCandidate(result: TaskResult): Generated {
  assert.equal(result.candidates.length, 1);
  const candidate = result.candidates[0];
  assert.ok(candidate);
  assert.equal(candidate.sample.kind, 'preference');
  const problems = readRecord('dpo', writeRecord('dpo', candidate.sample)).problems;
  // A discarded pair may be identical (a warning), but is always a readable record.
  assert.deepEqual(candidate.discardedBecause === undefined ? problems : problems.filter((p) => p.severity === 'error'), [], 'a valid DPO record');
  assert.equal(candidate.seedIds.length, 1);
  assert.match(candidate.seedIds[0] ?? '', /^line:\d+$/);
  return candidate;
}

const runWith = taskRunner(preferencePairs);

describe('Preference pairs', () => {
  it('answers, critiques and revises: chosen is the revision, rejected the first answer, as plain DPO text', async () => {
    await withHarness('helpfulness.dpo.jsonl', {}, async (harness) => {
      const result = await harness.run(0);
      const [first, critique, revise] = bodies();
      assert.equal(bodies().length, 3);
      assert.equal(first?.response_format, undefined, 'the answer is plain text');
      assert.equal(critique?.response_format?.type, 'json_schema');
      assert.deepEqual(Object.keys(critique.response_format.json_schema?.schema['properties'] as object), ['critique']);
      assert.equal(revise?.response_format, undefined);
      assert.match(promptOf(first), /Knowledge boundary/, 'the English template for English seeds');
      assert.ok([first, critique, revise].every((b) => b?.seed === 0), 'every call carries the task index as its seed');

      const candidate = onlyCandidate(result);
      assert.equal(candidate.discardedBecause, undefined);
      const seed = seedOf(harness, candidate.seedIds[0]);
      assert.ok(candidate.sample.kind === 'preference' && seed.kind === 'preference');
      assert.equal(typeof candidate.sample.prompt, 'string');
      assert.equal(candidate.sample.prompt, seed.prompt);
      assert.notEqual(candidate.sample.chosen, candidate.sample.rejected);
      assert.ok(typeof candidate.sample.rejected === 'string' && promptOf(revise).includes(candidate.sample.rejected), 'the revision request shows the original answer');
      assert.equal(preferencePairs.outputKind('instruction'), 'preference');
      assert.deepEqual(result.models, ['seedling-test-large']);
      assert.equal(result.templateHashes.length, 3);

      const requests = server.requests.length;
      const again = await harness.run(0);
      assert.equal(server.requests.length, requests, 'the repeated task was answered from the cache');
      assert.deepEqual(again.candidates, result.candidates);
    });
  });

  it('revises the seed’s own answer when useSeedAnswers is set', async () => {
    await withHarness('gov-faq-housing-fund.alpaca.jsonl', { useSeedAnswers: 'true' }, async (harness) => {
      const result = await harness.run(2);
      assert.equal(bodies().length, 2, 'no first answer is asked for');
      assert.match(promptOf(bodies()[0]), /知识边界/, 'the Chinese template for Chinese seeds');
      const candidate = onlyCandidate(result);
      const seed = seedOf(harness, candidate.seedIds[0]);
      assert.ok(candidate.sample.kind === 'preference' && seed.kind === 'instruction');
      assert.equal(candidate.sample.rejected, seed.output);
      assert.equal(candidate.sample.prompt, seed.input === '' ? seed.instruction : `${seed.instruction}\n\n${seed.input}`);
    });
  });

  it('keeps a chat seed’s system prompt and history: conversational DPO records', async () => {
    await withHarness('expense-reimbursement.sharegpt.json', {}, async (harness) => {
      const candidate = onlyCandidate(await harness.run(1));
      const seed = seedOf(harness, candidate.seedIds[0]);
      assert.ok(candidate.sample.kind === 'preference' && seed.kind === 'chat');
      assert.ok(Array.isArray(candidate.sample.prompt));
      const prompt = candidate.sample.prompt;
      assert.equal(prompt[0]?.role, 'system');
      assert.equal(prompt.at(-1)?.role, 'user');
      assert.deepEqual(prompt, seed.messages.slice(0, prompt.length), 'the prompt is the seed up to its last user turn');
      assert.ok(Array.isArray(candidate.sample.chosen) && candidate.sample.chosen.every((m) => m.role === 'assistant'));
    });
  });

  it('keeps message lists for conversational preference seeds', async () => {
    const harness = await strategyHarness({ server, strategy: preferencePairs, seedFile: 'helpfulness.dpo.jsonl', templates: PREFERENCE_TEMPLATES });
    try {
      const seeds = harness.context.seeds.map((seed) => {
        if (seed.sample.kind !== 'preference' || typeof seed.sample.prompt !== 'string' || typeof seed.sample.chosen !== 'string' || typeof seed.sample.rejected !== 'string') return seed;
        const sample: Sample = {
          kind: 'preference',
          prompt: [{ role: 'user', content: seed.sample.prompt }],
          chosen: [{ role: 'assistant', content: seed.sample.chosen }],
          rejected: [{ role: 'assistant', content: seed.sample.rejected }],
        };
        return { id: seed.id, sample };
      });
      const candidate = onlyCandidate(await runWith({ ...harness.context, seeds }, 3));
      assert.ok(candidate.sample.kind === 'preference');
      assert.deepEqual(candidate.sample.prompt, (seeds.find((s) => s.id === candidate.seedIds[0])?.sample as { prompt: unknown }).prompt);
      assert.ok(Array.isArray(candidate.sample.chosen) && Array.isArray(candidate.sample.rejected));
    } finally {
      await harness.close();
    }
  });

  it('pairwise: two answers at temperatures 0.3 and 1.0, judged by the judge model; ties are discarded', async () => {
    await withHarness('helpfulness.dpo.jsonl', { mode: 'pairwise' }, async (harness) => {
      const outcomes = new Set<string>();
      for (let task = 0; task < 16 && outcomes.size < 2; task++) {
        server.clearLog();
        const result = await harness.run(task);
        const answers = bodies().filter((b) => b.response_format === undefined);
        assert.deepEqual(answers.map((b) => b.temperature).sort(), [0.3, 1]);
        assert.ok(answers.every((b) => b.model === 'seedling-test-large'));
        const judge = bodies().find((b) => b.response_format !== undefined);
        assert.equal(judge?.model, 'seedling-judge');
        assert.equal(judge.temperature, 0);
        const schema = judge.response_format?.json_schema?.schema['properties'] as Record<string, { enum?: string[] }>;
        assert.deepEqual(schema['preferred']?.enum, ['A', 'B', 'tie']);
        assert.deepEqual(result.models, ['seedling-test-large', 'seedling-judge']);
        const candidate = onlyCandidate(result);
        if (candidate.discardedBecause !== undefined) {
          assert.match(candidate.discardedBecause, /tie/);
          outcomes.add('tie');
        } else {
          outcomes.add('pair');
        }
      }
      assert.deepEqual([...outcomes].sort(), ['pair', 'tie']);
    });
  });

  it('pairwise: two generator models answer one each', async () => {
    await withHarness(
      'product-support.chat.jsonl',
      { mode: 'pairwise' },
      async (harness) => {
        await harness.run(0);
        const answers = bodies().filter((b) => b.response_format === undefined);
        assert.deepEqual(answers.map((b) => b.model).sort(), ['seedling-test-large', 'seedling-test-small']);
        assert.ok(answers.every((b) => b.temperature === 0.8), 'each model at the run’s temperature');
      },
      ['seedling-test-large', 'seedling-test-small'],
    );
  });

  it('pairwise: shows the two answers to the judge in a random order per task, and maps its verdict back', async () => {
    const harness = await strategyHarness({ server, strategy: preferencePairs, seedFile: 'helpfulness.dpo.jsonl', templates: PREFERENCE_TEMPLATES, options: { mode: 'pairwise' } });
    try {
      const client = scriptedClient({
        text: (request) => `answer at temperature ${String(request.temperature)}`,
        structured: () => ({ reason: 'A is more accurate.', preferred: 'A' }),
      });
      const firstShown: string[] = [];
      for (let task = 0; task < 12; task++) {
        client.requests.length = 0;
        const candidate = onlyCandidate(await runWith({ ...harness.context, client }, task));
        const judge = client.requests.find((r) => r.model === 'seedling-judge');
        const shownA = /Answer A:\n(.*)/.exec(judge?.messages[1]?.content ?? '')?.[1] ?? '';
        firstShown.push(shownA);
        assert.ok(candidate.sample.kind === 'preference');
        assert.equal(candidate.sample.chosen, shownA, 'the judge preferred A, so A is chosen');
        // The same task shows the same order again (the order comes from the task's randomness).
        client.requests.length = 0;
        await runWith({ ...harness.context, client }, task);
        assert.equal(/Answer A:\n(.*)/.exec(client.requests.find((r) => r.model === 'seedling-judge')?.messages[1]?.content ?? '')?.[1], shownA);
      }
      assert.ok(firstShown.includes('answer at temperature 0.3') && firstShown.includes('answer at temperature 1'), 'both orders occur');

      const tie = scriptedClient({ text: (request) => `answer at temperature ${String(request.temperature)}`, structured: () => ({ reason: 'Both are equally good.', preferred: 'tie' }) });
      assert.match(onlyCandidate(await runWith({ ...harness.context, client: tie }, 0)).discardedBecause ?? '', /neither answer better \(tie\): Both are equally good/);
      const twins = scriptedClient({ text: () => 'the same answer', structured: () => ({ reason: '-', preferred: 'A' }) });
      assert.match(onlyCandidate(await runWith({ ...harness.context, client: twins }, 0)).discardedBecause ?? '', /the two answers are identical/);
      assert.equal(twins.requests.length, 2, 'identical answers are not sent to the judge');
    } finally {
      await harness.close();
    }
  });

  it('discards a revision identical to the original', async () => {
    const harness = await strategyHarness({ server, strategy: preferencePairs, seedFile: 'helpfulness.dpo.jsonl', templates: PREFERENCE_TEMPLATES });
    try {
      const client = scriptedClient({ text: () => 'Use dict.fromkeys to keep the order.', structured: () => ({ critique: 'No changes needed.' }) });
      const candidate = onlyCandidate(await runWith({ ...harness.context, client }, 0));
      assert.match(candidate.discardedBecause ?? '', /the revision is identical to the original answer/);
    } finally {
      await harness.close();
    }
  });

  it('refuses classification seeds, naming the strategy to use', () => {
    assert.match(preferencePairs.unsupportedKind('classification') ?? '', /Classification strategy/);
    for (const kind of ['instruction', 'chat', 'completion', 'preference'] as const) assert.equal(preferencePairs.unsupportedKind(kind), undefined);
  });
});
