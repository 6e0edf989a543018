// Preference pairs for DPO, two ways from the literature: critique → revise (Constitutional
// AI style: chosen = the revision, rejected = the original) or two sampled answers ranked by
// a pairwise judge that sees them in a random order, against position bias.
import { z } from 'zod';
import type { Message, Sample, SampleKind, TextOrMessages } from '../model/sample';
import type { TemplateLanguage } from '../prompts/promptTemplate';
import { renderTextOrMessages } from '../prompts/renderSample';
import type { SeededRandom } from '../random';
import { askStructured, askText, inCallOrder } from './modelCalls';
import { instructionOf } from './sampleShapes';
import { type Generated, optionBoolean, optionString, type SeedRecord, type Strategy, type StrategyContext, TaskMeter } from './strategy';

const MODES = ['critique-revise', 'pairwise'] as const;
type Mode = (typeof MODES)[number];

/** Temperatures of the two answers of a pair from one model: a careful one and a loose one. */
const PAIR_TEMPERATURES = [0.3, 1.0] as const;

interface SeedPrompt {
  /** The prompt as the DPO record holds it: text, or messages ending with the user's turn. */
  readonly prompt: TextOrMessages;
  /** The seed's own answer to it, if it has one (output, reply, completion, chosen). */
  readonly answer?: string;
}

/** Everything up to and including the last user turn, and the reply that follows it. */
function conversationPrompt(messages: readonly Message[]): SeedPrompt | undefined {
  const at = messages.findLastIndex((m) => m.role === 'user');
  if (at === -1 || (messages[at]?.content.trim() ?? '') === '') return undefined;
  const reply = messages[at + 1];
  return { prompt: messages.slice(0, at + 1), ...(reply?.role === 'assistant' && reply.content.trim() !== '' ? { answer: reply.content } : {}) };
}

function lastAssistant(value: TextOrMessages): string {
  return typeof value === 'string' ? value : (value.findLast((m) => m.role === 'assistant')?.content ?? '');
}

/** The prompt of a seed, in the form the output keeps: message lists for conversational seeds. */
function seedPrompt(sample: Sample): SeedPrompt | undefined {
  switch (sample.kind) {
    case 'instruction':
    case 'completion': {
      const prompt = instructionOf(sample);
      const answer = sample.kind === 'instruction' ? sample.output : sample.completion;
      return prompt.trim() === '' ? undefined : { prompt, ...(answer.trim() !== '' ? { answer } : {}) };
    }
    case 'chat':
      // A conversation keeps its system prompt and history: the answer depends on them.
      return conversationPrompt(sample.messages);
    case 'preference': {
      const answer = lastAssistant(sample.chosen);
      const withAnswer = answer.trim() !== '' ? { answer } : {};
      if (typeof sample.prompt === 'string') return sample.prompt.trim() === '' ? undefined : { prompt: sample.prompt, ...withAnswer };
      if (sample.prompt !== undefined) return sample.prompt.length === 0 ? undefined : { prompt: sample.prompt, ...withAnswer };
      // Implicit prompt: the dialogue in "chosen" up to its final answer.
      return typeof sample.chosen === 'string' ? undefined : conversationPrompt(sample.chosen);
    }
    case 'classification':
      return undefined;
  }
}

function pair(prompt: TextOrMessages, chosen: string, rejected: string): Sample {
  if (typeof prompt === 'string') return { kind: 'preference', prompt, chosen, rejected };
  return { kind: 'preference', prompt, chosen: [{ role: 'assistant', content: chosen }], rejected: [{ role: 'assistant', content: rejected }] };
}

function same(a: string, b: string): boolean {
  return a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();
}

const EXAMPLE_WORDS = { en: { example: 'Example', answer: 'Answer' }, zh: { example: '示例', answer: '回答' } } as const;

