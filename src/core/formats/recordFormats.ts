// The record formats users' trainers read, each mapped to and from the canonical sample
// model. Reading checks everything a trainer would choke on and says where; writing starts
// from the record as it was read, so unknown fields and key order survive a round trip.
import type { ProblemCode, Severity } from '../model/problem';
import type { Message, MessageRole, Sample, SampleKind, SampleOfKind, TextOrMessages } from '../model/sample';
import type { JsonPath } from './jsonLocate';

export const RECORD_FORMAT_IDS = ['openai-chat', 'sharegpt', 'alpaca', 'prompt-completion', 'dpo', 'classification'] as const;
export type RecordFormatId = (typeof RECORD_FORMAT_IDS)[number];

export type JsonObject = Record<string, unknown>;

/** A problem inside one record, located by the JSON path of the value it is about. */
export interface FieldProblem {
  readonly path: JsonPath;
  readonly code: ProblemCode;
  readonly message: string;
  readonly severity: Severity;
}

export interface ReadResult<K extends SampleKind> {
  /** Present when the record can be used; warnings may come with it. */
  readonly sample?: SampleOfKind<K>;
  readonly problems: readonly FieldProblem[];
}

export interface RecordFormat<K extends SampleKind = SampleKind> {
  readonly id: RecordFormatId;
  readonly label: string;
  readonly kind: K;
  /** Fields in the order a new record is written. */
  readonly fields: readonly string[];
  /** How strongly a record looks like this format: 0 not at all, higher is surer. */
  score(record: JsonObject): number;
  read(record: JsonObject): ReadResult<K>;
  /** The record for a sample; `source` is the record it was read from, if any. */
  write(sample: SampleOfKind<K>, source?: JsonObject): JsonObject;
}

// ---- shared checks -------------------------------------------------------------------

class Findings {
  readonly problems: FieldProblem[] = [];

  error(path: JsonPath, code: ProblemCode, message: string): void {
    this.problems.push({ path, code, message, severity: 'error' });
  }

  warn(path: JsonPath, code: ProblemCode, message: string): void {
    this.problems.push({ path, code, message, severity: 'warning' });
  }

  hasErrors(): boolean {
    return this.problems.some((p) => p.severity === 'error');
  }
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  return `a ${typeof value}`;
}

interface StringRule {
  /** Empty (or only white space) is allowed, as for Alpaca's `input`. */
  readonly mayBeEmpty?: boolean;
  /** A missing field reads as the empty string. */
  readonly optional?: boolean;
}

function readString(record: JsonObject, key: string, findings: Findings, why: string, rule: StringRule = {}): string | undefined {
  const value = record[key];
  if (value === undefined) {
    if (rule.optional === true) return '';
    findings.error([], 'missing-field', `the record has no "${key}" field (${why})`);
    return undefined;
  }
  if (typeof value !== 'string') {
    findings.error([key], 'wrong-type', `"${key}" must be a string, found ${describeType(value)}`);
    return undefined;
  }
  if (rule.mayBeEmpty !== true && value.trim().length === 0) {
    findings.error([key], 'empty-field', `"${key}" is empty`);
  }
  return value;
}

/** Text of a message `content`: a string, or OpenAI's list of content parts. */
function contentText(content: unknown): string | undefined {
  if (typeof content === 'string') return content;
  if (content === null) return '';
  if (Array.isArray(content)) {
    const texts: string[] = [];
    for (const part of content) {
      if (typeof part !== 'object' || part === null) return undefined;
      const text = (part as JsonObject)['text'];
      if (typeof text === 'string') texts.push(text);
    }
    return texts.join('\n');
  }
  return undefined;
}

interface MessageVocabulary {
  readonly roleKey: string;
  readonly contentKey: string;
  readonly roles: Readonly<Record<string, MessageRole>>;
  /** Words for our roles when writing a new message. */
  readonly names: Readonly<Record<MessageRole, string>>;
}

const OPENAI_MESSAGES: MessageVocabulary = {
  roleKey: 'role',
  contentKey: 'content',
  roles: { system: 'system', developer: 'system', user: 'user', assistant: 'assistant', tool: 'tool' },
  names: { system: 'system', user: 'user', assistant: 'assistant', tool: 'tool' },
};

