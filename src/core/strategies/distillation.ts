// Distillation: a strong model (the first generator model) answers the dataset's own
// instructions, in the seeds' style, optionally reasoning step by step in a <think> block
// first. Task i answers seed i (round-robin), so a run covers every seed before repeating.
// The helpers below are shared with Evol-Instruct and mixture-of-agents, which also answer
// tasks in the seeds' style.
import type { Sample, SampleKind } from '../model/sample';
import type { TemplateLanguage } from '../prompts/promptTemplate';
import { renderExamples } from '../prompts/renderSample';
import { ANSWER_FORMATS, NONE_TEXT } from '../prompts/templates/distillationTemplates';
import type { SeededRandom } from '../random';
import { askText } from './modelCalls';
import { dialogueSample, instructionOf, sharedSystemPrompt } from './sampleShapes';
import { type Generated, optionNumber, optionString, type SeedRecord, type Strategy, type StrategyContext, TaskMeter } from './strategy';

/** What a task asks: an instruction and the material it works on ("" for none). */
export interface TaskPrompt {
  readonly instruction: string;
  readonly input: string;
}

/**
 * The task a sample poses. A chat sample poses its first user turn: later turns of a
 * multi-turn dialogue lean on earlier answers, so only the opening request stands alone.
 */
export function promptOf(sample: Sample): TaskPrompt {
  return sample.kind === 'instruction' ? { instruction: sample.instruction.trim(), input: sample.input.trim() } : { instruction: instructionOf(sample).trim(), input: '' };
}

/** The task as one text, as a user would send it: the instruction, then its input. */
export function requestOf(prompt: TaskPrompt): string {
  return prompt.input.length > 0 ? `${prompt.instruction}\n\n${prompt.input}` : prompt.instruction;
}

/** The answer a sample gives to the task it poses (for a chat sample, the reply to its first user turn). */
export function answerOf(sample: Sample): string {
  switch (sample.kind) {
    case 'instruction':
      return sample.output;
    case 'completion':
      return sample.completion;
    case 'chat': {
      const firstUser = sample.messages.findIndex((m) => m.role === 'user');
      return sample.messages.slice(firstUser + 1).find((m) => m.role === 'assistant')?.content ?? '';
    }
    case 'preference':
    case 'classification':
      return '';
  }
}

/** The system prompt of instruction seeds, the one new instruction samples carry (as sampleFromShape picks it). */
function instructionSystem(seeds: readonly SeedRecord[]): string | undefined {
  const seed = seeds.find((s) => s.sample.kind === 'instruction' && s.sample.system !== undefined);
  return seed?.sample.kind === 'instruction' ? seed.sample.system : undefined;
}

/**
 * A sample of the seeds' kind posing `prompt` and giving `answer`, in the seeds' style (their
 * system prompt; an instruction keeps its input apart; chat and completion put the input after
 * the instruction). Built directly rather than through the shape checks because a discarded
 * candidate may have an empty answer and must still be journaled.
 */
export function answeredSample(kind: SampleKind, prompt: TaskPrompt, answer: string, seeds: readonly SeedRecord[]): Sample | undefined {
  const text = answer.trim();
  switch (kind) {
    case 'instruction': {
      const system = instructionSystem(seeds);
      return { kind: 'instruction', instruction: prompt.instruction, input: prompt.input, output: text, ...(system !== undefined ? { system } : {}) };
    }
    case 'chat':
      return dialogueSample([{ user: requestOf(prompt), assistant: text }], sharedSystemPrompt(seeds));
    case 'completion':
      return { kind: 'completion', prompt: requestOf(prompt), completion: text };
    case 'classification':
    case 'preference':
      return undefined;
  }
}

/** The instructions the dataset's assistant follows (the seeds' system prompt), for answer prompts. */
export function guidelinesOf(context: StrategyContext): string {
  const system = context.seedKind === 'chat' ? sharedSystemPrompt(context.seeds) : context.seedKind === 'instruction' ? instructionSystem(context.seeds) : undefined;
  return system ?? NONE_TEXT[context.language];
}

/**
 * A few seeds other than the one being worked on, shown for style. Each shows its first
 * exchange without a system prompt (that is given once, as the guidelines): what a new
 * single-turn sample looks like, at a fraction of a long dialogue's tokens.
 */
export function styleExamples(context: StrategyContext, random: SeededRandom, exclude: SeedRecord | undefined, count: number): string {
  const others = context.seeds.filter((s) => s !== exclude);
  const picked = random.sample(others.length > 0 ? others : context.seeds, Math.max(0, Math.floor(count)));
  return renderExamples(picked.map((s) => answeredSample(s.sample.kind, promptOf(s.sample), answerOf(s.sample), []) ?? s.sample), context.language);
}

/** How the answer to a task of the seeds' kind is described, or undefined for kinds these strategies cannot answer. */
export function answerFormat(kind: SampleKind, language: TemplateLanguage): string | undefined {
  return kind === 'instruction' || kind === 'chat' || kind === 'completion' ? ANSWER_FORMATS[language][kind] : undefined;
}

/**
 * The record task `index` answers: seeds round-robin, or with source 'generated' the run's
 * kept candidates round-robin (the seeds while there are none yet).
 */
export function recordForTask(context: StrategyContext, index: number, source: string): SeedRecord {
  const kept = source === 'generated' ? context.pool.kept() : [];
  const from = kept.length > 0 ? kept : context.seeds;
  const record = from[index % from.length];
  if (!record) throw new Error('there are no seeds to take instructions from');
  return record;
}

