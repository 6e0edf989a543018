// Conversion between record formats, where it means something. What a conversion cannot
// carry over is named, never dropped in silence.
import type { Message, Sample, SampleKind, SampleOfKind, TextOrMessages } from '../model/sample';
import type { DatasetRecord } from './datasetReader';
import { type JsonObject, RECORD_FORMATS, type RecordFormatId, writeRecord } from './recordFormats';

export type Conversion =
  | { readonly ok: true; readonly sample: Sample; readonly losses: readonly string[] }
  | { readonly ok: false; readonly reason: string };

function joinPrompt(instruction: string, input: string): string {
  return input.trim().length > 0 ? `${instruction}\n\n${input}` : instruction;
}

/** Splits a single-turn dialogue into its parts, or says why it is not one. */
function singleTurn(messages: readonly Message[]): { system?: string; user: string; assistant: string } | string {
  const rest = messages[0]?.role === 'system' ? messages.slice(1) : messages;
  const system = messages[0]?.role === 'system' ? messages[0].content : undefined;
  if (rest.some((m) => m.role === 'tool')) return 'a dialogue with tool calls has no single prompt and answer';
  if (rest.length !== 2 || rest[0]?.role !== 'user' || rest[1]?.role !== 'assistant') {
    return `a multi-turn dialogue (${rest.filter((m) => m.role === 'user').length} user turns) has no single prompt and answer`;
  }
  return { ...(system !== undefined ? { system } : {}), user: rest[0].content, assistant: rest[1].content };
}

function promptText(prompt: TextOrMessages | undefined): string | undefined {
  if (prompt === undefined) return undefined;
  if (typeof prompt === 'string') return prompt;
  const users = prompt.filter((m) => m.role === 'user');
  return prompt.length === 1 && users.length === 1 ? users[0]?.content : undefined;
}

function responseText(response: TextOrMessages): string {
  return typeof response === 'string' ? response : response.filter((m) => m.role === 'assistant').map((m) => m.content).join('\n');
}

function toChat(sample: Sample): Conversion {
  switch (sample.kind) {
    case 'chat':
      return { ok: true, sample, losses: [] };
    case 'instruction':
      return {
        ok: true,
        sample: {
          kind: 'chat',
          messages: [
            ...(sample.system !== undefined ? [{ role: 'system' as const, content: sample.system }] : []),
            { role: 'user', content: joinPrompt(sample.instruction, sample.input) },
            { role: 'assistant', content: sample.output },
          ],
        },
        losses: sample.input.trim().length > 0 ? ['the split between instruction and input (merged into one user message)'] : [],
      };
    case 'completion':
      return { ok: true, sample: { kind: 'chat', messages: [{ role: 'user', content: sample.prompt }, { role: 'assistant', content: sample.completion }] }, losses: [] };
    case 'preference': {
      const prompt: Message[] = sample.prompt === undefined ? [] : typeof sample.prompt === 'string' ? [{ role: 'user', content: sample.prompt }] : sample.prompt;
      const chosen: Message[] = typeof sample.chosen === 'string' ? [{ role: 'assistant', content: sample.chosen }] : sample.chosen;
      return { ok: true, sample: { kind: 'chat', messages: [...prompt, ...chosen] }, losses: ['the rejected responses (only the chosen one is kept)'] };
    }
    case 'classification':
      return { ok: false, reason: 'a classification record has no response to learn' };
  }
}

function toInstruction(sample: Sample): Conversion {
  switch (sample.kind) {
    case 'instruction':
      return { ok: true, sample, losses: [] };
    case 'completion':
      return { ok: true, sample: { kind: 'instruction', instruction: sample.prompt, input: '', output: sample.completion }, losses: [] };
    case 'chat': {
      const turn = singleTurn(sample.messages);
      if (typeof turn === 'string') return { ok: false, reason: turn };
      return { ok: true, sample: { kind: 'instruction', instruction: turn.user, input: '', output: turn.assistant, ...(turn.system !== undefined ? { system: turn.system } : {}) }, losses: [] };
    }
    case 'preference': {
      const prompt = promptText(sample.prompt);
      if (prompt === undefined) return { ok: false, reason: 'the prompt is a dialogue, not a single instruction' };
      return { ok: true, sample: { kind: 'instruction', instruction: prompt, input: '', output: responseText(sample.chosen) }, losses: ['the rejected responses (only the chosen one is kept)'] };
    }
    case 'classification':
      return { ok: false, reason: 'a classification record has no response to learn' };
  }
}

