// Mixture-of-agents (Wang et al., 2024): every generator model proposes an answer to a seed's
// instruction, later layers (if any) have each model refine the previous layer's proposals,
// and an aggregator model synthesises the final answer from the last proposals. With one
// model and one layer it degenerates to a single pass: one request, the cheap default.
import type { SampleKind } from '../model/sample';
import { PROPOSAL_HEADING } from '../prompts/templates/mixtureOfAgentsTemplates';
import type { SeededRandom } from '../random';
import { answeredSample, answerFormat, CUT_OFF, guidelinesOf, promptOf, recordForTask, requestOf, splitReasoning, styleExamples } from './distillation';
import { askText } from './modelCalls';
import { type Generated, optionNumber, optionString, type Strategy, type StrategyContext, TaskMeter } from './strategy';

export const MAX_LAYERS = 3;

interface Call {
  readonly model: string;
  readonly templateId: string;
  readonly values: Readonly<Record<string, string>>;
}

/** An answer usable as a proposal or as the final text: complete, and something left once any <think> block is dropped. */
interface Answer {
  readonly model: string;
  readonly text: string;
  readonly usable: boolean;
  readonly complete: boolean;
}

/**
 * Sends calls at once, then books them on the task's meter in call order, not in the order
 * they finish, so the same task always reports the same request keys and models.
 */
async function askAll(context: StrategyContext, meter: TaskMeter, calls: readonly Call[], seed: number): Promise<Answer[]> {
  const answered = await Promise.all(
    calls.map(async (call) => {
      const own = new TaskMeter();
      const reply = await askText(context, own, call.templateId, call.values, { model: call.model, seed });
      return { call, reply, booked: own.result([]) };
    }),
  );
  return answered.map(({ call, reply, booked }) => {
    meter.add(booked, call.model, booked.templateHashes[0]);
    const text = splitReasoning(reply.text).answer;
    return { model: call.model, text, usable: reply.complete && text.length > 0, complete: reply.complete };
  });
}

/** Proposals numbered in a random order (the same for the same task), so no model gets the aggregator's favoured first place every time. */
function renderProposals(answers: readonly Answer[], random: SeededRandom, heading: string): string {
  return random
    .sample(answers, answers.length)
    .map((answer, index) => `### ${heading} ${index + 1}\n${answer.text}`)
    .join('\n\n');
}

export const mixtureOfAgents: Strategy = {
  id: 'mixture-of-agents',
  label: 'Mixture-of-agents',
  description: {
    en: 'Every generator model answers each seed instruction and an aggregator model merges the answers into one better answer; with a single model and one layer it is a cheap single pass (one request per sample).',
    zh: '每个生成模型都回答同一条种子指令，再由聚合模型把这些回答整合成一个更好的回答；只有一个模型且只有一层时为单次生成（每条样本一次请求），成本最低。',
  },
  options: [
    { name: 'aggregator', description: { en: 'model that merges the proposals ("" = the first generator model)', zh: '整合各方回答的模型（""＝第一个生成模型）' }, default: '' },
    { name: 'layers', description: { en: `proposal layers before the aggregator (1–${MAX_LAYERS}); each later layer has every model refine the previous layer’s answers`, zh: `聚合之前的提议层数（1–${MAX_LAYERS}）；之后的每一层都让每个模型改进上一层的回答` }, default: 1 },
    { name: 'examples', description: { en: 'seed examples shown per request, for style', zh: '每次请求展示的种子示例数，用于示范风格' }, default: 2 },
  ],
  expectedYield: 0.95,
  // It answers known prompts anew: only a whole sample can repeat another.
  novelty: 'full',
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return 'Mixture-of-agents answers instructions; for labelled text use the Classification strategy';
    if (kind === 'preference') return 'Mixture-of-agents writes one answer per instruction; for preference pairs use the Preference strategy';
    return undefined;
  },
  outputKind: (kind) => kind,
  async run(context, task) {
    const meter = new TaskMeter();
    const format = answerFormat(context.seedKind, context.language);
    if (format === undefined) throw new Error(this.unsupportedKind(context.seedKind) ?? 'unsupported seed kind');
    const proposers = [...new Set(context.models)];
    const main = proposers[0];
    if (main === undefined) throw new Error('Mixture-of-agents needs at least one generator model');
    const aggregator = optionString(context, 'aggregator') || main;
    const layers = Math.min(MAX_LAYERS, Math.max(1, Math.floor(optionNumber(context, 'layers'))));
    const record = recordForTask(context, task.index, 'seeds');
    const prompt = promptOf(record.sample);
    const base = { examples: styleExamples(context, task.random, record, optionNumber(context, 'examples')), guidelines: guidelinesOf(context), request: requestOf(prompt), format };
    const heading = PROPOSAL_HEADING[context.language];
    const finish = (answer: Answer, reason?: string): Generated[] => {
      const sample = answeredSample(context.seedKind, prompt, answer.text, context.seeds);
      return sample ? [{ sample, seedIds: [record.id], nearestSeedId: record.id, ...(reason !== undefined ? { discardedBecause: reason } : {}) }] : [];
    };
    const verdict = (answer: Answer): string | undefined => (answer.usable ? undefined : answer.complete ? 'the model returned an empty answer' : CUT_OFF);

    if (proposers.length === 1 && layers === 1 && aggregator === main) {
      const [single] = await askAll(context, meter, [{ model: main, templateId: 'moa-propose', values: base }], task.index);
      return meter.result(single ? finish(single, verdict(single)) : []);
    }

    let proposals = await askAll(context, meter, proposers.map((model) => ({ model, templateId: 'moa-propose', values: base })), task.index);
    for (let layer = 1; layer <= layers; layer++) {
      const usable = proposals.filter((p) => p.usable);
      if (usable.length === 0) {
        return meter.result(finish({ model: main, text: '', usable: false, complete: true }, `none of the ${proposals.length} proposals of layer ${layer} was usable (empty or cut off)`));
      }
      // Each layer after the first has every proposer refine the previous one; the last is merged by the aggregator alone.
      const models = layer < layers ? proposers : [aggregator];
      const values = { ...base, proposals: renderProposals(usable, task.random, heading) };
      proposals = await askAll(context, meter, models.map((model) => ({ model, templateId: 'moa-aggregate', values })), task.index);
    }
    const [final] = proposals;
    return meter.result(final ? finish(final, verdict(final)) : []);
  },
};
