// Everything one run needs to talk to a model, built in one place for the CLI and the
// extension alike: scheduler, on-disk cache, learned capabilities, cost meter, client.
import { join } from 'node:path';
import type { Logger } from '../logger';
import type { LlmClient } from './llmClient';
import { CapabilityStore } from './capabilityStore';
import { OpenAiCompatibleClient } from './openAiCompatibleClient';
import { CostMeter, type ModelPrice, PriceTable } from './pricing';
import type { ProviderId } from './providers';
import { DiskResponseCache, MemoryResponseCache, type ResponseCache } from './responseCache';
import { RequestScheduler } from './scheduler';

export interface LlmSessionOptions {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  readonly apiKey?: string;
  /** `<workspace>/.seedling/cache`: answers and learned capabilities; none keeps them in memory. */
  readonly cacheDir?: string;
  readonly maxConcurrency: number;
  readonly requestsPerMinute?: number;
  readonly tokensPerMinute?: number;
  readonly budgetUsd?: number;
  /** Spending already booked (a resumed run keeps its total). */
  readonly spentUsd?: number;
  readonly prices?: Readonly<Record<string, ModelPrice>>;
  readonly retryAfterCapMs?: number;
  readonly maxAttempts?: number;
  readonly stallTimeoutMs?: number;
  readonly totalTimeoutMs?: number;
  readonly logger?: Logger;
}

/** What a run needs of a session: a client for its models and the meter its costs go on. */
export interface ModelSession {
  readonly client: LlmClient;
  readonly costMeter: CostMeter;
}

export interface LlmSession {
  readonly client: OpenAiCompatibleClient;
  readonly scheduler: RequestScheduler;
  readonly costMeter: CostMeter;
  readonly prices: PriceTable;
  readonly capabilities: CapabilityStore;
  readonly cache: ResponseCache;
  close(): Promise<void>;
}

export async function openLlmSession(options: LlmSessionOptions): Promise<LlmSession> {
  const scheduler = new RequestScheduler({
    maxConcurrency: options.maxConcurrency,
    ...(options.requestsPerMinute !== undefined ? { requestsPerMinute: options.requestsPerMinute } : {}),
    ...(options.tokensPerMinute !== undefined ? { tokensPerMinute: options.tokensPerMinute } : {}),
    ...(options.retryAfterCapMs !== undefined ? { retryAfterCapMs: options.retryAfterCapMs } : {}),
    ...(options.maxAttempts !== undefined ? { maxAttempts: options.maxAttempts } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const capabilities = options.cacheDir !== undefined ? await CapabilityStore.load(join(options.cacheDir, 'capabilities.json')) : new CapabilityStore();
  const cache = options.cacheDir !== undefined ? new DiskResponseCache(join(options.cacheDir, 'responses')) : new MemoryResponseCache();
  const prices = new PriceTable(options.prices ?? {}, options.provider);
  const costMeter = new CostMeter(prices, options.budgetUsd, options.spentUsd ?? 0);
  const client = new OpenAiCompatibleClient({
    provider: options.provider,
    baseUrl: options.baseUrl,
    ...(options.apiKey !== undefined ? { apiKey: options.apiKey } : {}),
    scheduler,
    cache,
    costMeter,
    capabilityStore: capabilities,
    maxConnections: options.maxConcurrency,
    ...(options.stallTimeoutMs !== undefined ? { stallTimeoutMs: options.stallTimeoutMs } : {}),
    ...(options.totalTimeoutMs !== undefined ? { totalTimeoutMs: options.totalTimeoutMs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return {
    client,
    scheduler,
    costMeter,
    prices,
    capabilities,
    cache,
    close: async () => {
      await capabilities.flush();
      await client.close();
    },
  };
}
