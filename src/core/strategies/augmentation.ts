// Augmentation: variants of one seed that keep its answer (paraphrase, back-translation
// through a pivot language, style transfer), or contrast examples that flip its stance.
// Only the prompt side is rewritten; the answer is what the variant must still fit.
import { z } from 'zod';
import type { StructuredSchema } from '../llm/llmClient';
import type { Message, Sample, SampleKind } from '../model/sample';
import type { TemplateLanguage } from '../prompts/promptTemplate';
import { AUGMENTATION_STYLES } from '../prompts/templates/augmentationTemplates';
import { detectLanguage } from '../quality/language';
import { askStructured } from './modelCalls';
import { type Generated, optionNumber, optionString, type SeedRecord, type Strategy, type StrategyContext, TaskMeter } from './strategy';

const MODES = ['paraphrase', 'back-translation', 'style', 'stance-flip'] as const;
type Mode = (typeof MODES)[number];
const STYLES = ['casual', 'formal', 'concise', 'detailed'] as const;
type Style = (typeof STYLES)[number];

/** The rewritable fields of a seed, by name (`instruction`, `input`, `user`, `prompt`, `text`). */
type Parts = Readonly<Record<string, string>>;

interface PromptSide {
  readonly parts: Parts;
  /** What the rewrite must still fit: the output, the reply, the completion, the label. */
  readonly answer: string;
  /** The seed with its prompt side replaced, and its answer too when one is given. */
  rebuild(parts: Parts, answer?: string): Sample;
}

function lastUserIndex(messages: readonly Message[]): number {
  return messages.findLastIndex((m) => m.role === 'user');
}

function replaceAt(messages: readonly Message[], index: number, content: string): Message[] {
  return messages.map((m, i) => (i === index ? { ...m, content } : m));
}

/** The part of a seed a rewrite changes, or undefined when it has none (no user turn). */
function promptSideOf(sample: Sample, language: TemplateLanguage): PromptSide | undefined {
  switch (sample.kind) {
    case 'instruction':
      return {
        // An empty input stays empty: asking for one would invent a situation.
        parts: sample.input.trim().length > 0 ? { instruction: sample.instruction, input: sample.input } : { instruction: sample.instruction },
        answer: sample.output,
        rebuild: (parts, answer) => ({ ...sample, instruction: parts['instruction'] ?? sample.instruction, input: parts['input'] ?? sample.input, output: answer ?? sample.output }),
      };
    case 'chat': {
      // The first user turn: the later turns follow from it, and a rewrite that keeps its
      // meaning keeps the whole dialogue coherent.
      const at = sample.messages.findIndex((m) => m.role === 'user');
      const user = sample.messages[at];
      if (user === undefined) return undefined;
      const reply = sample.messages[at + 1];
      return {
        parts: { user: user.content },
        answer: reply?.role === 'assistant' ? reply.content : '',
        rebuild: (parts, answer) => {
          const content = parts['user'] ?? user.content;
          if (answer === undefined) return { kind: 'chat', messages: replaceAt(sample.messages, at, content) };
          // A new answer no longer leads to the seed's later turns: the variant ends there.
          return { kind: 'chat', messages: [...sample.messages.slice(0, at), { role: 'user', content }, { role: 'assistant', content: answer }] };
        },
      };
    }
    case 'completion':
      return {
        parts: { prompt: sample.prompt },
        answer: sample.completion,
        rebuild: (parts, answer) => ({ kind: 'completion', prompt: parts['prompt'] ?? sample.prompt, completion: answer ?? sample.completion }),
      };
    case 'classification':
      return {
        parts: { text: sample.text },
        // A bare label reads oddly where the prompt expects an answer.
        answer: `${language === 'zh' ? '标签' : 'Label'}: ${String(sample.label)}`,
        rebuild: (parts) => ({ kind: 'classification', text: parts['text'] ?? sample.text, label: sample.label }),
      };
    case 'preference': {
      const chosenText = typeof sample.chosen === 'string' ? sample.chosen : (sample.chosen.findLast((m) => m.role === 'assistant')?.content ?? '');
      if (typeof sample.prompt === 'string') {
        return { parts: { prompt: sample.prompt }, answer: chosenText, rebuild: (parts) => ({ ...sample, prompt: parts['prompt'] ?? sample.prompt }) };
      }
      if (sample.prompt !== undefined) {
        const messages = sample.prompt;
        const at = lastUserIndex(messages);
        const user = messages[at];
        if (user === undefined) return undefined;
        return { parts: { prompt: user.content }, answer: chosenText, rebuild: (parts) => ({ ...sample, prompt: replaceAt(messages, at, parts['prompt'] ?? user.content) }) };
      }
      // Implicit prompt: the user turn sits inside both responses and changes in both.
      if (typeof sample.chosen === 'string' || typeof sample.rejected === 'string') return undefined;
      const chosen = sample.chosen;
      const rejected = sample.rejected;
      const at = lastUserIndex(chosen);
      const user = chosen[at];
      if (user === undefined) return undefined;
      const rejectedAt = rejected.findIndex((m) => m.role === 'user' && m.content === user.content);
      return {
        parts: { prompt: user.content },
        answer: chosenText,
        rebuild: (parts) => {
          const content = parts['prompt'] ?? user.content;
          return { ...sample, chosen: replaceAt(chosen, at, content), rejected: rejectedAt === -1 ? rejected : replaceAt(rejected, rejectedAt, content) };
        },
      };
    }
  }
}

