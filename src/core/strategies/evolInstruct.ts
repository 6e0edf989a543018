// Evol-Instruct (Xu et al., 2023, WizardLM): a seed's task is rewritten into a harder one,
// one in-depth operation at a time (add constraints, deepen, concretize, more reasoning
// steps, complicate the input), or into a new, rarer task of the same domain (in breadth);
// the final task is then answered. Failed evolutions are eliminated as in the paper, but
// journaled with their reason rather than dropped silently, so the run shows what failed.
import { z } from 'zod';
import type { StructuredSchema } from '../llm/llmClient';
import type { SampleKind } from '../model/sample';
import { NONE_TEXT } from '../prompts/templates/distillationTemplates';
import { EVOL_DEPTH_OPERATIONS } from '../prompts/templates/evolInstructTemplates';
import { rougeL } from '../quality/similarity/rougeL';
import { normalizeText, TokenInterner, tokenizeDetailed } from '../quality/similarity/tokenize';
import { answeredSample, answerFormat, answerOf, CUT_OFF, guidelinesOf, promptOf, requestOf, styleExamples, type TaskPrompt } from './distillation';
import { askStructured, askText } from './modelCalls';
import { type Generated, optionNumber, optionString, type SeedRecord, type Strategy, TaskMeter } from './strategy';

type DepthOperation = keyof (typeof EVOL_DEPTH_OPERATIONS)['en'];
type Operation = DepthOperation | 'breadth';

const DEPTH_OPERATIONS: readonly DepthOperation[] = ['add-constraints', 'deepen', 'concretize', 'more-reasoning', 'complicate-input'];

/** The evolutions an `operations` option allows; 'all' weighs in-breadth like one in-depth operation, as the paper does. */
function operationsFor(option: string): readonly Operation[] {
  if (option === 'depth') return DEPTH_OPERATIONS;
  if (option === 'breadth') return ['breadth'];
  return [...DEPTH_OPERATIONS, 'breadth'];
}

export const MAX_DEPTH = 4;

const evolvedTask = z.object({ instruction: z.string().trim().min(1), input: z.string() });
const EVOLVED_TASK: StructuredSchema<z.infer<typeof evolvedTask>> = {
  name: 'evolved_task',
  schema: evolvedTask,
  jsonSchema: { type: 'object', properties: { instruction: { type: 'string' }, input: { type: 'string' } }, required: ['instruction', 'input'], additionalProperties: false },
};

/** ROUGE-L with the task it came from at or above which an evolution added no information. */
export const NO_GAIN_ROUGE_L = 0.9;

/**
 * Wording of the rewriting prompts (the paper's, and this strategy's own) that leaks into a
 * failed evolution: it then talks about the rewrite instead of being a task. Lower case, as
 * normalizeText gives.
 */
const SCAFFOLDING = [
  '#rewritten prompt#',
  '#given prompt#',
  'given prompt',
  'rewritten prompt',
  'rewritten task',
  'rewritten instruction',
  'original prompt',
  'original task',
  'original instruction',
  'the given task',
  'task to make harder',
  'harder task',
  'task to start from',
  'evolved task',
  'evolved instruction',
  'new task:',
  '改写后的',
  '给定的提示',
  '给定的任务',
  '原始任务',
  '原任务',
  '原来的任务',
  '原来的版本',
  '需要加大难度的任务',
  '更难的任务',
  '作为起点的任务',
  '新任务:',
];

/** NFKC, lower case, one space between words, the plain apostrophe: the form the rules below compare. */
function squash(text: string): string {
  return normalizeText(text).replace(/[\u2019\u02bc]/g, "'").replace(/\s+/g, ' ').trim();
}

/**
 * Why an evolution failed, or undefined when it is a usable task: it added no information
 * (identical after normalising, or ROUGE-L ≥ 0.9 with the task it came from), or it copies
 * the rewriting prompt's scaffolding. Wording already in the task it came from is not a copy.
 */
