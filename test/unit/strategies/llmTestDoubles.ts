// Test doubles of the LlmClient port for the strategy tests: one that answers from a script
// with no server at all, and one that wraps a real client and rewrites or observes its replies.
import type { ChatRequest, ChatResult, LlmClient, StructuredSchema, Usage } from '../../../src/core/llm/llmClient';

/** What a scripted client answers; a kind of call the script leaves out fails, so an unexpected call shows. */
export interface ClientScript {
  /** The text of a plain chat answer. */
  readonly text?: (request: ChatRequest) => string;
  /** A structured answer, before the schema parses it (as a real client's would be). */
  readonly structured?: (request: ChatRequest, schemaName: string) => unknown;
}

/** A client that records every request it was sent, in order. */
export type RecordingClient = LlmClient & { readonly requests: ChatRequest[] };

const USAGE: Usage = { promptTokens: 10, completionTokens: 10 };

/** A client answering from `script`, with no server; tests read what it was asked from `requests`. */
export function scriptedClient(script: ClientScript): RecordingClient {
  const requests: ChatRequest[] = [];
  // A distinct key per request, so provenance looks as it does with a real client.
  const record = (request: ChatRequest): string => `k${requests.push(request)}`;
  const unscripted = (what: string): Error => new Error(`the script has no ${what} answer`);
  return {
    requests,
    async chat(request) {
      const key = record(request);
      if (!script.text) throw unscripted('text');
      return { choices: [{ text: script.text(request), finishReason: 'stop', truncated: false }], usage: USAGE, model: request.model, cached: false, requestKeys: [key], costUsd: 0 };
    },
    async chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>) {
      const key = record(request);
      if (!script.structured) throw unscripted('structured');
      return { value: schema.schema.parse(script.structured(request, schema.name)), mode: 'json_schema', usage: USAGE, cached: false, requestKeys: [key], costUsd: 0 };
    },
    async embed() {
      throw unscripted('embedding');
    },
    async listModels() {
      return [];
    },
  };
}

/** How a wrapping client changes or watches the replies of the client it wraps. */
export interface ClientRewrite {
  /** Replaces the text of every chat choice (a reasoning model's reply, say). */
  readonly text?: (text: string, request: ChatRequest) => string;
  /** Replaces a structured value; the result is parsed with the request's schema. */
  readonly structured?: (value: unknown, request: ChatRequest, schemaName: string) => unknown;
  /** Sees every chat call with the reply its caller gets (after `text`). */
  readonly onChat?: (request: ChatRequest, result: ChatResult) => void;
}

/**
 * `inner` (usually the harness's client, so requests still reach the test server and its
 * cache) with its replies rewritten; what `rewrite` leaves out passes through unchanged.
 */
export function wrappingClient(inner: LlmClient, rewrite: ClientRewrite): LlmClient {
  return {
    chat: async (request, options) => {
      const answered = await inner.chat(request, options);
      const { text } = rewrite;
      const result = text ? { ...answered, choices: answered.choices.map((c) => ({ ...c, text: text(c.text, request) })) } : answered;
      rewrite.onChat?.(request, result);
      return result;
    },
    chatStructured: async (request, schema, options) => {
      const result = await inner.chatStructured(request, schema, options);
      const { structured } = rewrite;
      return structured ? { ...result, value: schema.schema.parse(structured(result.value, request, schema.name)) } : result;
    },
    embed: (texts, model, options) => inner.embed(texts, model, options),
    listModels: (options) => inner.listModels(options),
  };
}
