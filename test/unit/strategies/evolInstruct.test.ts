import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import { EVOL_DEPTH_OPERATIONS, EVOL_INSTRUCT_TEMPLATES } from '../../../src/core/prompts/templates/evolInstructTemplates';
import { evolInstruct, failedAnswer, failedEvolution } from '../../../src/core/strategies/evolInstruct';
import type { SeedRecord } from '../../../src/core/strategies/strategy';
import { type ClientRewrite, wrappingClient } from './llmTestDoubles';
import { assertBilingualTemplates, type Harness, requestLog, scratchSeedFiles, strategyHarness, suiteServer, taskRunner } from './strategyHarness';

const server = suiteServer();
const writeSeeds = scratchSeedFiles('seedling-evol-');

/** A structured rewrite giving an evolution `evolve(the task it was given)` as its instruction. */
function evolvedTo(evolve: (task: string) => string): NonNullable<ClientRewrite['structured']> {
  return (_value, request) => {
    const user = request.messages.find((m) => m.role === 'user')?.content ?? '';
    const task = /The task to make harder:\n\n([\s\S]*?)\n\nIts input:/.exec(user)?.[1] ?? '';
    return { instruction: evolve(task), input: '' };
  };
}

const runWith = taskRunner(evolInstruct);

const { bodyAt: bodyOf, promptAt: promptOf } = requestLog(server);

function setup(seedFile: string, options: Readonly<Record<string, string>> = {}, kept?: SeedRecord[]): Promise<Harness> {
  return strategyHarness({ server, strategy: evolInstruct, seedFile, templates: EVOL_INSTRUCT_TEMPLATES, options, ...(kept ? { kept } : {}) });
}

const DEPTH_EN = Object.values(EVOL_DEPTH_OPERATIONS.en);
const DEPTH_ZH = Object.values(EVOL_DEPTH_OPERATIONS.zh);