/** Prompts with answers as few-shot examples; a system prompt the conversation itself shows is left out of them. */
function renderAnswerExamples(examples: readonly { prompt: TextOrMessages; answer: string }[], conversation: TextOrMessages, language: TemplateLanguage): string {
  if (examples.length === 0) return language === 'zh' ? '（无）' : '(none)';
  const words = EXAMPLE_WORDS[language];
  const system = typeof conversation !== 'string' && conversation[0]?.role === 'system' ? conversation[0].content : undefined;
  const shown = (prompt: TextOrMessages): TextOrMessages => (typeof prompt !== 'string' && prompt[0]?.role === 'system' && prompt[0].content === system ? prompt.slice(1) : prompt);
  return examples.map((e, i) => `### ${words.example} ${i + 1}\n${renderTextOrMessages(shown(e.prompt), language)}\n\n[${words.answer}]\n${e.answer}`).join('\n\n');
}

interface Task {
  readonly context: StrategyContext;
  readonly meter: TaskMeter;
  readonly index: number;
  readonly seed: SeedRecord;
  readonly prompt: SeedPrompt;
  readonly conversation: string;
  readonly examples: string;
}

function generated(task: Task, sample: Sample, discardedBecause?: string): Generated {
  return { sample, seedIds: [task.seed.id], nearestSeedId: task.seed.id, ...(discardedBecause !== undefined ? { discardedBecause } : {}) };
}

function answer(task: Task, meter: TaskMeter, settings: { model?: string; temperature?: number }): Promise<{ text: string; complete: boolean }> {
  return askText(task.context, meter, 'preference-answer', { examples: task.examples, conversation: task.conversation }, { ...settings, seed: task.index });
}

async function critiqueAndRevise(task: Task, useSeedAnswers: boolean): Promise<Generated> {
  const own = useSeedAnswers ? task.prompt.answer : undefined;
  const first = own !== undefined ? { text: own.trim(), complete: true } : await answer(task, task.meter, {});
  if (!first.complete || first.text === '') return generated(task, pair(task.prompt.prompt, first.text || '-', first.text || '-'), 'the first answer was cut off or empty');
  const original = first.text;
  const { critique } = await askStructured(
    task.context,
    task.meter,
    'preference-critique',
    { conversation: task.conversation, answer: original },
    {
      name: 'critique',
      schema: z.object({ critique: z.string().trim().min(1) }),
      jsonSchema: { type: 'object', properties: { critique: { type: 'string' } }, required: ['critique'], additionalProperties: false },
    },
    // A critique should be careful rather than inventive.
    { seed: task.index, temperature: Math.min(task.context.temperature, 0.3) },
  );
  const revised = await askText(task.context, task.meter, 'preference-revise', { conversation: task.conversation, answer: original, critique: critique.trim() }, { seed: task.index });
  const sample = pair(task.prompt.prompt, revised.text || original, original);
  if (!revised.complete || revised.text === '') return generated(task, sample, 'the revised answer was cut off or empty');
  if (same(revised.text, original)) return generated(task, sample, 'the revision is identical to the original answer, so the pair teaches nothing');
  return generated(task, sample);
}

