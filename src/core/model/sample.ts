// The canonical sample model every format is read into and written from.
import { z } from 'zod';

export const messageRole = z.enum(['system', 'user', 'assistant', 'tool']);
export type MessageRole = z.infer<typeof messageRole>;

export const message = z.object({
  role: messageRole,
  content: z.string(),
});
export type Message = z.infer<typeof message>;

/** A conversation: optional system prompt, then user/assistant turns (multi-turn allowed). */
export const chatSample = z.object({
  kind: z.literal('chat'),
  messages: z.array(message).min(1),
});

/** Alpaca-style: an instruction, an optional input, the expected output. */
export const instructionSample = z.object({
  kind: z.literal('instruction'),
  instruction: z.string(),
  input: z.string(),
  output: z.string(),
  system: z.string().optional(),
});

/** A raw prompt and its continuation. */
export const completionSample = z.object({
  kind: z.literal('completion'),
  prompt: z.string(),
  completion: z.string(),
});

/** Plain text, or a list of messages (TRL's conversational form). */
export const textOrMessages = z.union([z.string(), z.array(message)]);
export type TextOrMessages = z.infer<typeof textOrMessages>;

/** A DPO pair: a prompt and a better (chosen) and worse (rejected) response. */
export const preferenceSample = z.object({
  kind: z.literal('preference'),
  /** Absent in TRL's implicit-prompt form, where chosen and rejected hold the whole dialogue. */
  prompt: textOrMessages.optional(),
  chosen: textOrMessages,
  rejected: textOrMessages,
});

export const classificationSample = z.object({
  kind: z.literal('classification'),
  text: z.string(),
  label: z.union([z.string(), z.number()]),
});

export const sample = z.discriminatedUnion('kind', [chatSample, instructionSample, completionSample, preferenceSample, classificationSample]);
export type Sample = z.infer<typeof sample>;
export type SampleKind = Sample['kind'];
export type SampleOfKind<K extends SampleKind> = Extract<Sample, { kind: K }>;

export const SAMPLE_KINDS: readonly SampleKind[] = ['chat', 'instruction', 'completion', 'preference', 'classification'];

/** Plain text of a TextOrMessages, messages joined one per line as `role: content`. */
export function textOf(value: TextOrMessages | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'string') return value;
  return value.map((m) => m.content).join('\n');
}