export function failedEvolution(before: string, after: string): string | undefined {
  const from = squash(before);
  const to = squash(after);
  if (from === to) return 'the evolved task is the same as the one it came from: the evolution added nothing';
  const interner = new TokenInterner();
  const score = rougeL(interner.internText(before), interner.internText(after));
  if (score >= NO_GAIN_ROUGE_L) return `the evolved task is nearly the same as the one it came from (ROUGE-L ${score.toFixed(2)} ≥ ${NO_GAIN_ROUGE_L}): the evolution added no information`;
  const copied = SCAFFOLDING.find((phrase) => to.includes(phrase) && !from.includes(phrase));
  if (copied !== undefined) return `the evolved task copies the rewriting prompt’s wording (“${copied}”) instead of being a task a user would ask`;
  return undefined;
}

/** A reply that opens by declining, at any length. */
const REFUSAL_OPENINGS = [
  /^(?:i'm sorry|i am sorry|sorry|i apologi[sz]e|unfortunately)\b[^.!?\n]*\b(?:cannot|can't|can not|unable|not able)\b/,
  /^i (?:cannot|can't|can not|am unable to|am not able to|won't be able to)\b/,
  /^as an ai\b/,
  /^(?:很|非常)?(?:抱歉|对不起)[^。！？!?\n]*(?:无法|不能|没法|没有办法)/,
  /^我(?:无法|不能|没法|没有办法)(?:回答|提供|协助|帮助|帮你|帮您|完成|满足|处理)/,
  /^作为(?:一个)?(?:ai|人工智能)/,
];

