// The text of a sample that a check looks at: its prompt (what the model is asked), its
// response (what it should learn to say), or both. Every kind has a natural answer.
import { type Sample, textOf } from './sample';

/** What the model is asked: the instruction (and input), the user turns, the prompt, the text to classify. */
export function promptText(sample: Sample): string {
  switch (sample.kind) {
    case 'chat':
      return sample.messages.filter((m) => m.role === 'user').map((m) => m.content).join('\n');
    case 'instruction':
      return sample.input.trim().length > 0 ? `${sample.instruction}\n${sample.input}` : sample.instruction;
    case 'completion':
      return sample.prompt;
    case 'preference':
      return textOf(sample.prompt) || (Array.isArray(sample.chosen) ? sample.chosen.filter((m) => m.role === 'user').map((m) => m.content).join('\n') : '');
    case 'classification':
      return sample.text;
  }
}

/** What the model should learn to answer: assistant turns, the output, the chosen response, the label. */
export function responseText(sample: Sample): string {
  switch (sample.kind) {
    case 'chat':
      return sample.messages.filter((m) => m.role === 'assistant').map((m) => m.content).join('\n');
    case 'instruction':
      return sample.output;
    case 'completion':
      return sample.completion;
    case 'preference':
      return typeof sample.chosen === 'string' ? sample.chosen : sample.chosen.filter((m) => m.role === 'assistant').map((m) => m.content).join('\n');
    case 'classification':
      return String(sample.label);
  }
}

/** Everything the sample says, for duplicate and contamination checks. */
export function fullText(sample: Sample): string {
  switch (sample.kind) {
    case 'chat':
      return sample.messages.map((m) => m.content).join('\n');
    case 'preference':
      return [textOf(sample.prompt), textOf(sample.chosen), textOf(sample.rejected)].filter((t) => t.length > 0).join('\n');
    default:
      return `${promptText(sample)}\n${responseText(sample)}`;
  }
}

/** Named text fields of a sample, for per-field length limits ("output", "assistant", …). */
export function sampleFields(sample: Sample): { readonly name: string; readonly text: string; readonly index?: number }[] {
  switch (sample.kind) {
    case 'chat':
      return sample.messages.map((m, index) => ({ name: m.role, text: m.content, index }));
    case 'instruction':
      return [
        { name: 'instruction', text: sample.instruction },
        { name: 'input', text: sample.input },
        { name: 'output', text: sample.output },
        ...(sample.system !== undefined ? [{ name: 'system', text: sample.system }] : []),
      ];
    case 'completion':
      return [
        { name: 'prompt', text: sample.prompt },
        { name: 'completion', text: sample.completion },
      ];
    case 'preference':
      return [
        ...(sample.prompt !== undefined ? [{ name: 'prompt', text: textOf(sample.prompt) }] : []),
        { name: 'chosen', text: textOf(sample.chosen) },
        { name: 'rejected', text: textOf(sample.rejected) },
      ];
    case 'classification':
      return [
        { name: 'text', text: sample.text },
        { name: 'label', text: String(sample.label) },
      ];
  }
}
