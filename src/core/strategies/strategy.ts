// What every generation strategy is: given seeds and one task (a number, which fixes its
// randomness), produce candidate samples with their provenance. The pipeline runs tasks,
// checks, judges and deduplicates what comes out, and journals everything.
import type { LlmClient, Usage } from '../llm/llmClient';
import type { Sample, SampleKind } from '../model/sample';
import type { TemplateLanguage, TemplateLibrary } from '../prompts/promptTemplate';
import type { SeededRandom } from '../random';

export const STRATEGY_IDS = ['self-instruct', 'evol-instruct', 'distillation', 'augmentation', 'multi-turn', 'preference', 'classification', 'mixture-of-agents'] as const;
export type StrategyId = (typeof STRATEGY_IDS)[number];

export function isStrategyId(value: string): value is StrategyId {
  return (STRATEGY_IDS as readonly string[]).includes(value);
}

/** A seed record with the id provenance refers to (`line:12`). */
export interface SeedRecord {
  readonly id: string;
  readonly sample: Sample;
}

/** Samples kept so far in the run, which some strategies draw on (Self-Instruct's pool). */
export interface GenerationPool {
  /** Kept candidates so far (passed every check), oldest first. */
  kept(): readonly SeedRecord[];
}

export type StrategyOptionValue = string | number | boolean;

export interface StrategyContext {
  readonly client: LlmClient;
  readonly templates: TemplateLibrary;
  readonly seeds: readonly SeedRecord[];
  readonly seedKind: SampleKind;
  readonly language: TemplateLanguage;
  /** Generator models; the first is the main one. Mixture-of-agents proposes with all of them. */
  readonly models: readonly string[];
  /** Judge model, for strategies that check their own output (labels, pairwise preference). */
  readonly judgeModel: string;
  readonly temperature: number;
  readonly maxTokens: number;
  /** Strategy-specific options (`--option name=value`), already validated by the strategy. */
  readonly options: Readonly<Record<string, StrategyOptionValue>>;
  readonly pool: GenerationPool;
  readonly signal?: AbortSignal;
}

export interface GenerationTask {
  readonly index: number;
  readonly random: SeededRandom;
}

/** One candidate and where it came from. */
export interface Generated {
  readonly sample: Sample;
  readonly seedIds: readonly string[];
  /** The seed to show it against in review (the one it derives from most directly). */
  readonly nearestSeedId?: string;
  /**
   * Set when the strategy itself found the candidate unusable (a failed evolution, a label
   * the judge did not confirm): it is journaled and rejected with this reason.
   */
  readonly discardedBecause?: string;
}

/** What one task produced, with what it cost. */
export interface TaskResult {
  readonly candidates: readonly Generated[];
  readonly usage: Usage;
  readonly costUsd: number;
  readonly requestKeys: readonly string[];
  readonly models: readonly string[];
  readonly templateHashes: readonly string[];
}

export interface StrategyOptionSpec {
  readonly name: string;
  /** One line each, for the Generate panel and `--help`. */
  readonly description: { readonly en: string; readonly zh: string };
  readonly default: StrategyOptionValue;
  /** Allowed values, for an option that is a choice. */
  readonly choices?: readonly string[];
}

export interface Strategy {
  readonly id: StrategyId;
  readonly label: string;
  /** One line each, for the Generate panel and `--help`. */
  readonly description: { readonly en: string; readonly zh: string };
  readonly options: readonly StrategyOptionSpec[];
  /** Undefined when the strategy can work from seeds of this kind, else why not. */
  unsupportedKind(kind: SampleKind): string | undefined;
  /** The kind of the samples it produces from seeds of `kind`. */
  outputKind(kind: SampleKind): SampleKind;
  /** Candidates a task yields on average, to plan how many tasks a run needs. */
  readonly expectedYield: number;
  /**
   * What makes its candidates new, for the near-duplicate filter: a new prompt (the default),
   * or new answers to known prompts ('full': distillation and the like reuse seed prompts).
   */
  readonly novelty?: 'prompt' | 'full';
  /** Model requests a task sends (for cost estimates); 1 when not given. */
  requestsPerTask?(options: Readonly<Record<string, StrategyOptionValue>>, models: readonly string[]): number;
  run(context: StrategyContext, task: GenerationTask): Promise<TaskResult>;
}

/** Adds up what several model calls of one task cost. */
export class TaskMeter {
  private readonly usage = { promptTokens: 0, completionTokens: 0 };
  private cost = 0;
  private readonly keys: string[] = [];
  private readonly models = new Set<string>();
  private readonly templates = new Set<string>();

  add(result: { usage: Usage; costUsd: number; requestKeys: readonly string[] }, model: string, templateHash?: string): void {
    this.usage.promptTokens += result.usage.promptTokens;
    this.usage.completionTokens += result.usage.completionTokens;
    this.cost += result.costUsd;
    this.keys.push(...result.requestKeys);
    this.models.add(model);
    if (templateHash !== undefined) this.templates.add(templateHash);
  }

  result(candidates: readonly Generated[]): TaskResult {
    return { candidates, usage: { ...this.usage }, costUsd: this.cost, requestKeys: [...this.keys], models: [...this.models], templateHashes: [...this.templates] };
  }
}

/** Reads a validated option value. */
export function optionNumber(context: StrategyContext, name: string): number {
  const value = context.options[name];
  if (typeof value !== 'number') throw new Error(`the option "${name}" is not a number`);
  return value;
}

export function optionString(context: StrategyContext, name: string): string {
  const value = context.options[name];
  if (typeof value !== 'string') throw new Error(`the option "${name}" is not text`);
  return value;
}

export function optionBoolean(context: StrategyContext, name: string): boolean {
  const value = context.options[name];
  if (typeof value !== 'boolean') throw new Error(`the option "${name}" is not true or false`);
  return value;
}

/**
 * Checks `name=value` options against a strategy's specs: unknown names and wrong types
 * are errors that say what is allowed; missing ones take their defaults.
 */
export function resolveOptions(strategy: Strategy, given: Readonly<Record<string, string>>): Record<string, StrategyOptionValue> {
  const resolved: Record<string, StrategyOptionValue> = {};
  for (const name of Object.keys(given)) {
    if (!strategy.options.some((o) => o.name === name)) {
      const known = strategy.options.map((o) => o.name).join(', ') || 'none';
      throw new Error(`${strategy.label} has no option "${name}" (its options: ${known})`);
    }
  }
  for (const spec of strategy.options) {
    const raw = given[spec.name];
    if (raw === undefined) {
      resolved[spec.name] = spec.default;
      continue;
    }
    if (typeof spec.default === 'number') {
      const number = Number(raw);
      if (!Number.isFinite(number)) throw new Error(`the option "${spec.name}" takes a number, got "${raw}"`);
      resolved[spec.name] = number;
    } else if (typeof spec.default === 'boolean') {
      if (raw !== 'true' && raw !== 'false') throw new Error(`the option "${spec.name}" is true or false, got "${raw}"`);
      resolved[spec.name] = raw === 'true';
    } else {
      if (spec.choices && !spec.choices.includes(raw)) throw new Error(`the option "${spec.name}" is one of ${spec.choices.join(', ')}, got "${raw}"`);
      resolved[spec.name] = raw;
    }
  }
  return resolved;
}
