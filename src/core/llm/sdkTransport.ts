// The network side of the OpenAI-compatible client: the `openai` SDK over a pool of undici
// connections. Loaded on the first request that misses the cache, not before: together they
// are most of what a process would otherwise evaluate at start (VS Code's activation, a
// re-run answered from the cache).
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AzureOpenAI } from 'openai';
import { Agent } from 'undici';
import { leanFetch } from './leanFetch';

export interface SdkConnectionOptions {
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly azure: boolean;
  readonly azureApiVersion: string;
  readonly timeoutMs: number;
  readonly maxConnections: number;
}

export interface SdkConnection {
  readonly sdk: OpenAI;
  readonly agent: Agent;
  /** The SDK's error classes, to tell a cancel, a timeout, a dead endpoint and an HTTP status apart. */
  readonly errors: {
    readonly APIUserAbortError: typeof APIUserAbortError;
    readonly APIConnectionTimeoutError: typeof APIConnectionTimeoutError;
    readonly APIConnectionError: typeof APIConnectionError;
    readonly APIError: typeof APIError;
  };
}

export function openSdkConnection(options: SdkConnectionOptions): SdkConnection {
  // A bounded pool of keep-alive connections: enough for the concurrency, no more.
  const agent = new Agent({ connections: options.maxConnections, keepAliveTimeout: 30_000, keepAliveMaxTimeout: 120_000 });
  const common = { apiKey: options.apiKey, maxRetries: 0, timeout: options.timeoutMs, fetch: leanFetch(agent) };
  const sdk = options.azure ? new AzureOpenAI({ ...common, baseURL: options.baseUrl, apiVersion: options.azureApiVersion }) : new OpenAI({ ...common, baseURL: options.baseUrl });
  return { sdk, agent, errors: { APIUserAbortError, APIConnectionTimeoutError, APIConnectionError, APIError } };
}
