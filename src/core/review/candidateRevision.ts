// A new version of one candidate, for the reviewer to look at before it replaces anything:
// "fix" rewrites its texts with the judge's critique, "regenerate" asks the run's strategy
// again from the same seeds. Either way the proposal goes through the run's rule checks,
// the near-duplicate filter and the judge, exactly like a generated candidate, so the
// reviewer sees its new scores and flags next to the diff. A bare sample (a dataset line in the
// editor) can be rewritten with its verdict's critique the same way, and judged again.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { LlmClient, Usage } from '../llm/llmClient';
import type { Sample } from '../model/sample';
import { fullText, promptText } from '../model/sampleText';
import { journalVerdict, type LoadedSeeds, outputFormatFor, ruleCheckerFor, seedLabels } from '../pipeline';
import { renderTemplate, templateLanguageFor, type TemplateLibrary } from '../prompts/promptTemplate';
import { renderExamples, renderSample } from '../prompts/renderSample';
import { Judge, type JudgeOptions } from '../quality/judge';
import { detectLanguage } from '../quality/language';
import { NearDuplicateFilter } from '../quality/nearDuplicates';
import type { RuleConfigInput } from '../quality/rules';
import type { RubricId } from '../quality/rubricIds';
import type { Rubric } from '../quality/rubrics';
import { SeededRandom } from '../random';
import type { Flag, Verdict } from '../runs/candidateEvents';
import type { CandidateState } from '../runs/candidateState';
import type { RunManifest } from '../runs/runManifest';
import { isStrategyId, resolveOptions, type SeedRecord, type Strategy, type StrategyContext, type StrategyId } from '../strategies/strategy';
import { revisableFields, withRevisedFields } from './sampleFields';

export type RevisionMode = 'fix' | 'regenerate';

export interface RevisionDependencies {
  readonly client: LlmClient;
  readonly templates: TemplateLibrary;
  readonly rubrics: Readonly<Record<RubricId, Rubric>>;
  readonly strategies: Readonly<Partial<Record<StrategyId, Strategy>>>;
}

/** The run a candidate belongs to, as review has it loaded. */
export interface RevisionRun {
  readonly manifest: RunManifest;
  readonly seeds: LoadedSeeds;
  readonly candidates: ReadonlyMap<string, CandidateState>;
}

export interface RevisionOptions {
  readonly signal?: AbortSignal;
  /** The task number regenerate runs the strategy with; a fresh one each time by default, so the answer is new. */
  readonly taskIndex?: number;
}

export interface CandidateRevision {
  readonly candidateId: string;
  readonly mode: RevisionMode;
  /** The sample the proposal was made from: applying it is refused when the candidate changed since. */
  readonly basedOn: Sample;
  readonly sample: Sample;
  readonly flags: Flag[];
  /** Undefined when the run has no judge, or judging failed (then a `judge-failed` flag says why). */
  readonly verdict?: Verdict;
  readonly usage: Usage;
  readonly costUsd: number;
}

/** Why a revision cannot be made, in words for the reviewer. */
export class RevisionError extends Error {
  constructor(
    readonly reason: 'no-candidate' | 'no-critique' | 'no-strategy' | 'no-result',
    message: string,
  ) {
    super(message);
    this.name = 'RevisionError';
  }
}

function option<T>(manifest: RunManifest, name: string, check: (value: unknown) => value is T): T | undefined {
  const value = manifest.config.options[name];
  return check(value) ? value : undefined;
}
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
/** Rule settings were validated when the run started; the manifest keeps them as given. */
const isObject = (value: unknown): value is RuleConfigInput => isRecord(value);

/** The seeds a candidate came from, else its nearest seed, else all of them. */
function seedsOf(state: CandidateState, seeds: readonly SeedRecord[]): SeedRecord[] {
  const wanted = new Set(state.provenance.seedIds);
  const own = seeds.filter((s) => wanted.has(s.id));
  if (own.length > 0) return own;
  const nearest = seeds.filter((s) => s.id === state.nearestSeedId);
  return nearest.length > 0 ? nearest : [...seeds];
}