/** Words of apology or inability: in a short answer they mean the model could not answer (the paper's "sorry" rule). */
const REFUSAL_WORDS = /\b(?:sorry|apologi[sz]e|cannot|can't|can not|unable to)\b|抱歉|对不起|无法|没法|不能回答/;

/** Under this many words (two CJK characters counting as one) an answer with a refusal word is a refusal. */
const SHORT_WORDS = 80;

/** Answers shorter than this many characters, and than half the seed's answer, are too short. */
export const MIN_ANSWER_CHARS = 20;

/**
 * Why an answer to an evolved task shows the evolution failed, or undefined: it is empty,
 * too short (under 20 characters and under half the seed's answer), or a refusal (it opens by
 * declining, or is short and says sorry or that it cannot answer).
 */
export function failedAnswer(answer: string, seedAnswer: string): string | undefined {
  const text = squash(answer);
  const tokens = tokenizeDetailed(text);
  if (tokens.tokens.length === 0) return 'the answer is empty (no words at all)';
  const chars = Array.from(answer.trim()).length; // code points: a CJK character is one, as a reader counts
  const seedChars = Array.from(seedAnswer.trim()).length;
  if (chars < MIN_ANSWER_CHARS && chars * 2 < seedChars) return `the answer is too short (${chars} characters, against ${seedChars} in the seed’s answer)`;
  if (REFUSAL_OPENINGS.some((pattern) => pattern.test(text))) return 'the answer refuses the task: the evolved task is one the model could not answer';
  const words = tokens.tokens.length - tokens.cjkCount / 2;
  const word = REFUSAL_WORDS.exec(text);
  if (word !== null && words < SHORT_WORDS) return `the answer is short and says “${word[0]}”: the model could not answer the evolved task`;
  return undefined;
}

export const evolInstruct: Strategy = {
  id: 'evol-instruct',
  label: 'Evol-Instruct',
  description: {
    en: 'Rewrites seed tasks into harder ones (constraints, depth, concreteness, reasoning steps, harder input) or into rarer tasks of the same domain, then answers them; failed evolutions are eliminated.',
    zh: '把种子任务改写得更难（增加约束、加深、具体化、增加推理步骤、复杂化输入），或改写成同领域中更少见的任务，再作答；失败的演化会被剔除。',
  },
  options: [
    { name: 'depth', description: { en: `evolutions applied one after another to each task (1–${MAX_DEPTH})`, zh: `对每个任务依次进行的演化次数（1–${MAX_DEPTH}）` }, default: 1 },
    { name: 'operations', description: { en: 'all; depth: only harder versions of the task; breadth: only new, rarer tasks of the same domain', zh: 'all：全部；depth：只生成更难的任务版本；breadth：只生成同一领域中新的、更少见的任务' }, default: 'all', choices: ['all', 'depth', 'breadth'] },
    { name: 'fromGenerated', description: { en: 'chance of evolving a candidate the run already kept instead of a seed, once there are some', zh: '已有保留候选后，以该概率演化已保留的候选而非种子' }, default: 0.3 },
    { name: 'examples', description: { en: 'seed examples shown per request, for domain and style', zh: '每次请求展示的种子示例数，用于示范领域和风格' }, default: 2 },
  ],
  expectedYield: 0.8,
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return 'Evol-Instruct evolves instructions and answers them; for labelled text use the Classification strategy';
    if (kind === 'preference') return 'Evol-Instruct writes single answers; for preference pairs use the Preference strategy';
    return undefined;
  },
  outputKind: (kind) => kind,
  async run(context, task) {
    const meter = new TaskMeter();
    const format = answerFormat(context.seedKind, context.language);
    if (format === undefined) throw new Error(this.unsupportedKind(context.seedKind) ?? 'unsupported seed kind');
    const none = NONE_TEXT[context.language];
    // The roll is drawn even with nothing kept, so the draws after it do not shift with the pool.
    const kept = context.pool.kept();
    const roll = task.random.next();
    const origin: SeedRecord = kept.length > 0 && roll < optionNumber(context, 'fromGenerated') ? task.random.pick(kept) : task.random.pick(context.seeds);
    const examples = styleExamples(context, task.random, origin, optionNumber(context, 'examples'));
    const depth = Math.min(MAX_DEPTH, Math.max(1, Math.floor(optionNumber(context, 'depth'))));
    const allowed = operationsFor(optionString(context, 'operations'));
    const provenance = { seedIds: [origin.id], nearestSeedId: origin.id };
    const discarded = (prompt: TaskPrompt, answer: string, reason: string): Generated[] => {
      const sample = answeredSample(context.seedKind, prompt, answer, context.seeds);
      return sample ? [{ sample, ...provenance, discardedBecause: reason }] : [];
    };

    let current = promptOf(origin.sample);
    for (let step = 1; step <= depth; step++) {
      const operation = task.random.pick(allowed);
      const evolved = await askStructured(
        context,
        meter,
        operation === 'breadth' ? 'evol-breadth' : 'evol-depth',
        {
          examples,
          task: current.instruction,
          input: current.input.length > 0 ? current.input : none,
          ...(operation === 'breadth' ? {} : { operation: EVOL_DEPTH_OPERATIONS[context.language][operation] }),
        },
        EVOLVED_TASK,
        { seed: task.index },
      );
      // Only instruction samples have a place for input; elsewhere it follows the instruction, as a user would paste it.
      const instruction = evolved.instruction.trim();
      const input = evolved.input.trim();
      const next: TaskPrompt = context.seedKind === 'instruction' ? { instruction, input } : { instruction: requestOf({ instruction, input }), input: '' };
      const failure = failedEvolution(requestOf(current), requestOf(next));
      if (failure !== undefined) return meter.result(discarded(next, '', `evolution ${step} of ${depth} (${operation}) failed: ${failure}`));
      current = next;
    }

    const reply = await askText(
      context,
      meter,
      'evol-answer',
      { examples, guidelines: guidelinesOf(context), task: current.instruction, input: current.input.length > 0 ? current.input : none, format },
      { seed: task.index },
    );
    const failure = reply.complete ? failedAnswer(reply.text, answerOf(origin.sample)) : CUT_OFF;
    if (failure !== undefined) return meter.result(discarded(current, reply.text, failure));
    const sample = answeredSample(context.seedKind, current, reply.text, context.seeds);
    return meter.result(sample ? [{ sample, ...provenance }] : []);
  },
};
