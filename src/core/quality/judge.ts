// The LLM judge: scores a candidate per rubric criterion (1–5, each with a reason), an
// overall score and a critique that review and quick fixes use to revise it. Several judge
// models can vote; their disagreement is measured and flagged.
import { z } from 'zod';
import type { LlmClient, Usage } from '../llm/llmClient';
import { sampleContentHash } from '../model/contentHash';
import type { Sample } from '../model/sample';
import { fullText, promptText } from '../model/sampleText';
import { renderTemplate, templateLanguageFor, type TemplateLanguage, type TemplateLibrary, templateHash } from '../prompts/promptTemplate';
import { renderExamples, renderSample, renderTextOrMessages } from '../prompts/renderSample';
import { detectLanguage } from './language';
import type { RubricId } from './rubricIds';
import { type Rubric, rubricIdFor } from './rubrics';

export interface CriterionScore {
  readonly name: string;
  readonly score: number;
  readonly reason: string;
}

export interface JudgeVerdict {
  readonly rubric: RubricId;
  readonly overall: number;
  readonly criteria: readonly CriterionScore[];
  readonly critique: string;
  /** Preference pairs: which response the judges found better. */
  readonly preferred?: 'chosen' | 'rejected' | 'tie';
  readonly models: readonly string[];
  /** 1 when every judge gave the same overall score, 0 when they spanned the whole scale. */
  readonly agreement: number;
  /** Judges' overall scores are two or more points apart: a human should look. */
  readonly disagreement: boolean;
  readonly passed: boolean;
}

export interface JudgeOutcome {
  readonly verdict: JudgeVerdict;
  readonly perModel: readonly { readonly model: string; readonly overall: number }[];
  readonly usage: Usage;
  readonly costUsd: number;
  readonly requestKeys: readonly string[];
  readonly templateHash: string;
}

export interface JudgeOptions {
  /** Judge models; one is the default, several vote. */
  readonly models: readonly string[];
  readonly aggregate?: 'mean' | 'median';
  readonly references?: readonly Sample[];
  /** Classification: the labels the sample may carry, shown to the judge. */
  readonly allowedLabels?: readonly (string | number)[];
  readonly temperature?: number;
  readonly maxTokens?: number;
  readonly signal?: AbortSignal;
}

const scoreEntry = z.object({ score: z.number().int().min(1).max(5), reason: z.string().min(1) });

/** One judge's answer. */
export interface SingleVerdict {
  readonly scores: Readonly<Record<string, { score: number; reason: string }>>;
  readonly overall: number;
  readonly critique: string;
  readonly preferred?: 'A' | 'B' | 'tie';
}

type VerdictSchema = { schema: z.ZodType<SingleVerdict>; jsonSchema: Record<string, unknown> };

/** Schemas by criteria: building a zod schema costs more than checking an answer with it, and a run judges thousands. */
const verdictSchemas = new Map<string, VerdictSchema>();

/** The answer the judge must give for a rubric, as zod (to check) and JSON Schema (to ask). */
export function verdictSchema(rubric: Rubric, pair: boolean): VerdictSchema {
  const names = rubric.criteria.map((c) => c.name);
  const key = JSON.stringify([pair, names]);
  const known = verdictSchemas.get(key);
  if (known) return known;
  const built = buildVerdictSchema(names, pair);
  verdictSchemas.set(key, built);
  return built;
}

