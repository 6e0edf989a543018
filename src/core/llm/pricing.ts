// What requests cost: a price table per model (defaults for common models, overridable in
// settings), estimates before a run, and a meter with a hard budget that stops a run
// cleanly: requests already under way finish, no new one starts.
import { LlmError } from './llmErrors';
import type { ProviderId } from './providers';

export interface ModelPrice {
  /** US dollars per million prompt tokens. */
  readonly input: number;
  /** US dollars per million completion tokens. */
  readonly output: number;
}

/**
 * List prices in USD per million tokens for common models. They change: users override
 * them with the `seedling.prices` setting (CLI: --prices FILE).
 */
export const DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = {
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1-nano': { input: 0.1, output: 0.4 },
  'gpt-5': { input: 1.25, output: 10 },
  'gpt-5-mini': { input: 0.25, output: 2 },
  'gpt-5-nano': { input: 0.05, output: 0.4 },
  o3: { input: 2, output: 8 },
  'o3-mini': { input: 1.1, output: 4.4 },
  'o4-mini': { input: 1.1, output: 4.4 },
  'deepseek-chat': { input: 0.27, output: 1.1 },
  'deepseek-reasoner': { input: 0.55, output: 2.19 },
  'qwen-max': { input: 1.6, output: 6.4 },
  'qwen-plus': { input: 0.4, output: 1.2 },
  'qwen-turbo': { input: 0.05, output: 0.2 },
  'moonshot-v1-8k': { input: 1.7, output: 1.7 },
  'moonshot-v1-32k': { input: 3.4, output: 3.4 },
  'kimi-k2': { input: 0.6, output: 2.5 },
  'llama-3.3-70b-versatile': { input: 0.59, output: 0.79 },
  'llama-3.1-8b-instant': { input: 0.05, output: 0.08 },
  'meta-llama/Llama-3.3-70B-Instruct-Turbo': { input: 0.88, output: 0.88 },
};

/** Servers on the user's own machine cost nothing per token. */
const FREE_PROVIDERS: ReadonlySet<ProviderId> = new Set(['ollama', 'lm-studio', 'vllm', 'llama-cpp']);

export class PriceTable {
  private readonly prices: ReadonlyMap<string, ModelPrice>;

  constructor(
    overrides: Readonly<Record<string, ModelPrice>> = {},
    private readonly provider?: ProviderId,
  ) {
    this.prices = new Map(Object.entries({ ...DEFAULT_PRICES, ...overrides }));
  }

  /** The price of a model: exact name, else the longest known prefix (dated snapshots), else undefined. */
  lookup(model: string): ModelPrice | undefined {
    if (this.provider !== undefined && FREE_PROVIDERS.has(this.provider)) return { input: 0, output: 0 };
    const exact = this.prices.get(model);
    if (exact) return exact;
    const bare = model.includes('/') ? model.slice(model.lastIndexOf('/') + 1) : model;
    let best: [string, ModelPrice] | undefined;
    for (const [name, price] of this.prices) {
      if ((model.startsWith(name) || bare.startsWith(name)) && (best === undefined || name.length > best[0].length)) best = [name, price];
    }
    return best?.[1];
  }

  /** Cost in USD, or undefined when the model has no known price. */
  cost(model: string, promptTokens: number, completionTokens: number): number | undefined {
    const price = this.lookup(model);
    if (!price) return undefined;
    return (promptTokens * price.input + completionTokens * price.output) / 1_000_000;
  }
}

export interface Reservation {
  readonly id: number;
  readonly usd: number;
}

/**
 * Running total of a run's spending. Each request reserves its worst case (prompt plus
 * max tokens) before it starts, so concurrent requests cannot overshoot the budget together.
 */
export class CostMeter {
  private spent = 0;
  private reserved = new Map<number, number>();
  private nextId = 1;
  private readonly unpriced = new Set<string>();

  constructor(
    private readonly prices: PriceTable,
    readonly budgetUsd?: number,
    spentUsd = 0,
  ) {
    this.spent = spentUsd;
  }

  get spentUsd(): number {
    return this.spent;
  }

  /** Models used that have no price: their cost is not counted, which the user is told. */
  get unpricedModels(): readonly string[] {
    return [...this.unpriced];
  }

  reserve(model: string, promptTokens: number, maxCompletionTokens: number): Reservation {
    const usd = this.prices.cost(model, promptTokens, maxCompletionTokens);
    if (usd === undefined) this.unpriced.add(model);
    const amount = usd ?? 0;
    if (this.budgetUsd !== undefined) {
      const committed = this.spent + [...this.reserved.values()].reduce((a, b) => a + b, 0);
      if (committed + amount > this.budgetUsd) {
        throw new LlmError(
          'budget',
          `The budget of $${this.budgetUsd.toFixed(2)} is reached ($${this.spent.toFixed(4)} spent, $${(committed - this.spent).toFixed(4)} in flight): no new request is sent. Raise the budget to continue; finished work is kept.`,
        );
      }
    }
    const id = this.nextId++;
    this.reserved.set(id, amount);
    return { id, usd: amount };
  }

  /** Books the real cost of a finished request and frees its reservation. */
  settle(reservation: Reservation, model: string, promptTokens: number, completionTokens: number): number {
    this.reserved.delete(reservation.id);
    const usd = this.prices.cost(model, promptTokens, completionTokens) ?? 0;
    this.spent += usd;
    return usd;
  }

  /** Frees a reservation whose request was never answered. */
  release(reservation: Reservation): void {
    this.reserved.delete(reservation.id);
  }
}
