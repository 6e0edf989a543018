// The engine's one way to reach a language model. Generation, judging and fixes all go
// through this port; the OpenAI-compatible client implements it, and so could VS Code's
// Language Model API.
import type { z } from 'zod';
import type { Message } from '../model/sample';

export interface ChatRequest {
  readonly model: string;
  readonly messages: readonly Message[];
  readonly temperature?: number;
  readonly topP?: number;
  readonly maxTokens?: number;
  readonly seed?: number;
  readonly stop?: readonly string[];
  /** How many alternative answers; emulated with separate requests where a server ignores it. */
  readonly n?: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls' | 'incomplete';

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export interface ChatChoice {
  readonly text: string;
  readonly finishReason: FinishReason;
  /**
   * Cut short (length limit, content filter, a stream that ended early): never treat the
   * text as a complete answer.
   */
  readonly truncated: boolean;
}

export interface ChatResult {
  readonly choices: readonly ChatChoice[];
  readonly usage: Usage;
  readonly model: string;
  /** Served from the on-disk cache: no request was sent and nothing was paid. */
  readonly cached: boolean;
  /** Cache keys of the requests behind this result (provenance). */
  readonly requestKeys: readonly string[];
  readonly costUsd: number;
}

export interface StructuredSchema<T> {
  /** A short identifier, e.g. `judge_verdict`. */
  readonly name: string;
  readonly schema: z.ZodType<T>;
  /** The JSON Schema sent to the server (strict-mode compatible). */
  readonly jsonSchema: Readonly<Record<string, unknown>>;
}

/** How a structured answer was obtained, for the log and for provenance. */
export type StructuredMode = 'json_schema' | 'json_object' | 'instructions' | 'repaired';

export interface StructuredResult<T> {
  readonly value: T;
  readonly mode: StructuredMode;
  readonly usage: Usage;
  readonly cached: boolean;
  readonly requestKeys: readonly string[];
  readonly costUsd: number;
}

export interface EmbeddingResult {
  readonly vectors: readonly (readonly number[])[];
  readonly usage: Usage;
}

/** Per prompt token: where it starts in the text, and its log-probability (null for the first). */
export interface PromptLogprobs {
  readonly offsets: readonly number[];
  readonly logprobs: readonly (number | null)[];
}

export interface CallOptions {
  /** Cancels the call, queued or in flight. */
  readonly signal?: AbortSignal;
}

export interface LlmClient {
  chat(request: ChatRequest, options?: CallOptions): Promise<ChatResult>;
  chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>, options?: CallOptions): Promise<StructuredResult<T>>;
  embed(texts: readonly string[], model: string, options?: CallOptions): Promise<EmbeddingResult>;
  listModels(options?: CallOptions): Promise<string[]>;
}