const text = z.string().trim().min(1);

function partsSchema(names: readonly string[]): { zod: z.ZodType<Record<string, string>>; json: Record<string, unknown> } {
  return {
    zod: z.object(Object.fromEntries(names.map((name) => [name, text]))),
    json: { type: 'object', properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])), required: [...names], additionalProperties: false },
  };
}

function objectJson(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

function normalized(value: string): string {
  return value.replace(/\s+/g, ' ').trim().toLowerCase();
}

function sameParts(a: Parts, b: Parts): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => normalized(a[k] ?? '') === normalized(b[k] ?? ''));
}

function pickParts(value: Readonly<Record<string, string>>, names: readonly string[]): Parts {
  return Object.fromEntries(names.map((name) => [name, (value[name] ?? '').trim()]));
}

const LANGUAGE_NAMES_ZH: Readonly<Record<string, string>> = {
  english: '英语',
  chinese: '中文',
  japanese: '日语',
  korean: '韩语',
  french: '法语',
  german: '德语',
  spanish: '西班牙语',
  russian: '俄语',
  arabic: '阿拉伯语',
};

/** A language name as the prompt's own language writes it. */
function languageLabel(name: string, language: TemplateLanguage): string {
  return language === 'zh' ? (LANGUAGE_NAMES_ZH[name.toLowerCase()] ?? name) : name;
}

/**
 * The language a text is written in, by name. Latin script is taken as English: the
 * script alone cannot tell English from French, and English is by far the common case.
 */
function languageOfText(value: string): string {
  switch (detectLanguage(value)) {
    case 'zh':
      return 'Chinese';
    case 'ja':
      return 'Japanese';
    case 'ko':
      return 'Korean';
    case 'cyrillic':
      return 'Russian';
    case 'arabic':
      return 'Arabic';
    default:
      return 'English';
  }
}

function fieldList(names: readonly string[]): string {
  return names.map((n) => `"${n}"`).join(', ');
}

function render(parts: Parts): string {
  return JSON.stringify(parts, null, 2);
}

interface Step {
  readonly context: StrategyContext;
  readonly meter: TaskMeter;
  readonly seed: SeedRecord;
  readonly side: PromptSide;
  readonly index: number;
}

function candidate(step: Step, sample: Sample, discardedBecause?: string): Generated {
  return { sample, seedIds: [step.seed.id], nearestSeedId: step.seed.id, ...(discardedBecause !== undefined ? { discardedBecause } : {}) };
}

async function paraphrase(step: Step, count: number): Promise<Generated[]> {
  const names = Object.keys(step.side.parts);
  const item = partsSchema(names);
  const schema: StructuredSchema<{ variants: Record<string, string>[] }> = {
    name: 'paraphrases',
    schema: z.object({ variants: z.array(item.zod).min(1) }),
    jsonSchema: objectJson({ variants: { type: 'array', items: item.json, minItems: count, maxItems: count } }),
  };
  const answer = await askStructured(
    step.context,
    step.meter,
    'augmentation-paraphrase',
    { original: render(step.side.parts), answer: step.side.answer, count: String(count), fields: fieldList(names) },
    schema,
    { seed: step.index },
  );
  const seen: Parts[] = [];
  return answer.variants.slice(0, count).map((value) => {
    const parts = pickParts(value, names);
    const sample = step.side.rebuild(parts);
    const twin = seen.findIndex((other) => sameParts(other, parts));
    seen.push(parts);
    if (sameParts(parts, step.side.parts)) return candidate(step, sample, 'the paraphrase repeats the seed’s wording');
    return twin === -1 ? candidate(step, sample) : candidate(step, sample, `the paraphrase is the same as variant ${twin + 1} of this request`);
  });
}

