import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readRecord, writeRecord } from '../../../src/core/formats/recordFormats';
import { CLASSIFICATION_TEMPLATES } from '../../../src/core/prompts/templates/classificationTemplates';
import { classification } from '../../../src/core/strategies/classification';
import { resolveOptions, type StrategyContext, type TaskResult } from '../../../src/core/strategies/strategy';
import { type RecordingClient, scriptedClient } from './llmTestDoubles';
import { type Harness, requestLog, strategyHarness, suiteServer, taskRunner, withStrategyHarness } from './strategyHarness';

const server = suiteServer();

const { bodies, promptOf } = requestLog(server);

function withHarness(options: Record<string, string>, body: (harness: Harness) => Promise<void>): Promise<void> {
  return withStrategyHarness({ server, strategy: classification, seedFile: 'reviews-sentiment.zh.jsonl', templates: CLASSIFICATION_TEMPLATES, options }, body);
}

/** The label a task wrote for (every candidate of a task has it). */
function labelOf(result: TaskResult): string {
  const sample = result.candidates[0]?.sample;
  assert.ok(sample?.kind === 'classification');
  return String(sample.label);
}

function tally(labels: readonly string[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const label of labels) counts[label] = (counts[label] ?? 0) + 1;
  return counts;
}

/** Writes three texts per request for the label asked for, and has the judge answer `verdict` (the target label if undefined). */
function writerAndJudge(verdict?: string): RecordingClient {
  return scriptedClient({
    structured: (request, schemaName) => {
      const prompt = request.messages.map((m) => m.content).join('\n');
      return schemaName === 'label_verdict'
        ? { reason: 'The text is clearly about it.', label: verdict ?? /TARGET=(\S+)/.exec(prompt)?.[1] ?? '' }
        : { items: [0, 1, 2].map((i) => ({ text: `TARGET=${/标签为“([^”]+)”的新文本/.exec(prompt)?.[1] ?? '?'} text ${i}` })) };
    },
  });
}

const runWith = taskRunner(classification);

