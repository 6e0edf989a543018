// The generation pipeline: tasks of a strategy → rule checks → near-duplicate filter
// (against the seeds, what was accepted before, and the run) → judge → journal, emitting
// events as candidates progress. Tasks are numbered and their randomness derives from the
// number, so a resumed run skips the tasks its journal holds and re-sends byte-identical
// requests for the rest, which the cache answers without a network call.
import { stat } from 'node:fs/promises';
import { isAbsolute, relative } from 'node:path';
import { loadDataset, readDatasetFile, type DatasetLayout } from './formats/datasetReader';
import type { Problem } from './model/problem';
import { RECORD_FORMATS, type RecordFormatId } from './formats/recordFormats';
import type { Usage } from './llm/llmClient';
import { LlmError } from './llm/llmErrors';
import type { ModelSession } from './llm/llmSession';
import type { Logger } from './logger';
import type { Sample, SampleKind } from './model/sample';
import { fullText, promptText } from './model/sampleText';
import { templateLanguageFor, type TemplateLanguage, type TemplateLibrary } from './prompts/promptTemplate';
import { Judge, type JudgeVerdict } from './quality/judge';
import { dominantLanguage, type Language } from './quality/language';
import { NearDuplicateFilter } from './quality/nearDuplicates';
import { defaultRuleConfig, RuleChecker, type RuleConfigInput } from './quality/rules';
import type { RubricId } from './quality/rubricIds';
import type { Rubric } from './quality/rubrics';
import { RougeLIndex } from './quality/similarity/rougeFilter';
import { TokenInterner } from './quality/similarity/tokenize';
import { SeededRandom } from './random';
import { type CandidateEvent, type CandidateEventPayload, type CandidateEventType, type Flag, makeEvent, type Verdict } from './runs/candidateEvents';
import { applyEvent, type CandidateState, reduceEvents } from './runs/candidateState';
import { CandidateJournal, readJournal } from './runs/journal';
import { type HeldRunLock, holdRunLock } from './runs/runLock';
import { sha256File } from './runs/runResumption';
import { createRunId, readRunManifest, redactBaseUrl, type RunManifest, runCounts, type RunStatus, runDirectory, writeRunManifest } from './runs/runManifest';
import { type Generated, type GenerationPool, resolveOptions, type SeedRecord, type Strategy, type StrategyContext, type StrategyId } from './strategies/strategy';

export interface PipelineDependencies {
  readonly session: ModelSession;
  readonly strategies: Readonly<Partial<Record<StrategyId, Strategy>>>;
  readonly templates: TemplateLibrary;
  readonly rubrics: Readonly<Record<RubricId, Rubric>>;
  readonly logger: Logger;
  readonly now?: () => Date;
}

export interface RunPlan {
  readonly workspaceRoot: string;
  /** Absolute path of the seed file. */
  readonly seedPath: string;
  readonly strategy: StrategyId;
  /** Candidates wanted: ones that pass every check and wait for review. */
  readonly count: number;
  readonly models: readonly string[];
  /** No judge when empty. */
  readonly judgeModels: readonly string[];
  readonly judgeAggregate?: 'mean' | 'median';
  readonly temperature: number;
  readonly maxTokens: number;
  /** `name=value` options of the strategy. */
  readonly strategyOptions: Readonly<Record<string, string>>;
  /** Tasks in flight at once (the scheduler further limits requests). */
  readonly concurrency: number;
  readonly dedupThreshold: number;
  readonly rules?: RuleConfigInput;
  readonly provider: { readonly id: string; readonly baseUrl: string };
  readonly budgetUsd?: number;
  /** Where accepted samples go; its records count as already accepted for deduplication. */
  readonly outputFile?: string;
  /** Continue this run instead of starting a new one. */
  readonly resumeRunId?: string;
  /** Fixes the run's randomness (tests, reproductions); by default it derives from the run id. */
  readonly randomSeed?: string;
}

export type StopReason = 'completed' | 'cancelled' | 'budget' | 'quota' | 'failed' | 'exhausted';