function buildVerdictSchema(names: readonly string[], pair: boolean): VerdictSchema {
  const scores = z.object(Object.fromEntries(names.map((name) => [name, scoreEntry])));
  const base = { scores, overall: z.number().min(1).max(5), critique: z.string() };
  const schema = pair ? z.object({ ...base, preferred: z.enum(['A', 'B', 'tie']) }) : z.object(base);
  const scoreJson = { type: 'object', properties: { score: { type: 'integer', minimum: 1, maximum: 5 }, reason: { type: 'string' } }, required: ['score', 'reason'], additionalProperties: false };
  const jsonSchema = {
    type: 'object',
    properties: {
      ...(pair ? { preferred: { type: 'string', enum: ['A', 'B', 'tie'] } } : {}),
      scores: { type: 'object', properties: Object.fromEntries(names.map((name) => [name, scoreJson])), required: names, additionalProperties: false },
      overall: { type: 'integer', minimum: 1, maximum: 5 },
      critique: { type: 'string' },
    },
    required: [...(pair ? ['preferred'] : []), 'scores', 'overall', 'critique'],
    additionalProperties: false,
  };
  return { schema, jsonSchema };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function rubricText(rubric: Rubric, language: TemplateLanguage, allowedLabels: readonly (string | number)[] | undefined): string {
  const lines = rubric.criteria.map((c) => `- ${c.name}: ${language === 'zh' ? c.descriptionZh : c.description}`);
  if (allowedLabels && allowedLabels.length > 0) lines.push(`${language === 'zh' ? '允许的标签' : 'Allowed labels'}: ${allowedLabels.map((l) => String(l)).join(', ')}`);
  return lines.join('\n');
}

export class Judge {
  constructor(
    private readonly client: LlmClient,
    private readonly templates: TemplateLibrary,
    private readonly rubrics: Readonly<Record<RubricId, Rubric>>,
  ) {}

  async judge(sample: Sample, options: JudgeOptions): Promise<JudgeOutcome> {
    if (options.models.length === 0) throw new Error('name at least one judge model');
    const rubricId = rubricIdFor(sample);
    const rubric = this.rubrics[rubricId];
    const language = templateLanguageFor(detectLanguage(fullText(sample)));
    const pair = sample.kind === 'preference';
    const template = this.templates.get(pair ? 'judge-pair' : 'judge', language);
    // Which response is shown first follows the content, not the role, against position bias.
    const swapped = pair && Number.parseInt(sampleContentHash(sample).slice(-1), 16) % 2 === 1;
    const references = renderExamples(options.references ?? [], language);
    const rubricBlock = rubricText(rubric, language, options.allowedLabels);
    const values: Record<string, string> =
      sample.kind === 'preference'
        ? {
            rubric: rubricBlock,
            references,
            prompt: sample.prompt !== undefined ? renderTextOrMessages(sample.prompt, language) : promptText(sample),
            responseA: renderTextOrMessages(swapped ? sample.rejected : sample.chosen, language),
            responseB: renderTextOrMessages(swapped ? sample.chosen : sample.rejected, language),
          }
        : { rubric: rubricBlock, references, candidate: renderSample(sample, language) };
    const messages = renderTemplate(template, values);
    const { schema, jsonSchema } = verdictSchema(rubric, pair);
    const results = await Promise.all(
      options.models.map(async (model) => {
        const result = await this.client.chatStructured(
          { model, messages, temperature: options.temperature ?? 0, maxTokens: options.maxTokens ?? 1200 },
          { name: 'judge_verdict', schema, jsonSchema },
          options.signal ? { signal: options.signal } : {},
        );
        return { model, value: result.value, usage: result.usage, costUsd: result.costUsd, keys: result.requestKeys };
      }),
    );
    const aggregate = options.aggregate === 'median' ? median : mean;
    const overalls = results.map((r) => r.value.overall);
    const criteria = rubric.criteria.map((c): CriterionScore => {
      const scores = results.map((r) => r.value.scores[c.name]?.score ?? 1);
      const value = round2(aggregate(scores));
      // The reason of the judge whose score is nearest to the aggregate.
      const nearest = [...results].sort((a, b) => Math.abs((a.value.scores[c.name]?.score ?? 1) - value) - Math.abs((b.value.scores[c.name]?.score ?? 1) - value))[0];
      return { name: c.name, score: value, reason: nearest?.value.scores[c.name]?.reason ?? '' };
    });
    const overall = round2(aggregate(overalls));
    const spread = Math.max(...overalls) - Math.min(...overalls);
    // The most critical judge's critique is the most useful one for a fix.
    const critic = [...results].sort((a, b) => a.value.overall - b.value.overall)[0];
    let preferred: JudgeVerdict['preferred'];
    if (pair) {
      const votes = results.map((r) => (r.value.preferred === 'tie' ? 'tie' : (r.value.preferred === 'A') !== swapped ? 'chosen' : 'rejected'));
      const count = (v: string): number => votes.filter((x) => x === v).length;
      preferred = count('chosen') > count('rejected') && count('chosen') >= count('tie') ? 'chosen' : count('rejected') > count('chosen') && count('rejected') >= count('tie') ? 'rejected' : 'tie';
    }
    const verdict: JudgeVerdict = {
      rubric: rubricId,
      overall,
      criteria,
      critique: critic?.value.critique ?? '',
      ...(preferred !== undefined ? { preferred } : {}),
      models: results.map((r) => r.model),
      agreement: round2(1 - spread / 4),
      disagreement: spread >= 2,
      // A pair whose judges prefer the rejected response fails, whatever its scores.
      passed: overall >= rubric.passScore && (preferred === undefined || preferred === 'chosen'),
    };
    return {
      verdict,
      perModel: results.map((r) => ({ model: r.model, overall: r.value.overall })),
      usage: { promptTokens: results.reduce((s, r) => s + r.usage.promptTokens, 0), completionTokens: results.reduce((s, r) => s + r.usage.completionTokens, 0) },
      costUsd: results.reduce((s, r) => s + r.costUsd, 0),
      requestKeys: results.flatMap((r) => r.keys),
      templateHash: templateHash(template),
    };
  }
}
