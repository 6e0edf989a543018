// The judge against the local test server: its structured answers parse into verdicts,
// through json_schema and through the fallbacks.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OpenAiCompatibleClient } from '../../../src/core/llm/openAiCompatibleClient';
import { RequestScheduler } from '../../../src/core/llm/scheduler';
import type { Sample } from '../../../src/core/model/sample';
import { JUDGE_TEMPLATES } from '../../../src/core/prompts/judgeTemplates';
import { TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { Judge } from '../../../src/core/quality/judge';
import { DEFAULT_RUBRICS } from '../../../src/core/quality/rubrics';
import { type LlmServer, startLlmServer } from '../../llmServer/llmServer';

let server: LlmServer;
let client: OpenAiCompatibleClient;
before(async () => {
  server = await startLlmServer();
  client = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: server.url, apiKey: 'k', scheduler: new RequestScheduler({ maxConcurrency: 8 }) });
});
after(async () => {
  await client.close();
  await server.close();
});

const samples: Sample[] = [
  { kind: 'instruction', instruction: '租房可以提取住房公积金吗？', input: '', output: '可以，需满足本人及配偶在缴存城市无自有住房且实际租房。' },
  { kind: 'chat', messages: [{ role: 'user', content: 'How do I export notes?' }, { role: 'assistant', content: 'Use File → Export.' }, { role: 'user', content: 'As PDF?' }, { role: 'assistant', content: 'Yes, choose PDF.' }] },
  { kind: 'classification', text: '物流太慢了，等了一周。', label: '消极' },
  { kind: 'preference', prompt: 'Undo my last commit but keep changes?', chosen: 'git reset --soft HEAD~1', rejected: 'git reset --hard HEAD~1' },
];

describe('judging with a model', () => {
  for (const sample of samples) {
    it(`parses a verdict for a ${sample.kind} sample, each criterion scored with a reason`, async () => {
      const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
      const outcome = await judge.judge(sample, { models: ['seedling-judge'], allowedLabels: ['积极', '中性', '消极'] });
      const rubric = DEFAULT_RUBRICS[outcome.verdict.rubric];
      assert.deepEqual(outcome.verdict.criteria.map((c) => c.name), rubric.criteria.map((c) => c.name));
      for (const c of outcome.verdict.criteria) {
        assert.ok(Number.isInteger(c.score) && c.score >= 1 && c.score <= 5, `${c.name}: ${c.score}`);
        assert.ok(c.reason.length > 0);
      }
      assert.ok(outcome.verdict.overall >= 1 && outcome.verdict.overall <= 5);
      assert.ok(outcome.verdict.critique.length > 0);
      if (sample.kind === 'preference') assert.ok(['chosen', 'rejected', 'tie'].includes(outcome.verdict.preferred ?? ''));
      assert.equal(outcome.verdict.rubric, { instruction: 'instruction', chat: 'dialogue', classification: 'classification', preference: 'preference', completion: 'instruction' }[sample.kind]);
    });
  }

  it('asks in Chinese for Chinese data and in English otherwise', async () => {
    server.clearLog();
    const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
    await judge.judge({ kind: 'instruction', instruction: '离职后公积金怎么办？', input: '', output: '封存满6个月后可以提取。' }, { models: ['seedling-judge'] });
    await judge.judge({ kind: 'instruction', instruction: 'How do I sync?', input: '', output: 'Open Settings → Sync.' }, { models: ['seedling-judge'] });
    const systems = server.requests.map((r) => (r.body as { messages: { content: string }[] }).messages[0]?.content ?? '');
    assert.match(systems[0] ?? '', /^你是一名严格而公正/);
    assert.match(systems[1] ?? '', /^You are a strict, fair reviewer/);
  });

  it('still parses verdicts from a server without structured output', async () => {
    server.configure({ capabilities: { jsonSchema: false, jsonObject: false } });
    try {
      const plain = new OpenAiCompatibleClient({ provider: 'custom', baseUrl: server.url, apiKey: 'k', scheduler: new RequestScheduler({ maxConcurrency: 2 }) });
      const judge = new Judge(plain, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
      const outcome = await judge.judge(samples[0] as Sample, { models: ['seedling-judge'] });
      assert.equal(outcome.verdict.criteria.length, 5);
      await plain.close();
    } finally {
      server.configure({ capabilities: { jsonSchema: true, jsonObject: true } });
    }
  });

  it('gives varied scores across samples, so thresholds have something to cut', async () => {
    const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
    const overall = await Promise.all(
      Array.from({ length: 12 }, (_, i) => judge.judge({ kind: 'instruction', instruction: `Question ${i} about exporting notes?`, input: '', output: `Answer ${i}: use the export menu.` }, { models: ['seedling-judge'] }).then((o) => o.verdict.overall)),
    );
    assert.ok(new Set(overall).size >= 2, `scores: ${overall.join(', ')}`);
  });
});