export type PipelineEvent =
  | { readonly type: 'started'; readonly runId: string; readonly runDir: string; readonly resumed: boolean; readonly target: number; readonly kept: number }
  | { readonly type: 'candidate'; readonly candidate: CandidateState }
  | { readonly type: 'progress'; readonly progress: RunProgress };

export interface RunProgress {
  readonly target: number;
  readonly kept: number;
  readonly rejected: number;
  readonly failedTasks: number;
  readonly tasks: number;
  readonly usage: Usage;
  readonly costUsd: number;
}

export interface RunReport extends RunProgress {
  readonly runId: string;
  readonly runDir: string;
  readonly status: RunStatus;
  readonly stopReason: StopReason;
  readonly message: string;
  /** Candidates rejected, per reason: rule codes, `duplicate`, `judge`, `discarded`, `surplus`. */
  readonly rejections: Readonly<Record<string, number>>;
  readonly judged: number;
  readonly judgePassed: number;
  readonly seconds: number;
  readonly seedFormat: RecordFormatId;
  /** The format the candidates are saved in (see outputFormatFor). */
  readonly outputFormat: RecordFormatId;
  readonly seedLayout: DatasetLayout;
  readonly language: TemplateLanguage;
}

export interface PipelineOptions {
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: PipelineEvent) => void;
}

/**
 * The format candidates are written in: the seed's own when it can hold them, else the
 * common one for their kind (a dialogue from Alpaca seeds is OpenAI chat, a pair is DPO).
 */
export function outputFormatFor(seedFormat: RecordFormatId, outputKind: SampleKind): RecordFormatId {
  if (RECORD_FORMATS[seedFormat].kind === outputKind) return seedFormat;
  const common: Record<SampleKind, RecordFormatId> = { chat: 'openai-chat', instruction: 'alpaca', completion: 'prompt-completion', preference: 'dpo', classification: 'classification' };
  return common[outputKind];
}

/** After this many tasks with nothing kept, the checks or the strategy do not fit the seeds. */
const HOPELESS_AFTER_TASKS = 40;

/** A task failed for good this many times in a row with nothing succeeding: the endpoint is down. */
const MAX_CONSECUTIVE_FAILURES = 5;

/** Candidate ids carry their task: `t12-0` is the first candidate of task 12. */
function candidateId(task: number, index: number): string {
  return `t${task}-${index}`;
}

function taskOf(id: string): number | undefined {
  const match = /^t(\d+)-\d+$/.exec(id);
  return match ? Number(match[1]) : undefined;
}

export interface LoadedSeeds {
  readonly seeds: SeedRecord[];
  readonly kind: SampleKind;
  readonly format: RecordFormatId;
  readonly layout: DatasetLayout;
  readonly language: Language;
  readonly skipped: number;
  /** The lines left out because they are broken (errors only), in line order. */
  readonly problems: readonly Problem[];
}

/**
 * Seeds are held whole in memory (few-shot sampling and the nearest-seed index need them
 * all), at about six times their size on disk: past this, a seed file is really a dataset.
 */
export const MAX_SEED_FILE_BYTES = 64 * 1024 * 1024;

/** Throws, saying what to do, when a seed file is too large to hold in memory. */
export async function checkSeedFileSize(seedPath: string): Promise<void> {
  const { size } = await stat(seedPath);
  if (size > MAX_SEED_FILE_BYTES) {
    throw new Error(`${seedPath} is ${Math.round(size / (1024 * 1024))} MB: seed files are read whole, so Seedling takes seeds up to ${MAX_SEED_FILE_BYTES / (1024 * 1024)} MB. Generate from a sample of it (for example its first 10,000 lines in a file of their own).`);
  }
}

/** Reads a seed file into seed records (`line:N` ids) of its dominant kind. */
export async function loadSeeds(seedPath: string): Promise<LoadedSeeds> {
  await checkSeedFileSize(seedPath);
  const dataset = await loadDataset(readDatasetFile(seedPath));
  const format = dataset.summary.dominantFormat;
  if (!format || dataset.records.length === 0) {
    throw new Error(`${seedPath} has no usable records (${dataset.summary.errors} errors): run "seedling validate" on it to see what is wrong`);
  }
  const kind = RECORD_FORMATS[format].kind;
  const seeds = dataset.records.filter((r) => r.sample.kind === kind).map((r) => ({ id: `line:${r.line}`, sample: r.sample }));
  return { seeds, kind, format, layout: dataset.summary.layout, language: dominantLanguage(seeds.map((s) => fullText(s.sample))), skipped: dataset.records.length - seeds.length, problems: dataset.problems.filter((p) => p.severity === 'error') };
}