async function translate(step: Step, parts: Parts, target: string, seed: number): Promise<Parts> {
  const names = Object.keys(parts);
  const shape = partsSchema(names);
  const value = await askStructured(
    step.context,
    step.meter,
    'augmentation-translate',
    { original: render(parts), target: languageLabel(target, step.context.language), fields: fieldList(names) },
    { name: 'translation', schema: shape.zod, jsonSchema: shape.json },
    // Translation wants fidelity, not variety.
    { seed, temperature: Math.min(step.context.temperature, 0.3) },
  );
  return pickParts(value, names);
}

async function backTranslation(step: Step, pivotOption: string): Promise<Generated[]> {
  const source = languageOfText(Object.values(step.side.parts).join('\n'));
  const pivot = pivotOption === 'auto' ? (source === 'Chinese' ? 'English' : 'Chinese') : pivotOption;
  if (pivot.toLowerCase() === source.toLowerCase() || LANGUAGE_NAMES_ZH[source.toLowerCase()] === pivot) {
    throw new Error(`the pivot language "${pivot}" is the seed’s own language: choose another one with the option pivot=<language>`);
  }
  const there = await translate(step, step.side.parts, pivot, step.index);
  const back = await translate(step, there, source, step.index);
  const sample = step.side.rebuild(back);
  if (sameParts(back, step.side.parts)) return [candidate(step, sample, `the translation through ${pivot} came back in the seed’s own wording`)];
  return [candidate(step, sample)];
}

async function restyle(step: Step, style: Style): Promise<Generated[]> {
  const names = Object.keys(step.side.parts);
  const shape = partsSchema(names);
  const value = await askStructured(
    step.context,
    step.meter,
    'augmentation-style',
    { original: render(step.side.parts), answer: step.side.answer, style: AUGMENTATION_STYLES[step.context.language][style], fields: fieldList(names) },
    { name: 'restyled', schema: shape.zod, jsonSchema: shape.json },
    { seed: step.index },
  );
  const parts = pickParts(value, names);
  const sample = step.side.rebuild(parts);
  return [sameParts(parts, step.side.parts) ? candidate(step, sample, `the ${style} rewrite repeats the seed’s wording`) : candidate(step, sample)];
}

/** Classification seeds: the opposite stance under another label, which the model picks from an enum. */
async function flipLabel(step: Step, labels: readonly (string | number)[]): Promise<Generated[]> {
  const sample = step.seed.sample;
  if (sample.kind !== 'classification') return [];
  const others = labels.filter((l) => String(l) !== String(sample.label)).map(String);
  const [first, ...rest] = others;
  if (first === undefined) throw new Error(`a stance flip needs seeds with at least two labels; these all have the label "${String(sample.label)}"`);
  const value = await askStructured(
    step.context,
    step.meter,
    'augmentation-label-flip',
    { text: sample.text, label: String(sample.label), labels: others.join(', ') },
    {
      name: 'flipped_label',
      schema: z.object({ text, label: z.enum([first, ...rest]) }),
      jsonSchema: objectJson({ text: { type: 'string' }, label: { type: 'string', enum: others } }),
    },
    { seed: step.index },
  );
  // Back to the seeds' own label value (a number stays a number).
  const label = labels.find((l) => String(l) === value.label) ?? value.label;
  const flipped: Sample = { kind: 'classification', text: value.text.trim(), label };
  return [normalized(flipped.text) === normalized(sample.text) ? candidate(step, flipped, 'the stance flip repeats the seed’s text') : candidate(step, flipped)];
}