function toCompletion(sample: Sample): Conversion {
  const viaInstruction = toInstruction(sample);
  if (!viaInstruction.ok) return viaInstruction;
  const instruction = viaInstruction.sample as SampleOfKind<'instruction'>;
  const losses = [...viaInstruction.losses];
  if (instruction.system !== undefined) losses.push('the system prompt');
  if (instruction.input.trim().length > 0) losses.push('the split between instruction and input (merged into the prompt)');
  return { ok: true, sample: { kind: 'completion', prompt: joinPrompt(instruction.instruction, instruction.input), completion: instruction.output }, losses };
}

/** Converts a sample to another kind, naming what the conversion loses. */
export function convertSample(sample: Sample, to: SampleKind): Conversion {
  switch (to) {
    case 'chat':
      return toChat(sample);
    case 'instruction':
      return toInstruction(sample);
    case 'completion':
      return toCompletion(sample);
    case 'preference':
      return sample.kind === 'preference' ? { ok: true, sample, losses: [] } : { ok: false, reason: `a ${sample.kind} record has no rejected response to pair with` };
    case 'classification':
      return sample.kind === 'classification' ? { ok: true, sample, losses: [] } : { ok: false, reason: `a ${sample.kind} record has no label` };
  }
}

export interface ConversionReport {
  readonly converted: number;
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
  /** What was lost, and in how many records. */
  readonly losses: ReadonlyMap<string, number>;
}

/** Fields a record of `format` owns; everything else is the user's own and travels along. */
function ownFields(format: RecordFormatId): ReadonlySet<string> {
  return new Set([...RECORD_FORMATS[format].fields, 'system']);
}

const MESSAGE_KEYS = new Set(['role', 'content', 'from', 'value']);

/** Whether the record's message lists carry fields that a new message list will not. */
function messageExtras(source: JsonObject, format: RecordFormatId): boolean {
  const lists = format === 'openai-chat' ? [source['messages']] : format === 'sharegpt' ? [source['conversations']] : format === 'dpo' ? [source['prompt'], source['chosen'], source['rejected']] : [];
  return lists.some((list) => Array.isArray(list) && list.some((m) => typeof m === 'object' && m !== null && Object.keys(m as JsonObject).some((key) => !MESSAGE_KEYS.has(key))));
}

/** Converts records to another format, keeping their unknown fields. */
export function convertRecords(records: readonly DatasetRecord[], to: RecordFormatId): { records: JsonObject[]; report: ConversionReport } {
  const target = RECORD_FORMATS[to];
  const out: JsonObject[] = [];
  const skipped: { line: number; reason: string }[] = [];
  const losses = new Map<string, number>();
  for (const record of records) {
    if (record.format === to) {
      out.push(record.source);
      continue;
    }
    const converted = convertSample(record.sample, target.kind);
    if (!converted.ok) {
      skipped.push({ line: record.line, reason: converted.reason });
      continue;
    }
    const recordLosses = [...converted.losses];
    if (messageExtras(record.source, record.format)) recordLosses.push('message fields other than the role and the text (such as weight or name)');
    for (const loss of recordLosses) losses.set(loss, (losses.get(loss) ?? 0) + 1);
    const written = writeRecord(to, converted.sample);
    const own = ownFields(record.format);
    for (const [key, value] of Object.entries(record.source)) if (!own.has(key) && !(key in written)) written[key] = value;
    out.push(written);
  }
  return { records: out, report: { converted: out.length, skipped, losses } };
}