describe('Classification data', () => {
  it('writes several Chinese texts for one label per task and has the judge check each label', async () => {
    await withHarness({}, async (harness) => {
      const result = await harness.run(0);
      const [generate, ...verify] = bodies();
      assert.ok(generate);
      assert.match(promptOf(generate), /知识边界/, 'the Chinese template for Chinese seeds');
      assert.equal(generate.model, 'seedling-test-large');
      assert.equal(generate.seed, 0);
      const items = generate.response_format?.json_schema?.schema['properties'] as Record<string, { minItems: number }>;
      assert.equal(items['items']?.minItems, 3);
      assert.equal(verify.length, 3, 'one judge request per text');
      for (const body of verify) {
        assert.equal(body.model, 'seedling-judge');
        assert.equal(body.temperature, 0);
        const properties = body.response_format?.json_schema?.schema['properties'] as Record<string, { enum?: string[] }>;
        assert.deepEqual(properties['label']?.enum, ['积极', '中性', '消极'], 'the judge chooses among all labels');
      }

      const label = labelOf(result);
      assert.match(promptOf(generate), new RegExp(`标签为“${label}”的新文本`));
      assert.equal(result.candidates.length, 3);
      assert.deepEqual(result.models, ['seedling-test-large', 'seedling-judge']);
      assert.equal(result.templateHashes.length, 2);
      for (const candidate of result.candidates) {
        assert.equal(candidate.sample.kind, 'classification');
        assert.deepEqual(readRecord('classification', writeRecord('classification', candidate.sample)).problems, []);
        assert.ok(candidate.seedIds.length > 0 && candidate.seedIds.length <= 5);
        for (const id of candidate.seedIds) {
          const seed = harness.context.seeds.find((s) => s.id === id);
          assert.ok(seed?.sample.kind === 'classification' && seed.sample.label === label, 'the examples shown are of the task’s label');
        }
      }
      assert.equal(classification.outputKind('classification'), 'classification');

      const requests = server.requests.length;
      const again = await harness.run(0);
      assert.equal(server.requests.length, requests, 'the repeated task was answered from the cache');
      assert.deepEqual(again.candidates, result.candidates);
    });
  });

  it('follows the balanced schedule exactly: tasks 0..5 over three labels give each label twice', async () => {
    await withHarness({}, async (harness) => {
      const labels: string[] = [];
      for (let task = 0; task < 6; task++) labels.push(labelOf(await harness.run(task)));
      assert.deepEqual(tally(labels), { 积极: 2, 中性: 2, 消极: 2 });
      // Out of order, a task still gets the same label.
      assert.equal(labelOf(await harness.run(4)), labels[4]);
    });
  });

  it('follows explicit weights, and rejects weights for labels the seeds do not have', async () => {
    await withHarness({ weights: '积极=2，中性=1, 消极=1' }, async (harness) => {
      const labels: string[] = [];
      for (let task = 0; task < 8; task++) labels.push(labelOf(await harness.run(task)));
      assert.deepEqual(tally(labels), { 积极: 4, 中性: 2, 消极: 2 });
    });
    await withHarness({ weights: '积极=1,愤怒=1' }, async (harness) => {
      await assert.rejects(harness.run(0), /names the label "愤怒", which no seed has \(the labels: 积极, 中性, 消极\)/);
    });
    await withHarness({ weights: '积极' }, async (harness) => {
      await assert.rejects(harness.run(0), /label=weight pairs/);
    });
  });

  it('discards texts whose label the judge does not confirm, naming both labels', async () => {
    await withHarness({}, async (harness) => {
      let kept = 0;
      let discarded = 0;
      for (let task = 0; task < 4; task++) {
        const result = await harness.run(task);
        const target = labelOf(result);
        for (const candidate of result.candidates) {
          if (candidate.discardedBecause === undefined) kept++;
          else {
            discarded++;
            assert.match(candidate.discardedBecause, new RegExp(`written as "${target}", but the judge labelled it "(积极|中性|消极)"`));
            assert.ok(!candidate.discardedBecause.includes(`labelled it "${target}"`));
          }
        }
      }
      assert.ok(kept > 0 && discarded > 0, `the test server confirms some labels and not others (kept ${kept}, discarded ${discarded})`);
    });
  });

  it('keeps what the judge confirms and discards what it labels otherwise (a scripted judge)', async () => {
    const harness = await strategyHarness({ server, strategy: classification, seedFile: 'reviews-sentiment.zh.jsonl', templates: CLASSIFICATION_TEMPLATES });
    try {
      const confirmed = await runWith({ ...harness.context, client: writerAndJudge() }, 0);
      assert.deepEqual(confirmed.candidates.map((c) => c.discardedBecause), [undefined, undefined, undefined]);
      const target = labelOf(confirmed);
      const other = target === '消极' ? '积极' : '消极';
      const client = writerAndJudge(other);
      const rejected = await runWith({ ...harness.context, client }, 0);
      for (const candidate of rejected.candidates) assert.equal(candidate.discardedBecause, `written as "${target}", but the judge labelled it "${other}": The text is clearly about it.`);
      assert.equal(client.requests.filter((r) => r.model === 'seedling-judge').length, 3);
    } finally {
      await harness.close();
    }
  });

  it('keeps every prefix of the schedule within one text of its quota, for uneven weights', async () => {
    const harness = await strategyHarness({ server, strategy: classification, seedFile: 'reviews-sentiment.zh.jsonl', templates: CLASSIFICATION_TEMPLATES });
    try {
      const context: StrategyContext = { ...harness.context, client: writerAndJudge(), options: resolveOptions(classification, { weights: '积极=3,中性=2,消极=1', perRequest: '1' }) };
      const weights: Record<string, number> = { 积极: 3, 中性: 2, 消极: 1 };
      const counts: Record<string, number> = { 积极: 0, 中性: 0, 消极: 0 };
      for (let task = 0; task < 60; task++) {
        const label = labelOf(await runWith(context, task));
        counts[label] = (counts[label] ?? 0) + 1;
        for (const [name, weight] of Object.entries(weights)) assert.ok(Math.abs((counts[name] ?? 0) - ((task + 1) * weight) / 6) < 1, `task ${task}: ${name}`);
      }
      assert.deepEqual(counts, { 积极: 30, 中性: 20, 消极: 10 });
      const seedShare = { ...harness.context, client: writerAndJudge(), options: resolveOptions(classification, { distribution: 'seed' }) };
      const labels: string[] = [];
      for (let task = 0; task < 6; task++) labels.push(labelOf(await runWith(seedShare, task)));
      assert.deepEqual(tally(labels), { 积极: 2, 中性: 2, 消极: 2 }, 'the seeds are 6/6/6');
    } finally {
      await harness.close();
    }
  });

  it('refuses seeds without labels, naming the strategies to use', () => {
    assert.match(classification.unsupportedKind('chat') ?? '', /Self-Instruct or Augmentation/);
    assert.match(classification.unsupportedKind('preference') ?? '', /Preference strategy/);
    assert.equal(classification.unsupportedKind('classification'), undefined);
    assert.throws(() => resolveOptions(classification, { distribution: 'skewed' }), /balanced, seed/);
  });
});
