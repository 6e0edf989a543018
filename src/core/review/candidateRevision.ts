// A new version of one candidate, for the reviewer to look at before it replaces anything:
// "fix" rewrites its texts with the judge's critique, "regenerate" asks the run's strategy
// again from the same seeds. Either way the proposal goes through the run's rule checks,
// the near-duplicate filter and the judge, exactly like a generated candidate, so the
// reviewer sees its new scores and flags next to the diff.
import { randomInt } from 'node:crypto';
import { z } from 'zod';
import type { LlmClient, Usage } from '../llm/llmClient';
import type { Sample } from '../model/sample';
import { fullText, promptText } from '../model/sampleText';
import { journalVerdict, type LoadedSeeds, outputFormatFor, ruleCheckerFor, seedLabels } from '../pipeline';
import { renderTemplate, templateLanguageFor, type TemplateLibrary } from '../prompts/promptTemplate';
import { renderExamples, renderSample } from '../prompts/renderSample';
import { Judge } from '../quality/judge';
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

async function fixWithCritique(deps: RevisionDependencies, run: RevisionRun, state: CandidateState, signal: AbortSignal | undefined): Promise<{ sample: Sample; usage: Usage; costUsd: number }> {
  const verdict = state.verdict;
  const critique = verdict?.critique?.trim() ?? '';
  if (!verdict || (critique === '' && verdict.criteria.length === 0)) {
    throw new RevisionError('no-critique', `candidate ${state.id} has no judge critique to fix it with; regenerate it, or edit it yourself`);
  }
  const language = templateLanguageFor(detectLanguage(fullText(state.sample)));
  const template = deps.templates.get('revise-with-critique', language);
  const current = revisableFields(state.sample);
  const names = Object.keys(current);
  const schema = {
    name: 'revised_sample',
    schema: z.object(Object.fromEntries(names.map((name) => [name, z.string()]))),
    jsonSchema: { type: 'object', properties: Object.fromEntries(names.map((name) => [name, { type: 'string' }])), required: names, additionalProperties: false },
  };
  const scores = verdict.criteria.map((c) => `- ${c.name}: ${c.score} — ${c.reason}`).join('\n') || '-';
  const result = await deps.client.chatStructured(
    {
      model: run.manifest.provider.models.generator[0] ?? '',
      messages: renderTemplate(template, {
        examples: renderExamples(run.seeds.seeds.slice(0, 3).map((s) => s.sample), language),
        sample: renderSample(state.sample, language),
        scores,
        critique: critique || '-',
        fields: names.map((n) => `"${n}"`).join(', '),
      }),
      temperature: Math.min(run.manifest.config.temperature ?? 0.7, 0.7),
      maxTokens: option(run.manifest, 'maxTokens', isNumber) ?? 2048,
    },
    schema,
    signal ? { signal } : {},
  );
  // A field the model emptied keeps its text: an empty instruction is never the fix.
  const revised = Object.fromEntries(Object.entries(result.value).filter(([name, text]) => text.trim() !== '' || (current[name] ?? '').trim() === ''));
  return { sample: withRevisedFields(state.sample, revised), usage: result.usage, costUsd: result.costUsd };
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
  const aggregate = run.manifest.config.options['judgeAggregate'] === 'median' ? 'median' : 'mean';
  try {
    const outcome = await new Judge(deps.client, deps.templates, deps.rubrics).judge(sample, {
      models: judgeModels,
      aggregate,
      references: run.seeds.seeds.slice(0, 3).map((s) => s.sample),
      ...(labels.length > 0 ? { allowedLabels: labels } : {}),
      ...(signal ? { signal } : {}),
    });
    return { flags, verdict: journalVerdict(outcome.verdict), usage: outcome.usage, costUsd: outcome.costUsd };
  } catch (error: unknown) {
    if (signal?.aborted === true) throw error;
    flags.push({ code: 'judge-failed', severity: 'warning', message: `not judged: ${error instanceof Error ? error.message : String(error)}` });
    return { flags, usage: { promptTokens: 0, completionTokens: 0 }, costUsd: 0 };
  }
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