async function comparePairwise(task: Task, random: SeededRandom): Promise<Generated> {
  const { context } = task;
  const [modelA, modelB] = context.models;
  // Two models when there are two; otherwise one model at a low and a high temperature.
  const settings =
    modelA !== undefined && modelB !== undefined
      ? [{ model: modelA }, { model: modelB }]
      : [{ temperature: PAIR_TEMPERATURES[0] }, { temperature: PAIR_TEMPERATURES[1] }];
  const answers = await inCallOrder(task.meter, settings.map((s) => (own: TaskMeter) => answer(task, own, s)));
  const [one, two] = answers;
  if (one === undefined || two === undefined) throw new Error('expected two answers');
  const unordered = pair(task.prompt.prompt, one.text || '-', two.text || '-');
  if (!one.complete || !two.complete || one.text === '' || two.text === '') return generated(task, unordered, 'one of the two answers was cut off or empty');
  if (same(one.text, two.text)) return generated(task, unordered, 'the two answers are identical');
  // Which answer the judge sees first is random per task, so position bias cannot pick the winner.
  const swapped = random.next() < 0.5;
  const [a, b] = swapped ? [two, one] : [one, two];
  const verdict = await askStructured(
    context,
    task.meter,
    'preference-pairwise',
    { conversation: task.conversation, responseA: a.text, responseB: b.text },
    {
      name: 'pairwise_verdict',
      schema: z.object({ reason: z.string(), preferred: z.enum(['A', 'B', 'tie']) }),
      // The reason comes first so that the verdict follows from it.
      jsonSchema: { type: 'object', properties: { reason: { type: 'string' }, preferred: { type: 'string', enum: ['A', 'B', 'tie'] } }, required: ['reason', 'preferred'], additionalProperties: false },
    },
    { model: context.judgeModel, temperature: 0, seed: task.index },
  );
  if (verdict.preferred === 'tie') return generated(task, unordered, `the judge found neither answer better (tie): ${verdict.reason.trim()}`);
  const [chosen, rejected] = verdict.preferred === 'A' ? [a, b] : [b, a];
  return generated(task, pair(task.prompt.prompt, chosen.text, rejected.text));
}

export const preferencePairs: Strategy = {
  id: 'preference',
  label: 'Preference pairs',
  description: {
    en: 'DPO pairs from seed prompts: an answer is critiqued and revised (chosen = revision, rejected = original), or two answers are ranked by a pairwise judge shown them in random order.',
    zh: '基于种子提示生成 DPO 偏好对：先回答再评审并修改（较好 = 修改后，较差 = 原回答），或生成两个回答，由随机排列顺序的成对评审判定优劣。',
  },
  options: [
    { name: 'mode', description: { en: 'critique-revise or pairwise', zh: 'critique-revise（评审后修订）或 pairwise（成对比较）' }, default: 'critique-revise', choices: MODES },
    { name: 'useSeedAnswers', description: { en: 'critique-revise: revise the seed’s own answer (or chosen response) instead of writing a new one', zh: 'critique-revise 模式：修订种子自带的回答（或较好的回答），而不是写一个新的' }, default: false },
  ],
  // One pair per task; identical revisions and ties are discarded.
  expectedYield: 0.85,
  // It answers known prompts anew: only a whole sample can repeat another.
  novelty: 'full',
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return 'Preference pairs need prompts to answer; labelled text has none: use the Classification strategy, or Augmentation (stance-flip) for contrast examples';
    return undefined;
  },
  outputKind: () => 'preference',
  async run(context, task) {
    const meter = new TaskMeter();
    const reason = this.unsupportedKind(context.seedKind);
    if (reason !== undefined) throw new Error(reason);
    const mode = optionString(context, 'mode') as Mode;
    if (!MODES.includes(mode)) throw new Error(`the option "mode" is one of ${MODES.join(', ')}`);
    const prompts = context.seeds.flatMap((seed) => {
      const prompt = seedPrompt(seed.sample);
      return prompt ? [{ seed, prompt }] : [];
    });
    if (prompts.length === 0) throw new Error('no seed has a prompt to answer');
    const { seed, prompt } = task.random.pick(prompts);
    const others = prompts.filter((p) => p.seed.id !== seed.id && p.prompt.answer !== undefined);
    const examples = task.random.sample(others, 2).map((p) => ({ prompt: p.prompt.prompt, answer: p.prompt.answer ?? '' }));
    const state: Task = {
      context,
      meter,
      index: task.index,
      seed,
      prompt,
      conversation: renderTextOrMessages(prompt.prompt, context.language),
      examples: renderAnswerExamples(examples, prompt.prompt, context.language),
    };
    const candidate = mode === 'pairwise' ? await comparePairwise(state, task.random) : await critiqueAndRevise(state, optionBoolean(context, 'useSeedAnswers'));
    return meter.result([candidate]);
  },
};
