// The endpoint options every LLM-using command shares, and the session built from them.
// Base URL and key come from flags or the environment (the openai SDK's usual
// OPENAI_BASE_URL / OPENAI_API_KEY work); keys are never accepted as flags, so they stay
// out of shell history and process lists.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { environmentApiKeys, missingKeyMessage } from '../core/llm/apiKeys';
import { type LlmSession, openLlmSession } from '../core/llm/llmSession';
import { isProviderId, PROVIDER_IDS, PROVIDER_PRESETS, type ProviderId } from '../core/llm/providers';
import type { Logger } from '../core/logger';
import { positiveInteger, UsageError } from './cliCommand';

export const LLM_OPTIONS = {
  provider: { type: 'string' },
  'base-url': { type: 'string' },
  model: { type: 'string', multiple: true },
  'judge-model': { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  rpm: { type: 'string' },
  tpm: { type: 'string' },
  budget: { type: 'string' },
  prices: { type: 'string' },
  'cache-dir': { type: 'string' },
  'no-cache': { type: 'boolean' },
  'stall-timeout': { type: 'string' },
} as const;

export const LLM_OPTIONS_HELP = `Endpoint:
  --provider NAME        ${PROVIDER_IDS.join(', ')} (default: custom when a base URL is set, else openai)
  --base-url URL         OpenAI-compatible base URL (default: $OPENAI_BASE_URL, else the provider's)
  --model M              model that generates (default: $SEEDLING_MODEL); repeat it for
                         mixture-of-agents, whose proposers are all the models given
  --judge-model J        judge model; repeat it to let several judges vote (default: $SEEDLING_JUDGE_MODEL, else the model)
  --concurrency C        most requests in flight (default 8)
  --rpm N, --tpm N       requests / tokens per minute the endpoint allows
  --budget USD           stop cleanly once this much has been spent
  --prices FILE          JSON {"model": {"input": usd_per_million, "output": usd_per_million}}
  --cache-dir DIR        where answers are cached (default .seedling/cache); --no-cache to skip
  --stall-timeout S      abandon and retry an answer that sends nothing for S seconds (default 60)
The API key comes from the environment: the provider's variable (e.g. DEEPSEEK_API_KEY) or OPENAI_API_KEY.`;

export interface LlmOptionValues {
  readonly provider?: string | undefined;
  readonly 'base-url'?: string | undefined;
  readonly model?: string[] | undefined;
  readonly 'judge-model'?: string[] | undefined;
  readonly concurrency?: string | undefined;
  readonly rpm?: string | undefined;
  readonly tpm?: string | undefined;
  readonly budget?: string | undefined;
  readonly prices?: string | undefined;
  readonly 'cache-dir'?: string | undefined;
  readonly 'no-cache'?: boolean | undefined;
  readonly 'stall-timeout'?: string | undefined;
}

export interface EndpointChoice {
  readonly provider: ProviderId;
  readonly baseUrl: string;
  /** The first model given: the one that generates (and aggregates, for mixture-of-agents). */
  readonly model: string | undefined;
  readonly models: readonly string[];
  readonly judgeModels: readonly string[];
}

const pricesFile = z.record(z.string(), z.object({ input: z.number().nonnegative(), output: z.number().nonnegative() }));

function isLocal(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '::1' || host === '[::1]' || host.startsWith('127.');
  } catch {
    return false;
  }
}

export function endpointChoice(values: LlmOptionValues, env: NodeJS.ProcessEnv = process.env): EndpointChoice {
  const baseUrlFlag = values['base-url'] ?? env['OPENAI_BASE_URL'];
  const providerName = values.provider ?? env['SEEDLING_PROVIDER'] ?? (baseUrlFlag ? 'custom' : 'openai');
  if (!isProviderId(providerName)) throw new UsageError(`unknown provider "${providerName}"; providers are ${PROVIDER_IDS.join(', ')}`);
  const baseUrl = baseUrlFlag ?? PROVIDER_PRESETS[providerName].defaultBaseUrl;
  if (!baseUrl) throw new UsageError(`${PROVIDER_PRESETS[providerName].label} needs a base URL: pass --base-url or set OPENAI_BASE_URL`);
  const models = values.model ?? (env['SEEDLING_MODEL'] ? [env['SEEDLING_MODEL']] : []);
  const model = models[0];
  const judges = values['judge-model'] ?? (env['SEEDLING_JUDGE_MODEL'] ? [env['SEEDLING_JUDGE_MODEL']] : model ? [model] : []);
  return { provider: providerName, baseUrl, model, models, judgeModels: judges };
}

export async function openCliSession(values: LlmOptionValues, choice: EndpointChoice, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<LlmSession> {
  const apiKey = await environmentApiKeys(env).apiKey(choice.provider, choice.baseUrl);
  if (apiKey === undefined && PROVIDER_PRESETS[choice.provider].needsApiKey && !isLocal(choice.baseUrl)) {
    throw new UsageError(missingKeyMessage(choice.provider, 'cli'), false);
  }
  let prices: Record<string, { input: number; output: number }> | undefined;
  if (values.prices !== undefined) {
    try {
      prices = pricesFile.parse(JSON.parse(readFileSync(values.prices, 'utf8')));
    } catch (error: unknown) {
      throw new UsageError(`cannot read the prices in ${values.prices}: ${error instanceof Error ? error.message : String(error)}`, false);
    }
  }
  const budget = values.budget === undefined ? undefined : Number(values.budget);
  if (budget !== undefined && !(budget > 0)) throw new UsageError(`--budget must be a positive number of US dollars, got "${values.budget ?? ''}"`);
  const rpm = positiveInteger(values.rpm, '--rpm');
  const tpm = positiveInteger(values.tpm, '--tpm');
  const stallSeconds = positiveInteger(values['stall-timeout'], '--stall-timeout');
  return openLlmSession({
    provider: choice.provider,
    baseUrl: choice.baseUrl,
    ...(apiKey !== undefined ? { apiKey } : {}),
    ...(values['no-cache'] === true ? {} : { cacheDir: values['cache-dir'] ?? join(process.cwd(), '.seedling', 'cache') }),
    maxConcurrency: positiveInteger(values.concurrency, '--concurrency') ?? 8,
    ...(rpm !== undefined ? { requestsPerMinute: rpm } : {}),
    ...(tpm !== undefined ? { tokensPerMinute: tpm } : {}),
    ...(budget !== undefined ? { budgetUsd: budget } : {}),
    ...(stallSeconds !== undefined ? { stallTimeoutMs: stallSeconds * 1000 } : {}),
    ...(prices ? { prices } : {}),
    logger,
  });
}