/** The labels of classification seeds: the only ones a candidate may carry. */
export function seedLabels(loaded: LoadedSeeds): (string | number)[] {
  return [...new Set(loaded.seeds.flatMap((s) => (s.sample.kind === 'classification' ? [s.sample.label] : [])))];
}

/** The rule checks of a run: the seeds' language and labels, and the run's own settings. */
export function ruleCheckerFor(loaded: LoadedSeeds, outputFormat: RecordFormatId, rules: RuleConfigInput | undefined): RuleChecker {
  const labels = seedLabels(loaded);
  return new RuleChecker(defaultRuleConfig({ language: loaded.language, ...(labels.length > 0 ? { allowedLabels: labels } : {}), ...rules }), outputFormat);
}

/** A judge's verdict as the journal keeps it. */
export function journalVerdict(verdict: JudgeVerdict): Verdict {
  return {
    overall: verdict.overall,
    criteria: verdict.criteria.map((c) => ({ ...c })),
    critique: verdict.critique,
    models: [...verdict.models],
    agreement: verdict.agreement,
    rubric: verdict.rubric,
    passed: verdict.passed,
    disagreement: verdict.disagreement,
    ...(verdict.preferred !== undefined ? { preferred: verdict.preferred } : {}),
  };
}

/** The seed most like a candidate, by ROUGE-L of the prompts: what review diffs it against. */
class NearestSeed {
  private readonly interner = new TokenInterner();
  private readonly index = new RougeLIndex<number>();

  constructor(private readonly seeds: readonly SeedRecord[]) {
    seeds.forEach((seed, i) => {
      this.index.add(i, this.interner.internText(promptText(seed.sample)));
    });
  }

  of(generated: Generated): string | undefined {
    const best = this.index.mostSimilar(this.interner.internText(promptText(generated.sample)), 0);
    return (best ? this.seeds[best.id]?.id : undefined) ?? generated.seedIds[0];
  }
}

const JUDGE_FAILED = 'judge-failed';

/**
 * Pending candidates whose checks a crash interrupted: never checked, or waiting for a judge
 * that never answered, and not touched by the user since. Their events were only ever
 * appended, so the last verdict or flags tell where to pick up.
 */
export function unfinishedCandidates(events: readonly CandidateEvent[], states: ReadonlyMap<string, CandidateState>, judged: boolean): string[] {
  const checked = new Set<string>();
  const decided = new Set<string>();
  for (const e of events) {
    if (e.type === 'checked') checked.add(e.candidateId);
    if (e.type === 'accepted' || e.type === 'rejected' || e.type === 'reopened' || e.type === 'edited') decided.add(e.candidateId);
  }
  return [...states.values()]
    .filter((state) => state.status === 'pending' && !decided.has(state.id))
    .filter((state) => {
      if (!checked.has(state.id) || state.flags.some((f) => f.severity === 'error')) return true;
      if (state.verdict !== undefined) return !state.verdict.passed;
      return judged && !state.flags.some((f) => f.code === JUDGE_FAILED);
    })
    .map((state) => state.id);
}

export async function runGeneration(deps: PipelineDependencies, plan: RunPlan, options: PipelineOptions = {}): Promise<RunReport> {
  const locks: HeldRunLock[] = [];
  try {
    return await generate(deps, plan, options, (lock) => locks.push(lock));
  } finally {
    await Promise.all(locks.map((lock) => lock.release()));
  }
}