/** How a sample is rewritten with its critique. */
export interface CritiqueRewriteSettings {
  readonly model: string;
  /** Samples that show the dataset's style to keep: a run's seeds, or the file's other lines. */
  readonly examples: readonly Sample[];
  readonly temperature: number;
  readonly maxTokens: number;
  readonly signal?: AbortSignal;
}

/** Whether a verdict says enough for a rewrite: a critique, or scores with reasons. */
export function hasCritique(verdict: Verdict | undefined): verdict is Verdict {
  return verdict !== undefined && ((verdict.critique?.trim() ?? '') !== '' || verdict.criteria.length > 0);
}

/**
 * A sample rewritten by the model with the judge's critique and scores: only its texts change,
 * its shape (roles, labels, turns) stays. Works on any sample, a run's candidate or a dataset line.
 */
export async function rewriteWithCritique(client: LlmClient, templates: TemplateLibrary, sample: Sample, verdict: Verdict, settings: CritiqueRewriteSettings): Promise<{ sample: Sample; usage: Usage; costUsd: number }> {
  const critique = verdict.critique?.trim() ?? '';
  const language = templateLanguageFor(detectLanguage(fullText(sample)));
  const template = templates.get('revise-with-critique', language);
  const current = revisableFields(sample);
  const names = Object.keys(current);
  const schema = {
    name: 'revised_sample',
    schema: z.object(Object.fromEntries(names.map((name) => [name, z.string()]))),
    jsonSchema: { type: 'object', properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])), required: names, additionalProperties: false },
  };
  const scores = verdict.criteria.map((c) => `- ${c.name}: ${c.score} — ${c.reason}`).join('\n') || '-';
  const result = await client.chatStructured(
    {
      model: settings.model,
      messages: renderTemplate(template, {
        examples: renderExamples(settings.examples.slice(0, 3), language),
        sample: renderSample(sample, language),
        scores,
        critique: critique || '-',
        fields: names.map((n) => `"${n}"`).join(', '),
      }),
      temperature: settings.temperature,
      maxTokens: settings.maxTokens,
    },
    schema,
    settings.signal ? { signal: settings.signal } : {},
  );
  // A field the model emptied keeps its text: an empty instruction is never the fix.
  const revised = Object.fromEntries(Object.entries(result.value).filter(([name, text]) => text.trim() !== '' || (current[name] ?? '').trim() === ''));
  return { sample: withRevisedFields(sample, revised), usage: result.usage, costUsd: result.costUsd };
}

async function fixWithCritique(deps: RevisionDependencies, run: RevisionRun, state: CandidateState, signal: AbortSignal | undefined): Promise<{ sample: Sample; usage: Usage; costUsd: number }> {
  const verdict = state.verdict;
  if (!hasCritique(verdict)) {
    throw new RevisionError('no-critique', `candidate ${state.id} has no judge critique to fix it with; regenerate it, or edit it yourself`);
  }
  return rewriteWithCritique(deps.client, deps.templates, state.sample, verdict, {
    model: run.manifest.provider.models.generator[0] ?? '',
    examples: run.seeds.seeds.slice(0, 3).map((s) => s.sample),
    temperature: Math.min(run.manifest.config.temperature ?? 0.7, 0.7),
    maxTokens: option(run.manifest, 'maxTokens', isNumber) ?? 2048,
    ...(signal ? { signal } : {}),
  });
}

