// The keys Seedling's client files answers under in its on-disk cache, rebuilt from what a
// request looked like on arrival here: lets a test tell which requests it sends were
// answered from the client's cache and which of those it had already stored.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeBaseUrl } from '../../src/core/llm/openAiCompatibleClient';
import { requestKey } from '../../src/core/llm/responseCache';

interface ChatBody {
  readonly model: string;
  readonly messages: unknown;
  readonly temperature?: number;
  readonly top_p?: number;
  readonly max_tokens?: number;
  readonly max_completion_tokens?: number;
  readonly seed?: number;
  readonly stop?: unknown;
  readonly n?: number;
  readonly response_format?: unknown;
}

/** The cache key of a chat completion request body sent to the server at `serverUrl`. */
export function clientCacheKey(body: unknown, serverUrl: string): string {
  const chat = body as ChatBody;
  return requestKey({
    endpoint: normalizeBaseUrl(serverUrl),
    model: chat.model,
    messages: chat.messages,
    temperature: chat.temperature,
    topP: chat.top_p,
    maxTokens: chat.max_tokens ?? chat.max_completion_tokens,
    seed: chat.seed,
    stop: chat.stop,
    n: chat.n ?? 1,
    format: chat.response_format,
  });
}

/** The keys of the answers a workspace's cache (`.seedling/cache`) holds now. */
export function cachedKeys(workspace: string): Set<string> {
  const root = join(workspace, '.seedling', 'cache', 'responses');
  if (!existsSync(root)) return new Set();
  return new Set(readdirSync(root).flatMap((dir) => readdirSync(join(root, dir)).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length))));
}