/** The run itself; `held` receives the run's lock, which runGeneration releases however the run ends. */
async function generate(deps: PipelineDependencies, plan: RunPlan, options: PipelineOptions, held: (lock: HeldRunLock) => void): Promise<RunReport> {
  const now = deps.now ?? ((): Date => new Date());
  const started = Date.now();
  const strategy = deps.strategies[plan.strategy];
  if (!strategy) throw new Error(`the strategy "${plan.strategy}" is not available`);
  const loaded = await loadSeeds(plan.seedPath);
  const unsupported = strategy.unsupportedKind(loaded.kind);
  if (unsupported !== undefined) throw new Error(`${strategy.label} cannot work from ${loaded.kind} seeds: ${unsupported}`);
  if (loaded.skipped > 0) deps.logger.warn(`${loaded.skipped} seed records are of another kind than the file's ${loaded.kind} records and are not used`);
  const strategyOptions = resolveOptions(strategy, plan.strategyOptions);
  const language = templateLanguageFor(loaded.language);
  const seedSha = await sha256File(plan.seedPath);
  const seedRelative = isAbsolute(plan.seedPath) ? relative(plan.workspaceRoot, plan.seedPath) || plan.seedPath : plan.seedPath;

  // ---- the run: a new one, or the one to resume -------------------------------------
  let manifest: RunManifest;
  let runDir: string;
  const resumed = plan.resumeRunId !== undefined;
  if (plan.resumeRunId !== undefined) {
    runDir = runDirectory(plan.workspaceRoot, plan.resumeRunId);
    const read = await readRunManifest(runDir);
    if (!read.ok) throw new Error(`run ${plan.resumeRunId} cannot be resumed: ${read.message}`);
    // Refused while another process still generates the run; an interrupted run's lock is taken over.
    held(await holdRunLock(runDir, plan.resumeRunId));
    manifest = read.manifest;
    if (manifest.seed.sha256 !== seedSha) deps.logger.warn(`the seed file changed since run ${manifest.id} started; the run continues with the file as it is now`);
    manifest = await writeRunManifest(runDir, { ...manifest, status: 'running', updatedAt: now().toISOString() });
  } else {
    const at = now();
    const id = createRunId(at);
    runDir = runDirectory(plan.workspaceRoot, id);
    manifest = {
      version: 1,
      id,
      createdAt: at.toISOString(),
      updatedAt: at.toISOString(),
      status: 'running',
      seed: { path: seedRelative.split('\\').join('/'), sha256: seedSha, format: loaded.format, records: loaded.seeds.length },
      config: {
        strategy: plan.strategy,
        count: plan.count,
        temperature: plan.temperature,
        options: {
          strategy: strategyOptions,
          maxTokens: plan.maxTokens,
          dedupThreshold: plan.dedupThreshold,
          judgeAggregate: plan.judgeAggregate ?? 'mean',
          language,
          randomSeed: plan.randomSeed ?? id,
          ...(plan.outputFile !== undefined ? { outputFile: plan.outputFile } : {}),
          ...(plan.rules ? { rules: plan.rules } : {}),
        },
      },
      provider: { id: plan.provider.id, baseUrl: redactBaseUrl(plan.provider.baseUrl), models: { generator: [...plan.models], judge: [...plan.judgeModels] } },
      templates: {},
      counts: { generated: 0, accepted: 0, rejected: 0, pending: 0, saved: 0, failed: 0 },
      usage: { requests: 0, promptTokens: 0, completionTokens: 0 },
      cost: { usd: 0, ...(plan.budgetUsd !== undefined ? { budgetUsd: plan.budgetUsd } : {}) },
      timestamps: { started: at.toISOString() },
    };
    // The lock before the manifest: no reader ever sees a "running" run without its lock.
    held(await holdRunLock(runDir, id));
    manifest = await writeRunManifest(runDir, manifest);
  }
  const storedSeed = manifest.config.options['randomSeed'];
  const runSeed = typeof storedSeed === 'string' ? storedSeed : manifest.id;
  const target = resumed ? manifest.config.count : plan.count;

  // ---- what the journal already holds ------------------------------------------------
  const history = await readJournal(runDir);
  for (const problem of history.problems) deps.logger.warn(`${runDir}/candidates.jsonl:${problem.line}: ${problem.message}`);
  const states = reduceEvents(history.events);
  const doneTasks = new Set<number>();
  for (const event of history.events) {
    if (event.type !== 'generated') continue;
    const task = taskOf(event.candidateId);
    if (task !== undefined) doneTasks.add(task);
  }
  const journal = await CandidateJournal.open(runDir);

  // ---- checks --------------------------------------------------------------------------
  const labels = seedLabels(loaded);
  const outputFormat = outputFormatFor(loaded.format, strategy.outputKind(loaded.kind));
  const rules = ruleCheckerFor(loaded, outputFormat, plan.rules);
  const duplicates = new NearDuplicateFilter(plan.dedupThreshold);
  const noveltyText = strategy.novelty === 'full' ? fullText : promptText;
  for (const seed of loaded.seeds) duplicates.add({ id: `seed:${seed.id}`, source: 'seed', label: `seed ${seed.id.replace(':', ' ')}` }, noveltyText(seed.sample));
  if (plan.outputFile !== undefined && (await stat(plan.outputFile).then((s) => s.isFile(), () => false))) {
    const accepted = await loadDataset(readDatasetFile(plan.outputFile, { keepText: false }));
    for (const record of accepted.records) duplicates.add({ id: `output:${record.line}`, source: 'accepted', label: `${relative(plan.workspaceRoot, plan.outputFile)}:${record.line}` }, noveltyText(record.sample));
  }
  // A resumed run keeps the models it started with.
  const generatorModels = resumed ? manifest.provider.models.generator : plan.models;
  const judgeModels = resumed ? manifest.provider.models.judge : plan.judgeModels;
  // Candidates a crash caught between generation and the end of their checks: finished below, not kept as they are.
  const unfinished = new Set(unfinishedCandidates(history.events, states, judgeModels.length > 0));
  const isKept = (state: CandidateState): boolean => (state.status === 'pending' || state.status === 'accepted') && !unfinished.has(state.id);
  for (const state of states.values()) {
    if (isKept(state)) duplicates.add({ id: state.id, source: 'run', label: `candidate ${state.id}` }, noveltyText(state.sample));
  }
  const judge = judgeModels.length > 0 ? new Judge(deps.session.client, deps.templates, deps.rubrics) : undefined;
  const nearest = new NearestSeed(loaded.seeds);
  const references = loaded.seeds.slice(0, 3).map((s) => s.sample);

  // ---- bookkeeping --------------------------------------------------------------------
  const kept: SeedRecord[] = [...states.values()].filter(isKept).map((s) => ({ id: s.id, sample: s.sample }));
  const pool: GenerationPool = { kept: () => kept };
  let reserved = 0;
  let tasksRun = 0;
  let failedTasks = 0;
  let consecutiveFailures = 0;
  const usage = { promptTokens: 0, completionTokens: 0 };
  let requests = manifest.usage.requests;
  const startCost = deps.session.costMeter.spentUsd;
  const rejections: Record<string, number> = {};
  let judged = 0;
  let judgePassed = 0;
  const templateHashes: Record<string, string> = { ...manifest.templates };
  let stopReason: StopReason | undefined;
  let stopMessage = '';

  const keptCount = (): number => kept.length;
  const stop = (reason: StopReason, message: string): void => {
    if (stopReason === undefined) {
      stopReason = reason;
      stopMessage = message;
      deps.logger.info(`run ${manifest.id}: stopping (${reason}): ${message}`);
    }
  };
  /** Stops the run when `error` is the user's cancel, the spent budget or the endpoint's spent quota; false for any other error. */
  const stopOnLlmLimit = (error: unknown): boolean => {
    if (!(error instanceof LlmError)) return false;
    if (error.reason === 'cancelled') stop('cancelled', 'the run was cancelled; what finished is kept, and the run can be resumed');
    else if (error.reason === 'budget') stop('budget', error.message);
    else if (error.reason === 'quota') stop('quota', `${error.message} The run is paused and can be resumed.`);
    else return false;
    return true;
  };
  const progress = (): RunProgress => ({
    target,
    kept: keptCount(),
    rejected: [...states.values()].filter((s) => s.status === 'rejected').length,
    failedTasks,
    tasks: tasksRun,
    usage: { ...usage },
    costUsd: deps.session.costMeter.spentUsd - startCost + manifest.cost.usd,
  });
  const emit = (event: PipelineEvent): void => {
    try {
      options.onEvent?.(event);
    } catch (error: unknown) {
      deps.logger.warn(`a run listener failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const event = <T extends CandidateEventType>(type: T, id: string, payload: CandidateEventPayload<T>): CandidateEvent => makeEvent(type, id, payload, now());
  /** Journals events with one write, so a crash keeps all of them or none. */
  const recordAll = async (events: readonly CandidateEvent[]): Promise<void> => {
    await journal.append(events);
    for (const applied of events) {
      const state = applyEvent(states, applied);
      if (state) emit({ type: 'candidate', candidate: state });
    }
  };
  const record = <T extends CandidateEventType>(type: T, id: string, payload: CandidateEventPayload<T>): Promise<void> => recordAll([event(type, id, payload)]);
  const rejection = (id: string, by: 'rule' | 'dedup' | 'judge' | 'surplus', reason: string, key: string): CandidateEvent => {
    rejections[key] = (rejections[key] ?? 0) + 1;
    return event('rejected', id, { by, reason });
  };

  const context: StrategyContext = {
    client: deps.session.client,
    templates: deps.templates,
    seeds: loaded.seeds,
    seedKind: loaded.kind,
    language,
    models: generatorModels,
    judgeModel: judgeModels[0] ?? generatorModels[0] ?? '',
    temperature: resumed ? (manifest.config.temperature ?? plan.temperature) : plan.temperature,
    maxTokens: plan.maxTokens,
    options: strategyOptions,
    pool,
    ...(options.signal ? { signal: options.signal } : {}),
  };

  /** The journal lines of a task's candidate as generated (and rejected at once, when its strategy discarded it). */
  const generatedEvents = (id: string, generated: Generated, provenanceUsage: Usage, result: { models: readonly string[]; templateHashes: readonly string[]; requestKeys: readonly string[] }): CandidateEvent[] => {
    const nearestSeedId = generated.nearestSeedId ?? nearest.of(generated);
    const events = [
      event('generated', id, {
        sample: generated.sample,
        provenance: {
          strategy: strategy.id,
          models: [...result.models],
          templateHash: result.templateHashes.join('+') || 'none',
          seedIds: [...generated.seedIds],
          at: now().toISOString(),
          usage: provenanceUsage,
          requestKeys: [...result.requestKeys],
        },
        ...(nearestSeedId !== undefined ? { nearestSeedId } : {}),
      }),
    ];
    if (generated.discardedBecause !== undefined) {
      events.push(event('checked', id, { flags: [{ code: 'discarded', severity: 'error', message: generated.discardedBecause }] }), rejection(id, 'rule', generated.discardedBecause, 'discarded'));
    }
    return events;
  };

  /** Rule checks, near-duplicates, the target and the judge, for a journaled candidate. */
  const checkCandidate = async (id: string, sample: Sample): Promise<void> => {
    const flags: Flag[] = rules.check(sample).map((f) => ({ code: f.code, severity: f.severity, message: f.message }));
    const error = flags.find((f) => f.severity === 'error');
    if (error) {
      await recordAll([event('checked', id, { flags }), rejection(id, 'rule', error.message, error.code)]);
      return;
    }
    const duplicate = duplicates.check(noveltyText(sample));
    if (duplicate) {
      flags.push({ code: 'duplicate', severity: 'error', message: duplicate.message, otherId: duplicate.other.id });
      await recordAll([event('checked', id, { flags }), rejection(id, 'dedup', duplicate.message, 'duplicate')]);
      return;
    }
    if (keptCount() + reserved >= target) {
      await recordAll([event('checked', id, { flags }), rejection(id, 'surplus', `not needed: the run already has the ${target} candidates it was asked for`, 'surplus')]);
      return;
    }
    // Counted in from here, so concurrent judging cannot take the run past its target.
    duplicates.add({ id, source: 'run', label: `candidate ${id}` }, noveltyText(sample));
    reserved++;
    try {
      await record('checked', id, { flags });
      if (judge) {
        let verdict: JudgeVerdict;
        try {
          const outcome = await judge.judge(sample, { models: judgeModels, aggregate: plan.judgeAggregate ?? 'mean', references, ...(labels.length > 0 ? { allowedLabels: labels } : {}), ...(options.signal ? { signal: options.signal } : {}) });
          verdict = outcome.verdict;
          usage.promptTokens += outcome.usage.promptTokens;
          usage.completionTokens += outcome.usage.completionTokens;
          requests += outcome.requestKeys.length;
          templateHashes['judge'] = outcome.templateHash;
        } catch (judgeError: unknown) {
          if (judgeError instanceof LlmError && (judgeError.reason === 'budget' || judgeError.reason === 'quota' || judgeError.reason === 'cancelled')) throw judgeError;
          const message = `not judged: ${judgeError instanceof Error ? judgeError.message : String(judgeError)}`;
          // The run promises candidates that passed the judge: an unjudged one is set aside
          // (review can still accept it) and another is generated in its place.
          await recordAll([event('checked', id, { flags: [...flags, { code: JUDGE_FAILED, severity: 'warning', message }] }), rejection(id, 'judge', message, 'not judged')]);
          return;
        }
        judged++;
        if (!verdict.passed) {
          const weakest = [...verdict.criteria].sort((a, b) => a.score - b.score)[0];
          await recordAll([event('judged', id, { verdict: journalVerdict(verdict) }), rejection(id, 'judge', `judged ${verdict.overall}/5${weakest ? `, weakest: ${weakest.name} ${weakest.score} (${weakest.reason})` : ''}`, 'judge')]);
          return;
        }
        await record('judged', id, { verdict: journalVerdict(verdict) });
        judgePassed++;
      }
      kept.push({ id, sample });
    } finally {
      reserved--;
    }
  };

  /** Finishes a candidate a crash left half-checked: what the journal decided stands, the rest runs again (cached answers cost nothing). */
  const finishCandidate = async (id: string): Promise<void> => {
    const state = states.get(id);
    if (state === undefined) return;
    const error = state.flags.find((f) => f.severity === 'error');
    if (error) {
      await recordAll([rejection(id, error.code === 'duplicate' ? 'dedup' : 'rule', error.message, error.code)]);
      return;
    }
    if (state.verdict !== undefined && !state.verdict.passed) {
      await recordAll([rejection(id, 'judge', `judged ${state.verdict.overall}/5`, 'judge')]);
      return;
    }
    try {
      await checkCandidate(id, state.sample);
    } catch (error: unknown) {
      if (stopOnLlmLimit(error)) return;
      throw error;
    }
  };

  const runTask = async (task: number): Promise<void> => {
    tasksRun++;
    let result;
    try {
      result = await strategy.run(context, { index: task, random: new SeededRandom(runSeed, task) });
    } catch (error: unknown) {
      if (stopOnLlmLimit(error)) return;
      failedTasks++;
      consecutiveFailures++;
      const message = error instanceof Error ? error.message : String(error);
      deps.logger.warn(`run ${manifest.id}, task ${task} failed: ${message}`);
      await journal.append(makeEvent('failed', candidateId(task, 0), { error: message, retryable: error instanceof LlmError && error.retryable }, now()));
      if (consecutiveFailures >= MAX_CONSECUTIVE_FAILURES) stop('failed', `${MAX_CONSECUTIVE_FAILURES} tasks in a row failed; the last: ${message}`);
      return;
    }
    consecutiveFailures = 0;
    usage.promptTokens += result.usage.promptTokens;
    usage.completionTokens += result.usage.completionTokens;
    requests += result.requestKeys.length;
    result.templateHashes.forEach((hash, i) => {
      templateHashes[`${strategy.id}${i === 0 ? '' : `-${i + 1}`}`] = hash;
    });
    // The task's cost is booked once, on its first candidate, so sums stay right. All its
    // candidates are journaled with one write: a resumed run skips the task, so a crash
    // must not keep only some of them.
    const candidates = result.candidates.map((generated, k) => ({ id: candidateId(task, k), generated }));
    await recordAll(candidates.flatMap(({ id, generated }, k) => generatedEvents(id, generated, k === 0 ? result.usage : { promptTokens: 0, completionTokens: 0 }, result)));
    try {
      for (const { id, generated } of candidates) {
        if (generated.discardedBecause === undefined) await checkCandidate(id, generated.sample);
      }
    } catch (error: unknown) {
      if (stopOnLlmLimit(error)) return;
      throw error;
    }
    emit({ type: 'progress', progress: progress() });
  };

  emit({ type: 'started', runId: manifest.id, runDir, resumed, target, kept: keptCount() });
  // A hard cap for a pass rate so low the run would not end otherwise (2% of the expected yield).
  const maxTask = Math.max(...doneTasks, -1) + HOPELESS_AFTER_TASKS + Math.ceil((target / Math.max(0.1, strategy.expectedYield)) * 50);
  const keptAtStart = keptCount();
  const inFlight = new Set<Promise<void>>();
  let next = 0;
  let fatal: unknown;
  try {
    if (unfinished.size > 0) {
      deps.logger.info(`run ${manifest.id}: finishing the checks of ${unfinished.size} candidates a stop interrupted`);
      await Promise.all([...unfinished].map((id) => finishCandidate(id).catch((error: unknown) => {
        fatal ??= error;
        stop('failed', error instanceof Error ? error.message : String(error));
      })));
    }
    for (;;) {
      if (options.signal?.aborted === true) stop('cancelled', 'the run was cancelled; what finished is kept, and the run can be resumed');
      while (stopReason === undefined && inFlight.size < plan.concurrency && keptCount() + reserved + inFlight.size * strategy.expectedYield < target) {
        while (doneTasks.has(next)) next++;
        if (next > maxTask || (tasksRun >= HOPELESS_AFTER_TASKS && keptCount() === keptAtStart)) {
          if (inFlight.size === 0) stop('exhausted', `after ${tasksRun} tasks only ${keptCount()} of ${target} candidates passed the checks; look at the rejection reasons, loosen the checks or change the strategy`);
          break;
        }
        const task = next++;
        const running: Promise<void> = runTask(task).catch((error: unknown) => {
          fatal ??= error;
          stop('failed', error instanceof Error ? error.message : String(error));
        });
        inFlight.add(running);
        void running.finally(() => inFlight.delete(running));
      }
      if (inFlight.size === 0) {
        if (stopReason === undefined && keptCount() >= target) stop('completed', `${keptCount()} candidates ready for review`);
        if (stopReason === undefined) continue;
        break;
      }
      await Promise.race(inFlight);
    }
  } finally {
    await Promise.allSettled([...inFlight]);
    await journal.close();
  }
  if (fatal !== undefined && !(fatal instanceof LlmError)) throw fatal instanceof Error ? fatal : new Error('the run failed with a value that is not an Error');

  // ---- the run's record -------------------------------------------------------------
  const final = progress();
  const counts = runCounts(states);
  const reason = stopReason;
  const status: RunStatus = reason === 'completed' ? 'completed' : reason === 'cancelled' ? 'cancelled' : reason === 'failed' ? 'failed' : 'paused';
  const finishedAt = now().toISOString();
  await writeRunManifest(runDir, {
    ...manifest,
    updatedAt: finishedAt,
    status,
    templates: templateHashes,
    counts,
    usage: { requests, promptTokens: manifest.usage.promptTokens + usage.promptTokens, completionTokens: manifest.usage.completionTokens + usage.completionTokens },
    cost: { ...manifest.cost, usd: final.costUsd },
    timestamps: { ...manifest.timestamps, ...(status === 'completed' ? { finished: finishedAt } : {}) },
  });
  emit({ type: 'progress', progress: final });
  return {
    ...final,
    runId: manifest.id,
    runDir,
    status,
    stopReason: reason,
    message: stopMessage,
    rejections,
    judged,
    judgePassed,
    seconds: (Date.now() - started) / 1000,
    seedFormat: loaded.format,
    outputFormat,
    seedLayout: loaded.layout,
    language,
  };
}