async function regenerate(deps: RevisionDependencies, run: RevisionRun, state: CandidateState, options: RevisionOptions): Promise<{ sample: Sample; usage: Usage; costUsd: number }> {
  const strategyId = run.manifest.config.strategy;
  const strategy = isStrategyId(strategyId) ? deps.strategies[strategyId] : undefined;
  if (!strategy) throw new RevisionError('no-strategy', `the strategy "${strategyId}" of this run is not available, so the candidate cannot be regenerated`);
  const stored = run.manifest.config.options['strategy'];
  const strategyOptions: Record<string, string> = {};
  if (isRecord(stored)) {
    for (const [name, value] of Object.entries(stored)) if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') strategyOptions[name] = String(value);
  }
  const models = run.manifest.provider.models;
  const kept = [...run.candidates.values()].filter((s) => s.id !== state.id && (s.status === 'pending' || s.status === 'accepted')).map((s) => ({ id: s.id, sample: s.sample }));
  const language = option(run.manifest, 'language', (v): v is 'en' | 'zh' => v === 'en' || v === 'zh') ?? templateLanguageFor(run.seeds.language);
  const context: StrategyContext = {
    client: deps.client,
    templates: deps.templates,
    seeds: seedsOf(state, run.seeds.seeds),
    seedKind: run.seeds.kind,
    language,
    models: models.generator,
    judgeModel: models.judge[0] ?? models.generator[0] ?? '',
    temperature: run.manifest.config.temperature ?? 0.7,
    maxTokens: option(run.manifest, 'maxTokens', isNumber) ?? 2048,
    options: resolveOptions(strategy, strategyOptions),
    pool: { kept: () => kept },
    ...(options.signal ? { signal: options.signal } : {}),
  };
  const index = options.taskIndex ?? randomInt(1_000_000, 2_000_000_000);
  const result = await strategy.run(context, { index, random: new SeededRandom(option(run.manifest, 'randomSeed', isString) ?? run.manifest.id, index) });
  const usable = result.candidates.find((c) => c.discardedBecause === undefined && c.sample.kind === state.sample.kind);
  if (!usable) {
    const why = result.candidates.find((c) => c.discardedBecause !== undefined)?.discardedBecause;
    throw new RevisionError('no-result', `the strategy produced no usable ${state.sample.kind} sample${why !== undefined ? ` (${why})` : ''}; try again`);
  }
  return { sample: usable.sample, usage: result.usage, costUsd: result.costUsd };
}

/** Checks a proposed sample the way the run checked its candidates: rules, near-duplicates, judge. */
async function checkProposal(deps: RevisionDependencies, run: RevisionRun, state: CandidateState, sample: Sample, signal: AbortSignal | undefined): Promise<{ flags: Flag[]; verdict?: Verdict; usage: Usage; costUsd: number }> {
  const rulesSetting = option(run.manifest, 'rules', isObject);
  const outputFormat = outputFormatFor(run.seeds.format, sample.kind);
  const flags: Flag[] = ruleCheckerFor(run.seeds, outputFormat, rulesSetting)
    .check(sample)
    .map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
  const strategyId = run.manifest.config.strategy;
  const novelty = isStrategyId(strategyId) && deps.strategies[strategyId]?.novelty === 'full' ? fullText : promptText;
  const duplicates = new NearDuplicateFilter(option(run.manifest, 'dedupThreshold', isNumber));
  for (const seed of run.seeds.seeds) duplicates.add({ id: `seed:${seed.id}`, source: 'seed', label: `seed ${seed.id.replace(':', ' ')}` }, novelty(seed.sample));
  for (const other of run.candidates.values()) {
    if (other.id !== state.id && (other.status === 'pending' || other.status === 'accepted')) duplicates.add({ id: other.id, source: 'run', label: `candidate ${other.id}` }, novelty(other.sample));
  }
  const duplicate = duplicates.check(novelty(sample));
  if (duplicate) flags.push({ code: 'duplicate', severity: 'error', message: duplicate.message, otherId: duplicate.other.id });

  const judgeModels = run.manifest.provider.models.judge;
  if (judgeModels.length === 0) return { flags, usage: { promptTokens: 0, completionTokens: 0 }, costUsd: 0 };
  const labels = seedLabels(run.seeds);
  const judged = await judgeProposal(deps, sample, {
    models: judgeModels,
    aggregate: run.manifest.config.options['judgeAggregate'] === 'median' ? 'median' : 'mean',
    references: run.seeds.seeds.slice(0, 3).map((s) => s.sample),
    ...(labels.length > 0 ? { allowedLabels: labels } : {}),
    ...(signal ? { signal } : {}),
  });
  if (judged.failure !== undefined) flags.push({ code: 'judge-failed', severity: 'warning', message: `not judged: ${judged.failure}` });
  return { flags, ...(judged.verdict ? { verdict: judged.verdict } : {}), usage: judged.usage, costUsd: judged.costUsd };
}