const SHAREGPT_MESSAGES: MessageVocabulary = {
  roleKey: 'from',
  contentKey: 'value',
  roles: { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', function_call: 'assistant', observation: 'tool', tool: 'tool' },
  names: { system: 'system', user: 'human', assistant: 'gpt', tool: 'observation' },
};

interface DialogueRule {
  /** Training dialogues end with the answer to learn: an assistant message. */
  readonly mustEndWithAssistant: boolean;
  /** Whether the list may start with an assistant turn (a DPO response list does). */
  readonly assistantOnly?: boolean;
}

function readMessages(value: unknown, path: JsonPath, vocabulary: MessageVocabulary, findings: Findings, rule: DialogueRule): Message[] | undefined {
  if (!Array.isArray(value)) {
    findings.error(path, 'wrong-type', `"${String(path.at(-1))}" must be a list of messages, found ${describeType(value)}`);
    return undefined;
  }
  if (value.length === 0) {
    findings.error(path, 'empty-field', `"${String(path.at(-1))}" has no messages`);
    return undefined;
  }
  const messages: Message[] = [];
  let broken = false;
  for (const [index, entry] of (value as unknown[]).entries()) {
    const at = [...path, index];
    const ordinal = `message ${index + 1}`;
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      findings.error(at, 'wrong-type', `${ordinal} must be an object with "${vocabulary.roleKey}" and "${vocabulary.contentKey}", found ${describeType(entry)}`);
      broken = true;
      continue;
    }
    const item = entry as JsonObject;
    const roleWord = item[vocabulary.roleKey];
    if (roleWord === undefined) {
      findings.error(at, 'missing-field', `${ordinal} has no "${vocabulary.roleKey}"`);
      broken = true;
      continue;
    }
    const role = typeof roleWord === 'string' ? vocabulary.roles[roleWord] : undefined;
    if (role === undefined) {
      const known = Object.keys(vocabulary.roles).join(', ');
      findings.error([...at, vocabulary.roleKey], 'unknown-role', `${ordinal} has the unknown ${vocabulary.roleKey} ${JSON.stringify(roleWord)} (expected one of ${known})`);
      broken = true;
      continue;
    }
    const hasToolCalls = Array.isArray(item['tool_calls']) || typeof item['function_call'] === 'object';
    const rawContent = item[vocabulary.contentKey];
    if (rawContent === undefined && !hasToolCalls) {
      findings.error(at, 'missing-field', `${ordinal} has no "${vocabulary.contentKey}"`);
      broken = true;
      continue;
    }
    const content = rawContent === undefined ? '' : contentText(rawContent);
    if (content === undefined) {
      findings.error([...at, vocabulary.contentKey], 'wrong-type', `${ordinal}: "${vocabulary.contentKey}" must be a string, found ${describeType(rawContent)}`);
      broken = true;
      continue;
    }
    if (content.trim().length === 0 && !hasToolCalls) {
      if (role === 'system') findings.warn([...at, vocabulary.contentKey], 'empty-field', `${ordinal} is an empty system message`);
      else findings.error([...at, vocabulary.contentKey], 'empty-field', `${ordinal} (${role}) is empty`);
    }
    messages.push({ role, content });
  }
  if (broken) return undefined;
  checkRoleOrder(messages, path, vocabulary, findings, rule);
  return messages;
}

function checkRoleOrder(messages: readonly Message[], path: JsonPath, vocabulary: MessageVocabulary, findings: Findings, rule: DialogueRule): void {
  const rolePath = (index: number): JsonPath => [...path, index, vocabulary.roleKey];
  if (rule.assistantOnly === true) {
    messages.forEach((m, index) => {
      if (m.role !== 'assistant') findings.error(rolePath(index), 'wrong-role-order', `message ${index + 1} is from "${m.role}"; a response list holds only assistant messages`);
    });
    return;
  }
  let previous: MessageRole | undefined;
  for (const [index, m] of messages.entries()) {
    const ordinal = `message ${index + 1}`;
    if (m.role === 'system') {
      if (index !== 0) {
        findings.error(rolePath(index), 'wrong-role-order', `${ordinal} is a system message; only the first message may be one`);
        return;
      }
    } else if (previous === undefined || previous === 'system') {
      if (m.role !== 'user') {
        findings.error(rolePath(index), 'wrong-role-order', `${ordinal} is from "${m.role}"; the dialogue must open with a user message`);
        return;
      }
    } else if (m.role === 'tool') {
      if (previous !== 'assistant' && previous !== 'tool') {
        findings.error(rolePath(index), 'wrong-role-order', `${ordinal} is a tool result after a "${previous}" message; tool results follow the assistant's call`);
        return;
      }
    } else if (m.role === previous) {
      findings.error(rolePath(index), 'wrong-role-order', `${ordinal} is from "${m.role}" right after another "${m.role}" message; turns must alternate user → assistant`);
      return;
    } else if (m.role === 'user' && previous === 'tool') {
      findings.error(rolePath(index), 'wrong-role-order', `${ordinal} is from "user" right after a tool result; the assistant answers tool results first`);
      return;
    }
    previous = m.role;
  }
  const last = messages.at(-1);
  if (rule.mustEndWithAssistant && last && last.role !== 'assistant') {
    findings.error(rolePath(messages.length - 1), 'wrong-role-order', `the dialogue ends with a "${last.role}" message; it must end with the assistant's answer`);
  }
}