/** Dialogue, instruction and completion seeds: the other side's request, with a new answer where the old one no longer fits. */
async function flipStance(step: Step): Promise<Generated[]> {
  const names = Object.keys(step.side.parts);
  const shape = partsSchema(names);
  const schema: StructuredSchema<{ request: Record<string, string>; original_answer_fits: boolean; answer: string }> = {
    name: 'flipped_stance',
    schema: z.object({ request: shape.zod, original_answer_fits: z.boolean(), answer: z.string() }),
    jsonSchema: objectJson({ request: shape.json, original_answer_fits: { type: 'boolean' }, answer: { type: 'string' } }),
  };
  const value = await askStructured(
    step.context,
    step.meter,
    'augmentation-stance-flip',
    { original: render(step.side.parts), answer: step.side.answer, fields: fieldList(names) },
    schema,
    { seed: step.index },
  );
  const parts = pickParts(value.request, names);
  const newAnswer = value.answer.trim();
  if (value.original_answer_fits) {
    const sample = step.side.rebuild(parts);
    return [sameParts(parts, step.side.parts) ? candidate(step, sample, 'the stance flip repeats the seed’s wording') : candidate(step, sample)];
  }
  const sample = step.side.rebuild(parts, newAnswer.length > 0 ? newAnswer : step.side.answer);
  if (newAnswer.length === 0) return [candidate(step, sample, 'the flipped request no longer fits the seed’s answer, and no new answer was written')];
  return [candidate(step, sample)];
}

export const augmentation: Strategy = {
  id: 'augmentation',
  label: 'Augmentation',
  description: {
    en: 'Rewrites a random seed’s prompt side: paraphrases, back-translation through a pivot language, a style change, or a stance/label flip; answers stay unless the flip needs a new one.',
    zh: '改写随机种子的提问部分：同义改写、经中间语言回译、风格转换，或翻转立场/标签；回答保持不变，除非翻转后需要新回答。',
  },
  options: [
    { name: 'mode', description: { en: 'paraphrase, back-translation, style or stance-flip', zh: '改写（paraphrase）、回译（back-translation）、风格（style）或立场反转（stance-flip）' }, default: 'paraphrase', choices: MODES },
    { name: 'variants', description: { en: 'paraphrases per seed (mode paraphrase)', zh: '每条种子的改写数（改写模式）' }, default: 3 },
    { name: 'pivot', description: { en: 'pivot language of back-translation; auto: English for Chinese seeds, Chinese for others', zh: '回译的中转语言；auto：中文种子用英文，其他用中文' }, default: 'auto' },
    { name: 'style', description: { en: 'target style (mode style)', zh: '目标风格（风格模式）' }, default: 'casual', choices: STYLES },
  ],
  // Three paraphrases per task by default, less what duplicates and checks remove.
  expectedYield: 2.5,
  unsupportedKind() {
    // Every kind has a prompt side; the modes a kind cannot take are refused when run.
    return undefined;
  },
  outputKind: (kind: SampleKind) => kind,
  async run(context, task) {
    const meter = new TaskMeter();
    const mode = optionString(context, 'mode') as Mode;
    if (!MODES.includes(mode)) throw new Error(`the option "mode" is one of ${MODES.join(', ')}`);
    if (context.seedKind === 'preference' && mode !== 'paraphrase') {
      throw new Error(`Augmentation can only paraphrase preference pairs (mode=paraphrase), not ${mode} them: a rewritten prompt would no longer fit both responses. To make new pairs use the Preference strategy`);
    }
    const usable = context.seeds.map((seed) => ({ seed, side: promptSideOf(seed.sample, context.language) })).filter((s): s is { seed: SeedRecord; side: PromptSide } => s.side !== undefined);
    if (usable.length === 0) throw new Error('no seed has a prompt side (an instruction, a user turn, a prompt or a text) to rewrite');
    const { seed, side } = task.random.pick(usable);
    const step: Step = { context, meter, seed, side, index: task.index };
    let candidates: Generated[];
    switch (mode) {
      case 'paraphrase':
        candidates = await paraphrase(step, Math.max(1, Math.round(optionNumber(context, 'variants'))));
        break;
      case 'back-translation':
        candidates = await backTranslation(step, optionString(context, 'pivot').trim() || 'auto');
        break;
      case 'style': {
        const style = optionString(context, 'style') as Style;
        if (!STYLES.includes(style)) throw new Error(`the option "style" is one of ${STYLES.join(', ')}`);
        candidates = await restyle(step, style);
        break;
      }
      case 'stance-flip':
        candidates =
          context.seedKind === 'classification'
            ? await flipLabel(step, [...new Set(context.seeds.flatMap((s) => (s.sample.kind === 'classification' ? [s.sample.label] : [])))])
            : await flipStance(step);
        break;
    }
    return meter.result(candidates);
  },
};