const THINK_OPEN = '<think>';
const THINK_CLOSE = '</think>';

/**
 * Splits a reply into its reasoning (inside <think>…</think>) and the answer (everything
 * outside). A missing opening tag (some reasoning models put it in their chat template) makes
 * everything before </think> the reasoning; a missing closing tag means the model never got
 * past its reasoning, so there is no answer after it.
 */
export function splitReasoning(text: string): { readonly reasoning: string | undefined; readonly answer: string } {
  const open = text.indexOf(THINK_OPEN);
  const close = text.indexOf(THINK_CLOSE, open === -1 ? 0 : open);
  if (close === -1) {
    if (open === -1) return { reasoning: undefined, answer: text.trim() };
    return { reasoning: text.slice(open + THINK_OPEN.length).trim(), answer: text.slice(0, open).trim() };
  }
  const start = open === -1 ? 0 : open + THINK_OPEN.length;
  const before = open === -1 ? '' : text.slice(0, open);
  return { reasoning: text.slice(start, close).trim(), answer: `${before}\n${text.slice(close + THINK_CLOSE.length)}`.trim() };
}

export type ReasoningMode = 'none' | 'keep' | 'strip';

function reasoningModeOf(value: string): ReasoningMode {
  return value === 'keep' || value === 'strip' ? value : 'none';
}

/**
 * The answer text a reply becomes under a reasoning mode, or why it is unusable. 'none' also
 * drops a trace a reasoning model writes unasked: it is not part of the answer.
 */
export function shapeReasoning(reply: string, mode: ReasoningMode): { readonly text: string; readonly discardedBecause?: string } {
  const { reasoning, answer } = splitReasoning(reply);
  if (mode === 'keep' && (reasoning === undefined || reasoning.length === 0)) {
    return { text: reply.trim(), discardedBecause: 'the model was asked to reason inside <think>…</think> first and wrote no reasoning (reasoning=keep needs it)' };
  }
  if (answer.length === 0) {
    return {
      text: reply.trim(),
      discardedBecause: reasoning !== undefined ? 'no answer is left outside the <think> block: the model only reasoned' : 'the model returned an empty answer',
    };
  }
  return { text: mode === 'keep' ? `${THINK_OPEN}${reasoning ?? ''}${THINK_CLOSE}\n\n${answer}` : answer };
}

export const CUT_OFF = 'the answer was cut off (the length limit or a content filter stopped it)';

export const distillation: Strategy = {
  id: 'distillation',
  label: 'Distillation',
  description: {
    en: 'A strong model (the first generator model) answers the seeds’ instructions in their style, optionally reasoning step by step in <think> first (kept in or stripped from the output).',
    zh: '由强模型（第一个生成模型）按种子的风格回答种子中的指令，可选先在 <think> 中逐步推理（推理过程可保留在输出中或去除）。',
  },
  options: [
    { name: 'source', description: { en: 'where the instructions come from: the seeds, or the candidates the run already kept (round-robin; the seeds while there are none)', zh: '指令来源：种子，或本次运行已保留的候选（轮流使用；尚无候选时用种子）' }, default: 'seeds', choices: ['seeds', 'generated'] },
    { name: 'reasoning', description: { en: 'none: answer directly; keep: reason in <think>…</think> and keep the trace before the answer; strip: reason, then keep only the answer', zh: 'none：直接回答；keep：在 <think>…</think> 中推理并把推理过程保留在回答之前；strip：先推理，只保留回答' }, default: 'none', choices: ['none', 'keep', 'strip'] },
    { name: 'examples', description: { en: 'seed examples shown per request, for style', zh: '每次请求展示的种子示例数，用于示范风格' }, default: 2 },
  ],
  expectedYield: 0.95,
  // It answers known prompts anew: only a whole sample can repeat another.
  novelty: 'full',
  unsupportedKind(kind: SampleKind) {
    if (kind === 'classification') return 'Distillation answers instructions; for labelled text use the Classification strategy';
    if (kind === 'preference') return 'Distillation writes one answer per instruction; for preference pairs use the Preference strategy';
    return undefined;
  },
  outputKind: (kind) => kind,
  async run(context, task) {
    const meter = new TaskMeter();
    const format = answerFormat(context.seedKind, context.language);
    if (format === undefined) throw new Error(this.unsupportedKind(context.seedKind) ?? 'unsupported seed kind');
    const mode = reasoningModeOf(optionString(context, 'reasoning'));
    const record = recordForTask(context, task.index, optionString(context, 'source'));
    const prompt = promptOf(record.sample);
    const reply = await askText(
      context,
      meter,
      mode === 'none' ? 'distill-answer' : 'distill-answer-think',
      { examples: styleExamples(context, task.random, record, optionNumber(context, 'examples')), guidelines: guidelinesOf(context), request: requestOf(prompt), format },
      { seed: task.index },
    );
    const shaped = reply.complete ? shapeReasoning(reply.text, mode) : { text: reply.text, discardedBecause: CUT_OFF };
    const sample = answeredSample(context.seedKind, prompt, shaped.text, context.seeds);
    if (!sample) return meter.result([]);
    const candidate: Generated = { sample, seedIds: [record.id], nearestSeedId: record.id, ...(shaped.discardedBecause !== undefined ? { discardedBecause: shaped.discardedBecause } : {}) };
    return meter.result([candidate]);
  },
};