/** Copies `source` in its own key order, replacing `fields`; keys set to undefined go away. */
function rebuild(source: JsonObject | undefined, fields: JsonObject, order: readonly string[]): JsonObject {
  const out: JsonObject = {};
  if (source) {
    for (const key of Object.keys(source)) {
      if (key in fields) {
        if (fields[key] !== undefined) out[key] = fields[key];
      } else {
        out[key] = source[key];
      }
    }
  }
  for (const key of order) {
    if (!(key in out) && fields[key] !== undefined) out[key] = fields[key];
  }
  return out;
}

/** Writes messages back over the source list: an unchanged message is kept as it was. */
function writeMessages(messages: readonly Message[], source: unknown, vocabulary: MessageVocabulary): JsonObject[] {
  const sourceList = Array.isArray(source) ? (source as unknown[]) : [];
  return messages.map((m, index) => {
    const original = sourceList[index];
    if (typeof original === 'object' && original !== null && !Array.isArray(original)) {
      const item = original as JsonObject;
      const roleWord = item[vocabulary.roleKey];
      const sameRole = typeof roleWord === 'string' && vocabulary.roles[roleWord] === m.role;
      if (sameRole && contentText(item[vocabulary.contentKey] ?? '') === m.content) return item;
      return rebuild(item, { [vocabulary.roleKey]: sameRole ? roleWord : vocabulary.names[m.role], [vocabulary.contentKey]: m.content }, [vocabulary.roleKey, vocabulary.contentKey]);
    }
    return { [vocabulary.roleKey]: vocabulary.names[m.role], [vocabulary.contentKey]: m.content };
  });
}

// ---- formats -------------------------------------------------------------------------

export const openAiChatFormat: RecordFormat<'chat'> = {
  id: 'openai-chat',
  label: 'OpenAI chat (messages)',
  kind: 'chat',
  fields: ['messages'],
  score: (record) => ('messages' in record ? 10 : 0),
  read(record) {
    const findings = new Findings();
    if (!('messages' in record)) findings.error([], 'missing-field', 'the record has no "messages" field (OpenAI chat records are {"messages": [...]})');
    const messages = 'messages' in record ? readMessages(record['messages'], ['messages'], OPENAI_MESSAGES, findings, { mustEndWithAssistant: true }) : undefined;
    return { problems: findings.problems, ...(messages && !findings.hasErrors() ? { sample: { kind: 'chat', messages } } : {}) };
  },
  write(sample, source) {
    return rebuild(source, { messages: writeMessages(sample.messages, source?.['messages'], OPENAI_MESSAGES) }, ['messages']);
  },
};

export const shareGptFormat: RecordFormat<'chat'> = {
  id: 'sharegpt',
  label: 'ShareGPT (conversations)',
  kind: 'chat',
  fields: ['conversations'],
  score: (record) => ('conversations' in record ? 10 : 0),
  read(record) {
    const findings = new Findings();
    if (!('conversations' in record)) findings.error([], 'missing-field', 'the record has no "conversations" field');
    const messages = 'conversations' in record ? readMessages(record['conversations'], ['conversations'], SHAREGPT_MESSAGES, findings, { mustEndWithAssistant: true }) : undefined;
    return { problems: findings.problems, ...(messages && !findings.hasErrors() ? { sample: { kind: 'chat', messages } } : {}) };
  },
  write(sample, source) {
    return rebuild(source, { conversations: writeMessages(sample.messages, source?.['conversations'], SHAREGPT_MESSAGES) }, ['conversations']);
  },
};

