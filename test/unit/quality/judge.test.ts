import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ChatRequest, ChatResult, LlmClient, StructuredResult, StructuredSchema } from '../../../src/core/llm/llmClient';
import type { Sample } from '../../../src/core/model/sample';
import { JUDGE_TEMPLATES } from '../../../src/core/prompts/judgeTemplates';
import { TemplateLibrary } from '../../../src/core/prompts/promptTemplate';
import { Judge } from '../../../src/core/quality/judge';
import { DEFAULT_RUBRICS } from '../../../src/core/quality/rubrics';

/** A judge model that answers from a script: model name → its verdict for the request. */
class ScriptedJudges implements LlmClient {
  readonly requests: ChatRequest[] = [];
  constructor(private readonly answer: (model: string, request: ChatRequest) => unknown) {}

  chat(): Promise<ChatResult> {
    return Promise.reject(new Error('not used'));
  }
  chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>): Promise<StructuredResult<T>> {
    this.requests.push(request);
    const value = schema.schema.parse(this.answer(request.model, request));
    return Promise.resolve({ value, mode: 'json_schema', usage: { promptTokens: 100, completionTokens: 50 }, cached: false, requestKeys: [`key-${request.model}`], costUsd: 0.001 });
  }
  embed(): never {
    throw new Error('not used');
  }
  listModels(): Promise<string[]> {
    return Promise.resolve([]);
  }
}

function verdict(scores: Record<string, number>, overall: number, critique = 'fine', preferred?: 'A' | 'B' | 'tie'): unknown {
  return { scores: Object.fromEntries(Object.entries(scores).map(([name, score]) => [name, { score, reason: `${name} is ${score}` }])), overall, critique, ...(preferred ? { preferred } : {}) };
}

const sample: Sample = { kind: 'instruction', instruction: '租房可以提取公积金吗？', input: '', output: '可以，需满足无房且实际租房。' };
const allFives = { accuracy: 5, instruction_following: 5, format: 5, no_fabrication: 5, style_consistency: 5 };

describe('LLM judge', () => {
  it('asks in the data’s language with the rubric and the references, and keeps per-criterion reasons', async () => {
    const client = new ScriptedJudges(() => verdict({ ...allFives, no_fabrication: 2 }, 3, '删除编造的政策条款。'));
    const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
    const reference: Sample = { kind: 'instruction', instruction: '离职后可以提取吗？', input: '', output: '可以，封存满6个月后。' };
    const outcome = await judge.judge(sample, { models: ['judge-a'], references: [reference] });
    const prompt = client.requests[0]?.messages.map((m) => m.content).join('\n') ?? '';
    assert.match(prompt, /评分标准/);
    assert.match(prompt, /no_fabrication: 没有参考样本或常识无法支撑的编造/);
    assert.match(prompt, /离职后可以提取吗/);
    assert.equal(client.requests[0]?.temperature, 0);
    assert.equal(outcome.verdict.overall, 3);
    assert.equal(outcome.verdict.passed, false);
    assert.deepEqual(outcome.verdict.criteria.find((c) => c.name === 'no_fabrication'), { name: 'no_fabrication', score: 2, reason: 'no_fabrication is 2' });
    assert.equal(outcome.verdict.critique, '删除编造的政策条款。');
    assert.match(outcome.templateHash, /^[0-9a-f]{64}$/);
  });

  it('lets several judges vote, measures their agreement and flags a disagreement', async () => {
    const overall: Record<string, number> = { a: 5, b: 4, c: 2 };
    const client = new ScriptedJudges((model) => verdict({ ...allFives, accuracy: overall[model] ?? 1 }, overall[model] ?? 1, `critique by ${model}`));
    const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
    const mean = await judge.judge(sample, { models: ['a', 'b', 'c'] });
    assert.equal(mean.verdict.overall, 3.67);
    assert.equal(mean.verdict.agreement, 0.25);
    assert.equal(mean.verdict.disagreement, true);
    assert.equal(mean.verdict.critique, 'critique by c', 'the most critical judge’s critique');
    assert.deepEqual(mean.perModel, [{ model: 'a', overall: 5 }, { model: 'b', overall: 4 }, { model: 'c', overall: 2 }]);
    assert.equal(mean.costUsd, 0.003);
    const median = await judge.judge(sample, { models: ['a', 'b', 'c'], aggregate: 'median' });
    assert.equal(median.verdict.overall, 4);
    assert.equal(median.verdict.criteria.find((c) => c.name === 'accuracy')?.score, 4);
  });

  it('compares preference pairs blind to which is chosen, and maps the vote back', async () => {
    const pair: Sample = { kind: 'preference', prompt: 'How do I undo my last commit but keep the changes?', chosen: 'git reset --soft HEAD~1', rejected: 'git reset --hard HEAD~1' };
    // The judge always prefers the response that mentions --soft, wherever it is shown.
    const client = new ScriptedJudges((_, request) => {
      const text = request.messages[1]?.content ?? '';
      const a = text.slice(text.indexOf('Response A:'), text.indexOf('Response B:'));
      return verdict({ clear_preference: 5, chosen_quality: 5, contrast_relevance: 4 }, 5, 'good pair', a.includes('--soft') ? 'A' : 'B');
    });
    const judge = new Judge(client, new TemplateLibrary(JUDGE_TEMPLATES), DEFAULT_RUBRICS);
    const outcome = await judge.judge(pair, { models: ['j'] });
    assert.equal(outcome.verdict.preferred, 'chosen');
    assert.equal(outcome.verdict.passed, true);
    const flipped = await judge.judge({ ...pair, chosen: pair.rejected, rejected: pair.chosen }, { models: ['j'] });
    assert.equal(flipped.verdict.preferred, 'rejected');
    assert.equal(flipped.verdict.passed, false, 'a pair whose rejected response is better fails');
  });
});
