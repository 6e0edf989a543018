// Fixes of one JSONL record that need no model: convert it to another record format, or fill a
// field it lacks from what it already holds (a synonym key, the other chat vocabulary, the
// turn order). Each returns the new line and says what it did, or nothing when it cannot help.
import { convertRecords } from './convert';
import { readJsonlLine } from './datasetReader';
import { type JsonObject, RECORD_FORMATS, type RecordFormatId } from './recordFormats';

export interface LineFix {
  readonly text: string;
  /** What the fix does, for the action's title (English; the host translates the frame). */
  readonly description: string;
}

export type LineConversion = { readonly ok: true; readonly text: string; readonly losses: readonly string[] } | { readonly ok: false; readonly reason: string };

/** The line's record rewritten in `to`, keeping its unknown fields, naming what is lost. */
export function convertLine(text: string, to: RecordFormatId, preferred?: RecordFormatId): LineConversion | undefined {
  const read = readJsonlLine(text, 1, preferred);
  if (!read.sample || !read.format || !read.source || read.format === to) return undefined;
  const { records, report } = convertRecords([{ line: 1, format: read.format, sample: read.sample, source: read.source }], to);
  const converted = records[0];
  if (!converted) return { ok: false, reason: report.skipped[0]?.reason ?? `it cannot be written as ${RECORD_FORMATS[to].label}` };
  return { ok: true, text: JSON.stringify(converted), losses: [...report.losses.keys()] };
}

/** Other names a field goes by in datasets found in the wild. */
const SYNONYMS: Readonly<Partial<Record<RecordFormatId, Readonly<Record<string, readonly string[]>>>>> = {
  alpaca: { instruction: ['question', 'query', 'prompt'], output: ['response', 'answer', 'completion', 'target'] },
  'prompt-completion': { prompt: ['instruction', 'question', 'query'], completion: ['response', 'answer', 'output', 'target'] },
  classification: { text: ['sentence', 'content', 'input'], label: ['category', 'class', 'target'] },
  dpo: { chosen: ['preferred', 'accepted'], rejected: ['dispreferred', 'refused'] },
};

interface Vocabulary {
  readonly role: string;
  readonly content: string;
  readonly otherRole: string;
  readonly otherContents: readonly string[];
  /** A role word of the other vocabulary, in this one. */
  translate(role: unknown): string | undefined;
  /** The canonical role of a role word, to infer the next one. */
  canonical(role: unknown): string | undefined;
  name(canonical: string): string;
}

const OPENAI_ROLES: Readonly<Record<string, string>> = { system: 'system', human: 'user', user: 'user', gpt: 'assistant', assistant: 'assistant', observation: 'tool', tool: 'tool', function_call: 'assistant' };
const SHAREGPT_NAMES: Readonly<Record<string, string>> = { system: 'system', user: 'human', assistant: 'gpt', tool: 'observation' };

const OPENAI: Vocabulary = {
  role: 'role',
  content: 'content',
  otherRole: 'from',
  otherContents: ['value', 'text'],
  translate: (role) => (typeof role === 'string' ? OPENAI_ROLES[role] : undefined),
  canonical: (role) => (typeof role === 'string' ? OPENAI_ROLES[role] : undefined),
  name: (canonical) => canonical,
};

const SHAREGPT: Vocabulary = {
  role: 'from',
  content: 'value',
  otherRole: 'role',
  otherContents: ['content', 'text'],
  translate: (role) => (typeof role === 'string' && OPENAI_ROLES[role] !== undefined ? SHAREGPT_NAMES[OPENAI_ROLES[role]] : undefined),
  canonical: (role) => (typeof role === 'string' ? OPENAI_ROLES[role] : undefined),
  name: (canonical) => SHAREGPT_NAMES[canonical] ?? canonical,
};

/** A copy of `object` with `from` renamed to `to` in place, keeping the order of keys. */
function renamed(object: JsonObject, from: string, to: string, value: unknown = object[from]): JsonObject {
  const out: JsonObject = {};
  for (const [key, existing] of Object.entries(object)) {
    if (key === from) out[to] = value;
    else out[key] = existing;
  }
  return out;
}

/** The role a message without one most likely has, from the one before it. */
function nextRole(previous: string | undefined, responsesOnly: boolean): string {
  if (responsesOnly) return 'assistant';
  return previous === 'user' || previous === 'tool' ? 'assistant' : 'user';
}

function fillMessages(list: unknown, vocabulary: Vocabulary, responsesOnly: boolean, done: string[]): unknown {
  if (!Array.isArray(list)) return list;
  let previous: string | undefined;
  return list.map((entry: unknown, index) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) return entry;
    let message = entry as JsonObject;
    if (message[vocabulary.role] === undefined) {
      const translated = vocabulary.translate(message[vocabulary.otherRole]);
      if (translated !== undefined) {
        message = renamed(message, vocabulary.otherRole, vocabulary.role, translated);
        done.push(`"${vocabulary.otherRole}" of message ${index + 1} as "${vocabulary.role}"`);
      } else {
        const role = vocabulary.name(nextRole(previous, responsesOnly));
        message = { [vocabulary.role]: role, ...message };
        done.push(`"${vocabulary.role}": "${role}" for message ${index + 1}, from the turn order`);
      }
    }
    if (message[vocabulary.content] === undefined) {
      const other = vocabulary.otherContents.find((key) => message[key] !== undefined);
      if (other !== undefined) {
        message = renamed(message, other, vocabulary.content);
        done.push(`"${other}" of message ${index + 1} as "${vocabulary.content}"`);
      }
    }
    previous = vocabulary.canonical(message[vocabulary.role]);
    return message;
  });
}

function missingFields(text: string, preferred: RecordFormatId | undefined): number {
  return readJsonlLine(text, 1, preferred).problems.filter((p) => p.code === 'missing-field').length;
}

/**
 * The line with its missing fields filled from the record's own content, when that reads
 * better (fewer missing fields) — never a made-up value.
 */
export function fillMissingFields(text: string, preferred?: RecordFormatId): LineFix | undefined {
  const read = readJsonlLine(text, 1, preferred);
  const format = read.format;
  if (!format || !read.source) return undefined;
  const before = missingFields(text, preferred);
  if (before === 0) return undefined;
  let record: JsonObject = read.source;
  const done: string[] = [];
  for (const [field, synonyms] of Object.entries(SYNONYMS[format] ?? {})) {
    if (record[field] !== undefined) continue;
    const synonym = synonyms.find((key) => record[key] !== undefined);
    if (synonym === undefined) continue;
    record = renamed(record, synonym, field);
    done.push(`"${synonym}" as "${field}"`);
  }
  if (format === 'openai-chat') record = { ...record, messages: fillMessages(record['messages'], OPENAI, false, done) };
  if (format === 'sharegpt') record = { ...record, conversations: fillMessages(record['conversations'], SHAREGPT, false, done) };
  if (format === 'dpo') {
    const hasPrompt = record['prompt'] !== undefined;
    for (const key of ['prompt', 'chosen', 'rejected']) {
      if (Array.isArray(record[key])) record = { ...record, [key]: fillMessages(record[key], OPENAI, hasPrompt && key !== 'prompt', done) };
    }
  }
  if (done.length === 0) return undefined;
  const filled = JSON.stringify(record);
  if (missingFields(filled, preferred) >= before) return undefined;
  return { text: filled, description: `use ${done.join(', ')}` };
}