export const alpacaFormat: RecordFormat<'instruction'> = {
  id: 'alpaca',
  label: 'Alpaca (instruction, input, output)',
  kind: 'instruction',
  fields: ['instruction', 'input', 'output'],
  score: (record) => ('instruction' in record ? 6 : 0) + ('output' in record ? 3 : 0) + ('input' in record ? 1 : 0),
  read(record) {
    const findings = new Findings();
    const why = 'Alpaca records need "instruction" and "output"';
    const instruction = readString(record, 'instruction', findings, why);
    const input = readString(record, 'input', findings, why, { mayBeEmpty: true, optional: true });
    const output = readString(record, 'output', findings, why);
    const system = record['system'];
    if (system !== undefined && typeof system !== 'string') findings.error(['system'], 'wrong-type', `"system" must be a string, found ${describeType(system)}`);
    if (findings.hasErrors() || instruction === undefined || input === undefined || output === undefined) return { problems: findings.problems };
    return {
      problems: findings.problems,
      sample: { kind: 'instruction', instruction, input, output, ...(typeof system === 'string' ? { system } : {}) },
    };
  },
  write(sample, source) {
    return rebuild(source, { instruction: sample.instruction, input: sample.input, output: sample.output, system: sample.system }, ['instruction', 'input', 'output', 'system']);
  },
};

export const promptCompletionFormat: RecordFormat<'completion'> = {
  id: 'prompt-completion',
  label: 'Prompt / completion',
  kind: 'completion',
  fields: ['prompt', 'completion'],
  score: (record) => ('completion' in record ? 5 : 0) + ('prompt' in record ? 4 : 0),
  read(record) {
    const findings = new Findings();
    const why = 'prompt/completion records need both';
    const prompt = readString(record, 'prompt', findings, why);
    const completion = readString(record, 'completion', findings, why);
    if (findings.hasErrors() || prompt === undefined || completion === undefined) return { problems: findings.problems };
    return { problems: findings.problems, sample: { kind: 'completion', prompt, completion } };
  },
  write(sample, source) {
    return rebuild(source, { prompt: sample.prompt, completion: sample.completion }, ['prompt', 'completion']);
  },
};

function readTextOrMessages(record: JsonObject, key: string, findings: Findings, rule: DialogueRule): TextOrMessages | undefined {
  const value = record[key];
  if (typeof value === 'string') {
    if (value.trim().length === 0) findings.error([key], 'empty-field', `"${key}" is empty`);
    return value;
  }
  if (Array.isArray(value)) return readMessages(value, [key], OPENAI_MESSAGES, findings, rule);
  findings.error([key], 'wrong-type', `"${key}" must be a string or a list of messages, found ${describeType(value)}`);
  return undefined;
}

function sameText(a: TextOrMessages, b: TextOrMessages): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export const dpoFormat: RecordFormat<'preference'> = {
  id: 'dpo',
  label: 'Preference pairs (prompt, chosen, rejected)',
  kind: 'preference',
  fields: ['prompt', 'chosen', 'rejected'],
  score: (record) => ('chosen' in record ? 5 : 0) + ('rejected' in record ? 5 : 0) + ('chosen' in record || 'rejected' in record ? ('prompt' in record ? 1 : 0) : 0),
  read(record) {
    const findings = new Findings();
    const why = 'preference records need "chosen" and "rejected"';
    for (const key of ['chosen', 'rejected']) {
      if (!(key in record)) findings.error([], 'missing-field', `the record has no "${key}" field (${why})`);
    }
    if (findings.hasErrors()) return { problems: findings.problems };
    const hasPrompt = record['prompt'] !== undefined;
    // With a prompt, chosen/rejected are the responses only; without one (TRL's implicit
    // prompt), each is a whole dialogue that ends with the response.
    const responseRule: DialogueRule = hasPrompt ? { mustEndWithAssistant: true, assistantOnly: true } : { mustEndWithAssistant: true };
    const prompt = hasPrompt ? readTextOrMessages(record, 'prompt', findings, { mustEndWithAssistant: false }) : undefined;
    const chosen = readTextOrMessages(record, 'chosen', findings, responseRule);
    const rejected = readTextOrMessages(record, 'rejected', findings, responseRule);
    if (!hasPrompt && (typeof chosen === 'string' || typeof rejected === 'string')) {
      findings.error([], 'missing-field', 'the record has no "prompt" field: plain-text "chosen"/"rejected" need one (only message lists may carry the prompt themselves)');
    }
    if (chosen !== undefined && rejected !== undefined && sameText(chosen, rejected)) {
      findings.warn(['rejected'], 'identical-pair', '"chosen" and "rejected" are identical: the pair teaches nothing');
    }
    if (findings.hasErrors() || chosen === undefined || rejected === undefined) return { problems: findings.problems };
    return { problems: findings.problems, sample: { kind: 'preference', ...(prompt !== undefined ? { prompt } : {}), chosen, rejected } };
  },
  write(sample, source) {
    const field = (value: TextOrMessages | undefined, key: string): unknown =>
      value === undefined || typeof value === 'string' ? value : writeMessages(value, source?.[key], OPENAI_MESSAGES);
    return rebuild(source, { prompt: field(sample.prompt, 'prompt'), chosen: field(sample.chosen, 'chosen'), rejected: field(sample.rejected, 'rejected') }, ['prompt', 'chosen', 'rejected']);
  },
};

