// What a model is asked to write for each kind of sample, as zod (to check the answer) and
// JSON Schema (to ask for it), and how an answer becomes a sample in the seeds' own style
// (a dialogue keeps the seeds' system prompt, for instance).
import { z } from 'zod';
import type { Message, Sample, SampleKind } from '../model/sample';
import type { StructuredSchema } from '../llm/llmClient';
import type { SeedRecord } from './strategy';

const text = z.string().trim().min(1);

export const instructionShape = z.object({ instruction: text, input: z.string(), output: text });
export const singleTurnShape = z.object({ user: text, assistant: text });
export const completionShape = z.object({ prompt: text, completion: text });
export const classificationShape = z.object({ text });
export const dialogueShape = z.object({ turns: z.array(singleTurnShape).min(1) });

export type InstructionShape = z.infer<typeof instructionShape>;
export type SingleTurnShape = z.infer<typeof singleTurnShape>;
export type DialogueShape = z.infer<typeof dialogueShape>;

const str = { type: 'string' } as const;

function objectSchema(properties: Record<string, unknown>): Record<string, unknown> {
  return { type: 'object', properties, required: Object.keys(properties), additionalProperties: false };
}

export const JSON_SHAPES = {
  instruction: objectSchema({ instruction: str, input: str, output: str }),
  singleTurn: objectSchema({ user: str, assistant: str }),
  completion: objectSchema({ prompt: str, completion: str }),
  classification: objectSchema({ text: str }),
  dialogue: (minTurns: number, maxTurns: number): Record<string, unknown> => objectSchema({ turns: { type: 'array', items: objectSchema({ user: str, assistant: str }), minItems: minTurns, maxItems: maxTurns } }),
};

/** A list of `count` items of a shape, for strategies that write several at once. */
export function listOf<T>(name: string, item: z.ZodType<T>, itemJson: Record<string, unknown>, count: number): StructuredSchema<{ items: T[] }> {
  return {
    name,
    schema: z.object({ items: z.array(item).min(1) }),
    jsonSchema: objectSchema({ items: { type: 'array', items: itemJson, minItems: count, maxItems: count } }),
  };
}

/** The fields a new sample of a kind consists of, for a single-sample structured answer. */
export function newSampleShape(kind: SampleKind): { schema: z.ZodType<Record<string, unknown>>; json: Record<string, unknown> } | undefined {
  switch (kind) {
    case 'instruction':
      return { schema: instructionShape, json: JSON_SHAPES.instruction };
    case 'chat':
      return { schema: singleTurnShape, json: JSON_SHAPES.singleTurn };
    case 'completion':
      return { schema: completionShape, json: JSON_SHAPES.completion };
    case 'classification':
    case 'preference':
      return undefined;
  }
}

/** The system prompt all chat seeds share, if they do: new dialogues keep it. */
export function sharedSystemPrompt(seeds: readonly SeedRecord[]): string | undefined {
  const systems = new Set(seeds.map((s) => (s.sample.kind === 'chat' && s.sample.messages[0]?.role === 'system' ? s.sample.messages[0].content : '')));
  const [only] = [...systems];
  return systems.size === 1 && only !== undefined && only !== '' ? only : undefined;
}

export function dialogueSample(turns: readonly SingleTurnShape[], system: string | undefined): Sample {
  const messages: Message[] = system !== undefined ? [{ role: 'system', content: system }] : [];
  for (const turn of turns) messages.push({ role: 'user', content: turn.user.trim() }, { role: 'assistant', content: turn.assistant.trim() });
  return { kind: 'chat', messages };
}

/** A structured answer for a new single sample, as a sample of the seeds' kind. */
export function sampleFromShape(kind: SampleKind, value: Record<string, unknown>, seeds: readonly SeedRecord[]): Sample | undefined {
  switch (kind) {
    case 'instruction': {
      const parsed = instructionShape.safeParse(value);
      if (!parsed.success) return undefined;
      const system = seeds.find((s) => s.sample.kind === 'instruction' && s.sample.system !== undefined);
      const shared = system?.sample.kind === 'instruction' ? system.sample.system : undefined;
      return { kind: 'instruction', instruction: parsed.data.instruction.trim(), input: parsed.data.input.trim(), output: parsed.data.output.trim(), ...(shared !== undefined ? { system: shared } : {}) };
    }
    case 'chat': {
      const parsed = singleTurnShape.safeParse(value);
      return parsed.success ? dialogueSample([parsed.data], sharedSystemPrompt(seeds)) : undefined;
    }
    case 'completion': {
      const parsed = completionShape.safeParse(value);
      return parsed.success ? { kind: 'completion', prompt: parsed.data.prompt.trim(), completion: parsed.data.completion.trim() } : undefined;
    }
    case 'classification':
    case 'preference':
      return undefined;
  }
}

/** The instruction-like part of a sample (the question, the user's first turn, the prompt). */
export function instructionOf(sample: Sample): string {
  switch (sample.kind) {
    case 'instruction':
      return sample.input.trim().length > 0 ? `${sample.instruction}\n\n${sample.input}` : sample.instruction;
    case 'chat':
      return sample.messages.find((m) => m.role === 'user')?.content ?? '';
    case 'completion':
      return sample.prompt;
    case 'preference':
      return typeof sample.prompt === 'string' ? sample.prompt : (sample.prompt?.find((m) => m.role === 'user')?.content ?? '');
    case 'classification':
      return sample.text;
  }
}

/** A sample of `kind` asking `instruction` and answering `answer`, in the seeds' style. */
export function withAnswer(kind: SampleKind, instruction: string, answer: string, seeds: readonly SeedRecord[]): Sample | undefined {
  switch (kind) {
    case 'instruction':
      return sampleFromShape('instruction', { instruction, input: '', output: answer }, seeds);
    case 'chat':
      return sampleFromShape('chat', { user: instruction, assistant: answer }, seeds);
    case 'completion':
      return sampleFromShape('completion', { prompt: instruction, completion: answer }, seeds);
    case 'classification':
    case 'preference':
      return undefined;
  }
}