/** A proposal's verdict; a failed judge is a `failure` to show, not an error, unless it was cancelled. */
async function judgeProposal(deps: Pick<RevisionDependencies, 'client' | 'templates' | 'rubrics'>, sample: Sample, options: JudgeOptions): Promise<{ verdict?: Verdict; failure?: string; usage: Usage; costUsd: number }> {
  try {
    const outcome = await new Judge(deps.client, deps.templates, deps.rubrics).judge(sample, options);
    return { verdict: journalVerdict(outcome.verdict), usage: outcome.usage, costUsd: outcome.costUsd };
  } catch (error: unknown) {
    if (options.signal?.aborted === true) throw error;
    return { failure: error instanceof Error ? error.message : String(error), usage: { promptTokens: 0, completionTokens: 0 }, costUsd: 0 };
  }
}

/** A rewrite of a sample that belongs to no run (a dataset line), judged again. */
export interface SampleRevision {
  readonly basedOn: Sample;
  readonly sample: Sample;
  readonly verdict?: Verdict;
  /** Why the proposal has no verdict, when judging it failed. */
  readonly judgeFailure?: string;
  readonly usage: Usage;
  readonly costUsd: number;
}

/**
 * Rewrites a bare sample with its verdict's critique and judges the result with `judgeModels`;
 * nothing is written. Throws a `no-critique` RevisionError when the verdict says nothing to fix.
 */
export async function reviseSample(
  deps: Pick<RevisionDependencies, 'client' | 'templates' | 'rubrics'>,
  sample: Sample,
  verdict: Verdict | undefined,
  settings: CritiqueRewriteSettings & { readonly judgeModels: readonly string[] },
): Promise<SampleRevision> {
  if (!hasCritique(verdict)) throw new RevisionError('no-critique', 'the sample has no judge critique to rewrite it with; judge it first, or edit it yourself');
  const made = await rewriteWithCritique(deps.client, deps.templates, sample, verdict, settings);
  const judged = await judgeProposal(deps, made.sample, {
    models: settings.judgeModels,
    references: settings.examples.slice(0, 3),
    ...(settings.signal ? { signal: settings.signal } : {}),
  });
  return {
    basedOn: sample,
    sample: made.sample,
    ...(judged.verdict ? { verdict: judged.verdict } : {}),
    ...(judged.failure !== undefined ? { judgeFailure: judged.failure } : {}),
    usage: { promptTokens: made.usage.promptTokens + judged.usage.promptTokens, completionTokens: made.usage.completionTokens + judged.usage.completionTokens },
    costUsd: made.costUsd + judged.costUsd,
  };
}

/** A proposed new version of a candidate, checked and judged; nothing is written. */
export async function reviseCandidate(deps: RevisionDependencies, run: RevisionRun, candidateId: string, mode: RevisionMode, options: RevisionOptions = {}): Promise<CandidateRevision> {
  const state = run.candidates.get(candidateId);
  if (!state) throw new RevisionError('no-candidate', `the candidate ${candidateId} is not in run ${run.manifest.id}`);
  const made = mode === 'fix' ? await fixWithCritique(deps, run, state, options.signal) : await regenerate(deps, run, state, options);
  const checked = await checkProposal(deps, run, state, made.sample, options.signal);
  return {
    candidateId,
    mode,
    basedOn: state.sample,
    sample: made.sample,
    flags: checked.flags,
    ...(checked.verdict ? { verdict: checked.verdict } : {}),
    usage: { promptTokens: made.usage.promptTokens + checked.usage.promptTokens, completionTokens: made.usage.completionTokens + checked.usage.completionTokens },
    costUsd: made.costUsd + checked.costUsd,
  };
}