export const classificationFormat: RecordFormat<'classification'> = {
  id: 'classification',
  label: 'Classification (text, label)',
  kind: 'classification',
  fields: ['text', 'label'],
  score: (record) => ('label' in record ? 5 : 0) + ('text' in record ? 4 : 0),
  read(record) {
    const findings = new Findings();
    const text = readString(record, 'text', findings, 'classification records need "text" and "label"');
    const label = record['label'];
    let validLabel: string | number | undefined;
    if (label === undefined) findings.error([], 'missing-field', 'the record has no "label" field (classification records need "text" and "label")');
    else if (typeof label === 'number' && Number.isFinite(label)) validLabel = label;
    else if (typeof label === 'string') {
      if (label.trim().length === 0) findings.error(['label'], 'empty-field', '"label" is empty');
      validLabel = label;
    } else findings.error(['label'], 'wrong-type', `"label" must be a string or a number, found ${describeType(label)}`);
    if (findings.hasErrors() || text === undefined || validLabel === undefined) return { problems: findings.problems };
    return { problems: findings.problems, sample: { kind: 'classification', text, label: validLabel } };
  },
  write(sample, source) {
    return rebuild(source, { text: sample.text, label: sample.label }, ['text', 'label']);
  },
};

export const RECORD_FORMATS: Readonly<Record<RecordFormatId, RecordFormat>> = {
  'openai-chat': openAiChatFormat as RecordFormat,
  sharegpt: shareGptFormat as RecordFormat,
  alpaca: alpacaFormat as RecordFormat,
  'prompt-completion': promptCompletionFormat as RecordFormat,
  dpo: dpoFormat as RecordFormat,
  classification: classificationFormat as RecordFormat,
};

/** Detection order breaks ties: the more specific shapes first. */
const DETECTION_ORDER: readonly RecordFormatId[] = ['openai-chat', 'sharegpt', 'dpo', 'alpaca', 'prompt-completion', 'classification'];

/**
 * The format a record most looks like, or undefined when it looks like none. `preferred`
 * (the file's dominant format so far) wins ties, so a damaged record is judged by the
 * format of its neighbours.
 */
export function detectRecordFormat(record: JsonObject, preferred?: RecordFormatId): RecordFormatId | undefined {
  let best: RecordFormatId | undefined;
  let bestScore = 0;
  for (const id of DETECTION_ORDER) {
    const score = RECORD_FORMATS[id].score(record);
    if (score > bestScore || (score === bestScore && score > 0 && id === preferred)) {
      best = id;
      bestScore = score;
    }
  }
  return best;
}

/** Whether two or more formats fit a record equally well, so the file's dominant format decides. */
export function isAmbiguousRecord(record: JsonObject): boolean {
  let best = 0;
  let tied = 0;
  for (const id of DETECTION_ORDER) {
    const score = RECORD_FORMATS[id].score(record);
    if (score > best) {
      best = score;
      tied = 1;
    } else if (score === best && score > 0) {
      tied++;
    }
  }
  return tied > 1;
}

export function isRecordFormatId(value: string): value is RecordFormatId {
  return (RECORD_FORMAT_IDS as readonly string[]).includes(value);
}

/** Reads a record as the given format (typed by the caller's format). */
export function readRecord(format: RecordFormatId, record: JsonObject): ReadResult<SampleKind> {
  return RECORD_FORMATS[format].read(record);
}

/** Writes a sample as a record of the given format; the sample must be of that format's kind. */
export function writeRecord(format: RecordFormatId, sample: Sample, source?: JsonObject): JsonObject {
  const target = RECORD_FORMATS[format];
  if (target.kind !== sample.kind) throw new Error(`a ${sample.kind} sample cannot be written as ${target.label} records`);
  return target.write(sample, source);
}