describe('Evol-Instruct', () => {
  it('evolves a Chinese Alpaca seed once and answers it, in the seed format, with Chinese prompts', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl', { operations: 'depth' });
    try {
      server.clearLog();
      const result = await harness.run(0);
      assert.equal(server.requests.length, 2, 'one evolution, one answer');
      assert.equal(result.candidates.length, 1);
      const [candidate] = result.candidates;
      assert.ok(candidate);
      assert.equal(candidate.discardedBecause, undefined);
      assert.equal(candidate.sample.kind, 'instruction');
      assert.deepEqual(readRecord('alpaca', writeRecord('alpaca', candidate.sample)).problems, []);
      assert.equal(candidate.seedIds.length, 1);
      assert.match(candidate.seedIds[0] ?? '', /^line:\d+$/);
      assert.equal(candidate.nearestSeedId, candidate.seedIds[0]);
      const seed = harness.context.seeds.find((s) => s.id === candidate.seedIds[0]);
      assert.ok(seed?.sample.kind === 'instruction');

      const evolution = promptOf(0);
      assert.equal(bodyOf(0).response_format?.type, 'json_schema', 'the evolution is a structured request');
      assert.match(evolution, /知识边界/, 'the Chinese template for Chinese seeds');
      assert.ok(DEPTH_ZH.some((operation) => evolution.includes(operation)), 'one in-depth operation, described in Chinese');
      assert.ok(evolution.includes(seed.sample.instruction.trim()), 'the seed’s instruction is what gets evolved');
      const answer = promptOf(1);
      assert.equal(bodyOf(1).response_format, undefined, 'the answer is plain text');
      assert.match(answer, /知识边界/);
      assert.ok(answer.includes(candidate.sample.instruction), 'the evolved instruction is what gets answered');
      assert.notEqual(candidate.sample.instruction, seed.sample.instruction);
      assert.equal(bodyOf(0).seed, 0);
      assert.equal(bodyOf(1).seed, 0);
      assert.deepEqual(result.models, ['seedling-test-large']);
      assert.equal(result.templateHashes.length, 2, 'evol-depth and evol-answer');
      assert.equal(result.requestKeys.length, 2);
    } finally {
      await harness.close();
    }
  });

  it('evolves English chat seeds several times in depth, keeps their system prompt, and repeats a task from the cache', async () => {
    const harness = await setup('product-support.chat.jsonl', { depth: '3', operations: 'depth' });
    try {
      server.clearLog();
      const first = await harness.run(7);
      assert.equal(server.requests.length, 4, 'three evolutions, one answer');
      for (const n of [0, 1, 2]) {
        assert.equal(bodyOf(n).response_format?.type, 'json_schema');
        assert.ok(DEPTH_EN.some((operation) => promptOf(n).includes(operation)));
        assert.match(promptOf(n), /Knowledge boundary/);
      }
      const again = await harness.run(7);
      assert.equal(server.requests.length, 4, 'the repeated task was answered from the cache');
      assert.deepEqual(again, first);

      const [candidate] = first.candidates;
      assert.ok(candidate?.sample.kind === 'chat');
      assert.equal(candidate.discardedBecause, undefined);
      assert.deepEqual(candidate.sample.messages.map((m) => m.role), ['system', 'user', 'assistant']);
      assert.match(candidate.sample.messages[0]?.content ?? '', /^You are Lumi/);
      assert.ok(promptOf(3).includes(candidate.sample.messages[1]?.content ?? '-'), 'the last evolution is answered');
      assert.match(promptOf(3), /You are Lumi/, 'the answer follows the seeds’ system prompt');
      assert.deepEqual(readRecord('openai-chat', writeRecord('openai-chat', candidate.sample)).problems, []);
    } finally {
      await harness.close();
    }
  });

  it('evolves the first human turn of a multi-turn Chinese ShareGPT dialogue', async () => {
    const harness = await setup('expense-reimbursement.sharegpt.json', { operations: 'breadth' });
    try {
      server.clearLog();
      const result = await harness.run(1);
      const [candidate] = result.candidates;
      assert.ok(candidate?.sample.kind === 'chat');
      const seed = harness.context.seeds.find((s) => s.id === candidate.seedIds[0]);
      assert.ok(seed?.sample.kind === 'chat');
      const firstUser = seed.sample.messages.find((m) => m.role === 'user')?.content ?? '-';
      assert.ok(promptOf(0).includes(firstUser), 'the first user turn is the task evolved');
      assert.match(promptOf(0), /较少见的情况/, 'the Chinese in-breadth template');
      assert.equal(candidate.sample.messages.length, 3);
      assert.deepEqual(readRecord('sharegpt', writeRecord('sharegpt', candidate.sample)).problems, []);
    } finally {
      await harness.close();
    }
  });

  it('evolves a candidate the run already kept when fromGenerated says so', async () => {
    const kept: SeedRecord[] = [{ id: 't0-2', sample: { kind: 'chat', messages: [{ role: 'user', content: 'KEPT-MARKER how do I pin a note?' }, { role: 'assistant', content: 'Right-click it and choose Pin.' }] } }];
    const harness = await setup('product-support.chat.jsonl', { fromGenerated: '1' }, kept);
    try {
      server.clearLog();
      const [candidate] = (await harness.run(0)).candidates;
      assert.deepEqual(candidate?.seedIds, ['t0-2']);
      assert.equal(candidate.nearestSeedId, 't0-2');
      assert.match(promptOf(0), /KEPT-MARKER/);
    } finally {
      await harness.close();
    }
  });

  it('eliminates an evolution whose answer is empty or cut off, journaling why', async () => {
    const harness = await setup('gov-faq-housing-fund.alpaca.jsonl');
    try {
      server.clearLog();
      server.configure({ faults: [{ kind: 'empty', nth: [2] }] });
      const empty = await harness.run(3);
      assert.equal(empty.candidates.length, 1);
      assert.match(empty.candidates[0]?.discardedBecause ?? '', /answer is empty/);
      assert.equal(empty.candidates[0]?.sample.kind, 'instruction');
      assert.equal(empty.candidates[0].seedIds.length, 1);

      server.clearLog();
      server.configure({ faults: [{ kind: 'length', nth: [2] }] });
      const cut = await harness.run(4);
      assert.match(cut.candidates[0]?.discardedBecause ?? '', /cut off/);
    } finally {
      server.configure({ faults: [] });
      await harness.close();
    }
  });

  it('journals each kind of failed evolution with its reason, and does not answer a failed evolution', async () => {
    const harness = await setup('product-support.chat.jsonl', { operations: 'depth' });
    try {
      const cases: { readonly rewrite: ClientRewrite; readonly requests: number; readonly reason: RegExp }[] = [
        { rewrite: { structured: evolvedTo((task) => `${task} `) }, requests: 1, reason: /evolution 1 of 1 \([a-z-]+\) failed: .*added nothing/ },
        { rewrite: { structured: evolvedTo((task) => `${task} Please.`) }, requests: 1, reason: /ROUGE-L 0\.9\d/ },
        { rewrite: { structured: evolvedTo((task) => `#Rewritten Prompt#: ${task} Also explain what happens on Android.`) }, requests: 1, reason: /#rewritten prompt#/ },
        { rewrite: { text: () => "I'm sorry, but I can't help with that." }, requests: 2, reason: /refuses/ },
        { rewrite: { text: () => 'Use Sync.' }, requests: 2, reason: /too short/ },
      ];
      for (const [i, { rewrite, requests, reason }] of cases.entries()) {
        server.clearLog();
        const result = await runWith({ ...harness.context, client: wrappingClient(harness.client, rewrite) }, 20 + i);
        assert.equal(server.requests.length, requests);
        assert.equal(result.candidates.length, 1, 'a failed evolution is journaled, not dropped');
        const [candidate] = result.candidates;
        assert.match(candidate?.discardedBecause ?? '', reason);
        assert.equal(candidate?.sample.kind, 'chat');
        assert.equal(candidate.seedIds.length, 1);
      }
    } finally {
      await harness.close();
    }
  });

  it('evolves completion prompts', async () => {
    const lines = [
      { prompt: 'The lighthouse keeper climbed the stairs one last time and', completion: ' found the lamp already lit, though nobody else had a key.' },
      { prompt: 'Every morning the baker left one loaf on the windowsill because', completion: ' the old promise to her grandmother still held.' },
    ];
    const harness = await setup(await writeSeeds('openings.jsonl', lines));
    try {
      const result = await harness.run(0);
      const [candidate] = result.candidates;
      assert.ok(candidate?.sample.kind === 'completion');
      assert.equal(candidate.discardedBecause, undefined);
      assert.ok(!lines.some((l) => l.prompt === (candidate.sample.kind === 'completion' ? candidate.sample.prompt : '')));
      assert.deepEqual(readRecord('prompt-completion', writeRecord('prompt-completion', candidate.sample)).problems, []);
    } finally {
      await harness.close();
    }
  });

  it('eliminates evolutions that add no information', () => {
    const seed = 'How do I restore a note I deleted last week?';
    assert.match(failedEvolution(seed, seed) ?? '', /added nothing/);
    assert.match(failedEvolution(seed, '  how do I restore a note I deleted LAST week? ') ?? '', /added nothing/, 'identical after normalising');
    assert.match(failedEvolution(seed, 'How do I restore a note I deleted last week!') ?? '', /ROUGE-L 1\.00/, 'only the punctuation changed');
    assert.match(failedEvolution('How do I restore a note that I deleted from my laptop last week?', 'How can I restore a note that I deleted from my laptop last week?') ?? '', /ROUGE-L 0\.9\d/);
    assert.equal(failedEvolution(seed, 'How do I restore a note I deleted last week on my iPhone, if the Trash was emptied and I only have a backup from the Mac?'), undefined);
    const zh = '离职后住房公积金能全部取出来吗？';
    assert.match(failedEvolution(zh, '离职后住房公积金能全部取出来吗') ?? '', /ROUGE-L 1\.00|added nothing/);
    assert.equal(failedEvolution(zh, '我是外地户籍，离职后准备回老家，住房公积金能全部取出来吗？需要等封存多久，要带哪些材料？'), undefined);
  });

  it('eliminates evolutions that copy the rewriting prompt’s scaffolding', () => {
    const seed = 'How do I share a notebook?';
    assert.match(failedEvolution(seed, '#Rewritten Prompt#: How do I share a notebook with read-only access?') ?? '', /scaffolding|wording/);
    assert.match(failedEvolution(seed, 'Given prompt: sharing. Rewritten prompt: How do I share a notebook with two teams at once?') ?? '', /given prompt/);
    assert.match(failedEvolution(seed, 'Here is the harder task: how do I share a notebook but keep one page private?') ?? '', /harder task/);
    assert.match(failedEvolution('租房可以提取公积金吗？', '改写后的问题：租房且配偶有房时可以提取公积金吗？') ?? '', /改写后的/);
    assert.match(failedEvolution('租房可以提取公积金吗？', '根据给定的提示，租住公租房时提取额度怎么算？') ?? '', /给定的提示/);
    assert.equal(failedEvolution('把这句话改写后的版本给我', '把这句话改写后的版本给我，并保留原文的语气和长度，不超过三十个字'), undefined, 'wording the task already had is not a copy');
  });

  it('eliminates answers that refuse or are too short', () => {
    const seedAnswer = 'x'.repeat(300);
    assert.match(failedAnswer("I'm sorry, but I can't help with that request.", seedAnswer) ?? '', /refuses/);
    assert.match(failedAnswer('I cannot answer this without knowing your plan.', seedAnswer) ?? '', /refuses/);
    assert.match(failedAnswer('Sorry, this depends on details that are not available here, so it is best to ask support.', seedAnswer) ?? '', /sorry/);
    assert.match(failedAnswer('很抱歉，我无法回答这个问题，请咨询当地公积金管理中心。', seedAnswer) ?? '', /refuses/);
    assert.match(failedAnswer('这个问题涉及个案情况，无法一概而论，建议直接咨询公积金管理中心的工作人员。', seedAnswer) ?? '', /无法/);
    assert.match(failedAnswer('Yes.', seedAnswer) ?? '', /too short \(4 characters, against 300/);
    assert.match(failedAnswer('可以。', seedAnswer) ?? '', /too short/);
    assert.match(failedAnswer('  ', seedAnswer) ?? '', /empty/);
    assert.match(failedAnswer('…!?', seedAnswer) ?? '', /empty/);
    assert.equal(failedAnswer('Yes, it does.', 'Yes.'), undefined, 'short, but not against a short seed answer');
    const longApology = `Sorry about that. Let's work through it in order: ${'check the sync icon, then sign in again and wait for the upload to finish. '.repeat(6)}`;
    assert.equal(failedAnswer(longApology, seedAnswer), undefined, 'an apology for the trouble in a full answer is not a refusal');
    const longZh = `可以。${'如果无法提供租赁合同，可以改为提供租赁备案证明或本人签字的无房声明，具体以当地公积金管理中心的规定为准。'.repeat(4)}`;
    assert.equal(failedAnswer(longZh, seedAnswer), undefined, '“无法” inside a full answer is not a refusal');
  });

  it('has every template in English and Chinese, with the same placeholders and a knowledge boundary', () => {
    assertBilingualTemplates(EVOL_INSTRUCT_TEMPLATES);
    assert.deepEqual(Object.keys(EVOL_DEPTH_OPERATIONS.zh), Object.keys(EVOL_DEPTH_OPERATIONS.en));
  });

  it('refuses seeds it cannot work from, saying which strategy to use', () => {
    assert.match(evolInstruct.unsupportedKind('classification') ?? '', /use the Classification strategy/);
    assert.match(evolInstruct.unsupportedKind('preference') ?? '', /use the Preference strategy/);
    for (const kind of ['instruction', 'chat', 'completion'] as const) {
      assert.equal(evolInstruct.unsupportedKind(kind), undefined);
      assert.equal(evolInstruct.outputKind(kind), kind);
    }
  });
});
