// The texts of a sample, field by field, in a fixed order: what review compares against the
// seed, and what a revision may rewrite. A revision replaces texts only, so the sample keeps
// its kind, its roles, its turn count and its label type.
import type { Message, Sample, TextOrMessages } from '../model/sample';

export interface SampleField {
  /** `instruction`, `turn2`, `chosen`…: stable for one sample shape. */
  readonly name: string;
  /** The speaker of a dialogue turn. */
  readonly role: string | null;
  /** Which response of a preference pair. */
  readonly side: 'chosen' | 'rejected' | null;
  readonly text: string;
}

function plainText(value: TextOrMessages): string {
  return typeof value === 'string' ? value : value.map((m: Message) => `${m.role}: ${m.content}`).join('\n');
}

/** The last assistant message's text, where a conversational pair keeps its response. */
function responseText(value: TextOrMessages): string {
  if (typeof value === 'string') return value;
  const last = [...value].reverse().find((m) => m.role === 'assistant') ?? value[value.length - 1];
  return last?.content ?? '';
}

function withResponse(value: TextOrMessages, text: string): TextOrMessages {
  if (typeof value === 'string') return text;
  let index = value.map((m) => m.role).lastIndexOf('assistant');
  if (index < 0) index = value.length - 1;
  return value.map((m, i) => (i === index ? { ...m, content: text } : m));
}

/** The texts of a sample the way review shows them. */
export function sampleFields(sample: Sample): SampleField[] {
  const field = (name: string, text: string, extra: Partial<Pick<SampleField, 'role' | 'side'>> = {}): SampleField => ({ name, role: extra.role ?? null, side: extra.side ?? null, text });
  switch (sample.kind) {
    case 'instruction':
      return [...(sample.system !== undefined ? [field('system', sample.system)] : []), field('instruction', sample.instruction), field('input', sample.input), field('output', sample.output)];
    case 'chat':
      return sample.messages.map((m, i) => field(`turn${i}`, m.content, { role: m.role }));
    case 'completion':
      return [field('prompt', sample.prompt), field('completion', sample.completion)];
    case 'preference':
      return [
        ...(sample.prompt !== undefined ? [field('prompt', plainText(sample.prompt))] : []),
        field('chosen', plainText(sample.chosen), { side: 'chosen' }),
        field('rejected', plainText(sample.rejected), { side: 'rejected' }),
      ];
    case 'classification':
      return [field('text', sample.text), field('label', String(sample.label))];
  }
}

/**
 * The fields a revision may rewrite, as plain texts. A conversational prompt stays as it is
 * (its turns are context), and a pair's responses are their assistant texts.
 */
export function revisableFields(sample: Sample): Record<string, string> {
  switch (sample.kind) {
    case 'preference':
      return { ...(typeof sample.prompt === 'string' ? { prompt: sample.prompt } : {}), chosen: responseText(sample.chosen), rejected: responseText(sample.rejected) };
    case 'classification':
      return { text: sample.text };
    default:
      return Object.fromEntries(sampleFields(sample).map((f) => [f.name, f.text]));
  }
}

/** `sample` with the texts of `revised` put in (fields it does not name stay as they were). */
export function withRevisedFields(sample: Sample, revised: Readonly<Record<string, string>>): Sample {
  const text = (name: string, current: string): string => revised[name] ?? current;
  switch (sample.kind) {
    case 'instruction':
      return {
        ...sample,
        ...(sample.system !== undefined ? { system: text('system', sample.system) } : {}),
        instruction: text('instruction', sample.instruction),
        input: text('input', sample.input),
        output: text('output', sample.output),
      };
    case 'chat':
      return { ...sample, messages: sample.messages.map((m, i) => ({ ...m, content: text(`turn${i}`, m.content) })) };
    case 'completion':
      return { ...sample, prompt: text('prompt', sample.prompt), completion: text('completion', sample.completion) };
    case 'preference':
      return {
        ...sample,
        ...(typeof sample.prompt === 'string' ? { prompt: text('prompt', sample.prompt) } : {}),
        chosen: withResponse(sample.chosen, text('chosen', responseText(sample.chosen))),
        rejected: withResponse(sample.rejected, text('rejected', responseText(sample.rejected))),
      };
    case 'classification':
      return { ...sample, text: text('text', sample.text) };
  }
}
