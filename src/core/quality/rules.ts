// Rule checks: the cheap, certain filters every candidate passes before a judge sees it.
// Each rule has a code and a message that says what is wrong and where.
import { z } from 'zod';
import { type RecordFormatId, readRecord, writeRecord } from '../formats/recordFormats';
import { responseText, sampleFields } from '../model/sampleText';
import type { Sample } from '../model/sample';
import { detectLanguage, type Language, languageName } from './language';

export const RULE_CODES = [
  'format-invalid',
  'empty-field',
  'too-short',
  'too-long',
  'banned-phrase',
  'refusal',
  'role-order',
  'turn-count',
  'label-not-allowed',
  'language-mismatch',
] as const;
export type RuleCode = (typeof RULE_CODES)[number];

export interface RuleFlag {
  readonly code: RuleCode;
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The field it is about (`output`, `assistant`, …). */
  readonly field?: string;
  /** Dialogues: the message it is about, 0-based. */
  readonly index?: number;
}

export const DEFAULT_BANNED_PHRASES: readonly string[] = [
  'As an AI language model',
  'As a large language model',
  'as an AI assistant, I',
  'I am an AI developed by',
  'my knowledge cutoff',
  '作为一个人工智能',
  '作为一个AI',
  '作为AI语言模型',
  '作为一个语言模型',
  '测试回答',
  '以下是一个示例回答',
  'Lorem ipsum',
];

/** Openings of a refusal, in the response; a refusal is rarely a sample worth learning. */
export const DEFAULT_REFUSAL_PATTERNS: readonly string[] = [
  "^\\s*(I'm sorry|I am sorry|Sorry),? (but )?I (can't|cannot|am unable to|won't)",
  '^\\s*I (can\'t|cannot|am unable to|won\'t) (help|assist|provide|comply)',
  '^\\s*(抱歉|对不起)[，,]?\\s*我(无法|不能|没办法)',
  '^\\s*我(无法|不能)(回答|提供|协助)',
];

export const ruleConfig = z.object({
  /** Minimum characters per field name; `*` applies to every field, `response` to the answer. */
  minLength: z.record(z.string(), z.number().int().nonnegative()).default({ response: 2 }),
  maxLength: z.record(z.string(), z.number().int().positive()).default({ '*': 20_000 }),
  bannedPhrases: z.array(z.string()).default([...DEFAULT_BANNED_PHRASES]),
  refusalPatterns: z.array(z.string()).default([...DEFAULT_REFUSAL_PATTERNS]),
  /** Dialogues: allowed number of user turns. */
  turns: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).default({ min: 1, max: 50 }),
  /** Classification: the labels a sample may carry; empty means any. */
  allowedLabels: z.array(z.union([z.string(), z.number()])).default([]),
  /** The response must be in this language (the seeds'); undefined switches the check off. */
  language: z.enum(['zh', 'ja', 'ko', 'latin', 'cyrillic', 'arabic', 'other', 'unknown']).optional(),
});
export type RuleConfig = z.infer<typeof ruleConfig>;
export type RuleConfigInput = z.input<typeof ruleConfig>;

export function defaultRuleConfig(overrides: RuleConfigInput = {}): RuleConfig {
  return ruleConfig.parse(overrides);
}

/** Characters as a reader counts them (code points): 字 is one, so is 😀. */
function characterCount(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

/** A compiled rule set, ready to check many samples. */
export class RuleChecker {
  private readonly refusals: RegExp[];
  private readonly banned: { phrase: string; lower: string }[];

  constructor(
    readonly config: RuleConfig,
    /** The format candidates are saved in: a sample must survive a write and a read in it. */
    private readonly format?: RecordFormatId,
  ) {
    this.refusals = config.refusalPatterns.map((pattern) => new RegExp(pattern, 'iu'));
    this.banned = config.bannedPhrases.map((phrase) => ({ phrase, lower: phrase.toLowerCase() }));
  }

  check(sample: Sample): RuleFlag[] {
    const flags: RuleFlag[] = [];
    if (this.format !== undefined) {
      try {
        // Empty fields are the length rules' to report, once.
        const problems = readRecord(this.format, writeRecord(this.format, sample)).problems.filter((p) => p.severity === 'error' && p.code !== 'empty-field');
        for (const found of problems) {
          flags.push({ code: found.code === 'wrong-role-order' ? 'role-order' : 'format-invalid', severity: 'error', message: found.message });
        }
      } catch (error: unknown) {
        flags.push({ code: 'format-invalid', severity: 'error', message: error instanceof Error ? error.message : String(error) });
      }
    }
    const response = responseText(sample);
    for (const field of sampleFields(sample)) {
      const isResponse = field.name === 'assistant' || field.name === 'output' || field.name === 'completion' || field.name === 'chosen';
      const min = this.config.minLength[field.name] ?? (isResponse ? this.config.minLength['response'] : undefined) ?? this.config.minLength['*'];
      const max = this.config.maxLength[field.name] ?? (isResponse ? this.config.maxLength['response'] : undefined) ?? this.config.maxLength['*'];
      const length = characterCount(field.text.trim());
      const where = field.index !== undefined ? `message ${field.index + 1} (${field.name})` : `"${field.name}"`;
      const about = field.index !== undefined ? { field: field.name, index: field.index } : { field: field.name };
      if (min !== undefined && length < min && !(length === 0 && field.name === 'input')) {
        flags.push({ code: length === 0 ? 'empty-field' : 'too-short', severity: 'error', message: length === 0 ? `${where} is empty` : `${where} has ${length} characters, fewer than the minimum of ${min}`, ...about });
      }
      if (max !== undefined && length > max) {
        flags.push({ code: 'too-long', severity: 'error', message: `${where} has ${length} characters, more than the maximum of ${max}`, ...about });
      }
      const lower = field.text.toLowerCase();
      for (const { phrase, lower: needle } of this.banned) {
        if (lower.includes(needle)) flags.push({ code: 'banned-phrase', severity: 'error', message: `${where} contains the banned phrase "${phrase}"`, ...about });
      }
    }
    if (this.refusals.some((pattern) => pattern.test(response))) {
      flags.push({ code: 'refusal', severity: 'error', message: 'the response is a refusal, not an answer' });
    }
    if (sample.kind === 'chat') {
      const turns = sample.messages.filter((m) => m.role === 'user').length;
      if (turns < this.config.turns.min || turns > this.config.turns.max) {
        flags.push({ code: 'turn-count', severity: 'error', message: `the dialogue has ${turns} user turns; between ${this.config.turns.min} and ${this.config.turns.max} are wanted` });
      }
    }
    if (sample.kind === 'classification' && this.config.allowedLabels.length > 0 && !this.config.allowedLabels.some((label) => String(label) === String(sample.label))) {
      flags.push({ code: 'label-not-allowed', severity: 'error', message: `the label "${String(sample.label)}" is not one of ${this.config.allowedLabels.map((l) => `"${String(l)}"`).join(', ')}`, field: 'label' });
    }
    const language = this.config.language;
    if (language !== undefined && language !== 'unknown') {
      const text = sample.kind === 'classification' ? sample.text : response;
      const found: Language = detectLanguage(text);
      if (found !== 'unknown' && found !== language) {
        flags.push({ code: 'language-mismatch', severity: 'error', message: `the ${sample.kind === 'classification' ? 'text' : 'response'} is in ${languageName(found)}, but the seeds are in ${languageName(language)}` });
      }
    }
    return flags;
  }
}
