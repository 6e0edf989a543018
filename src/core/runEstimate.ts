// What a run will cost, before it starts: the strategy's first prompt is rendered for real
// (through a client that records it and sends nothing), and the rest is counted from it.
import type { ChatRequest } from './llm/llmClient';
import type { PriceTable } from './llm/pricing';
import { RecordingClient } from './llm/recordingClient';
import { estimateMessageTokens } from './llm/tokenEstimate';
import { SeededRandom } from './random';
import type { Strategy, StrategyContext } from './strategies/strategy';

export interface RunEstimate {
  readonly tasks: number;
  readonly requests: number;
  readonly promptTokens: number;
  /** Completion tokens if answers use half their limit, and at most. */
  readonly completionTokens: { readonly likely: number; readonly atMost: number };
  /** US dollars, likely and at most; undefined when a model has no known price. */
  readonly costUsd: { readonly likely: number; readonly atMost: number } | undefined;
  readonly unpricedModels: readonly string[];
  /** The first request the run would send, for a dry run to show. */
  readonly firstRequest: ChatRequest | undefined;
}

/** Prompt tokens of a judge request: rubric, three reference seeds and the candidate. */
const JUDGE_PROMPT_TOKENS = 900;
const JUDGE_COMPLETION_TOKENS = 300;

export async function estimateRun(strategy: Strategy, context: Omit<StrategyContext, 'client' | 'pool'>, count: number, judgeModels: readonly string[], prices: PriceTable): Promise<RunEstimate> {
  const recorder = new RecordingClient();
  try {
    await strategy.run({ ...context, client: recorder, pool: { kept: () => [] } }, { index: 0, random: new SeededRandom('estimate', 0) });
  } catch {
    // the recorder stops the task at its first request
  }
  const first = recorder.requests[0]?.request;
  const tasks = Math.ceil(count / Math.max(0.1, strategy.expectedYield));
  const perTask = strategy.requestsPerTask?.(context.options, context.models) ?? 1;
  const generationRequests = tasks * perTask;
  const promptPerRequest = first ? estimateMessageTokens(first.messages) : 500;
  const maxTokens = first?.maxTokens ?? context.maxTokens;
  const candidates = Math.ceil(tasks * strategy.expectedYield);
  const judgeRequests = candidates * judgeModels.length;
  const promptTokens = generationRequests * promptPerRequest + judgeRequests * JUDGE_PROMPT_TOKENS;
  const atMost = generationRequests * maxTokens + judgeRequests * JUDGE_COMPLETION_TOKENS;
  const likely = Math.round(generationRequests * maxTokens * 0.5) + judgeRequests * JUDGE_COMPLETION_TOKENS;
  const unpriced = new Set<string>();
  const cost = (completionShare: number): number | undefined => {
    let total = 0;
    const generator = context.models[0] ?? '';
    const g = prices.cost(generator, generationRequests * promptPerRequest, generationRequests * maxTokens * completionShare);
    if (g === undefined) unpriced.add(generator);
    total += g ?? 0;
    for (const judge of judgeModels) {
      const j = prices.cost(judge, candidates * JUDGE_PROMPT_TOKENS, candidates * JUDGE_COMPLETION_TOKENS);
      if (j === undefined) unpriced.add(judge);
      total += j ?? 0;
    }
    return total;
  };
  const likelyCost = cost(0.5);
  const maxCost = cost(1);
  return {
    tasks,
    requests: generationRequests + judgeRequests,
    promptTokens,
    completionTokens: { likely, atMost },
    costUsd: unpriced.size > 0 || likelyCost === undefined || maxCost === undefined ? undefined : { likely: likelyCost, atMost: maxCost },
    unpricedModels: [...unpriced],
    firstRequest: first,
  };
}
