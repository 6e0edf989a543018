// The LlmClient over any OpenAI-compatible endpoint, through the official `openai` SDK.
// Every chat is streamed, so a stalled connection is noticed within seconds; answers are
// cached by request, paid for through the cost meter and paced by the scheduler. The SDK's
// own retries are off: the scheduler owns retrying.
import type { ChatCompletionChunk, ChatCompletionCreateParamsStreaming, ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Logger } from '../logger';
import type { Message } from '../model/sample';
import type { CapabilityStore } from './capabilityStore';
import type { CallOptions, ChatChoice, PromptLogprobs, ChatRequest, ChatResult, EmbeddingResult, FinishReason, LlmClient, StructuredMode, StructuredResult, StructuredSchema, Usage } from './llmClient';
import { errorForStatus, LlmError, parseRetryAfter, redactSecrets } from './llmErrors';
import type { SdkConnection } from './sdkTransport';
import type { CostMeter } from './pricing';
import { PROVIDER_PRESETS, type ProviderCapabilities, type ProviderId } from './providers';
import { type CachedChat, requestKey, type ResponseCache } from './responseCache';
import { readServerSentEvents } from './serverSentEvents';
import type { RequestScheduler } from './scheduler';
import { jsonInstruction, parseStructured, repairInstruction } from './structuredOutput';
import { estimateMessageTokens, estimateTokens } from './tokenEstimate';

export interface OpenAiCompatibleClientOptions {
  readonly provider: ProviderId;
  /** Empty: the provider's default. */
  readonly baseUrl: string;
  readonly apiKey?: string;
  readonly scheduler: RequestScheduler;
  readonly cache?: ResponseCache;
  readonly costMeter?: CostMeter;
  readonly capabilityStore?: CapabilityStore;
  readonly logger?: Logger;
  /** No byte from a streaming answer for this long: the attempt is abandoned (retryable). */
  readonly stallTimeoutMs?: number;
  /** One attempt may take at most this long. */
  readonly totalTimeoutMs?: number;
  /** Keep-alive connections to the endpoint at most. */
  readonly maxConnections?: number;
  /** Azure OpenAI's api-version. */
  readonly azureApiVersion?: string;
  /** Completion tokens assumed when a request sets no max_tokens (for budgets). */
  readonly defaultMaxTokens?: number;
}

export interface ProbeReport {
  readonly endpoint: string;
  readonly model: string;
  /** What the endpoint lists, when it has a model list. */
  readonly models: readonly string[] | undefined;
  readonly modelListed: boolean | undefined;
  readonly capabilities: ProviderCapabilities;
  readonly latencyMs: number;
}

const DEFAULT_STALL_MS = 60_000;
const DEFAULT_TOTAL_MS = 600_000;

/** The base URL without credentials, query or trailing slash: part of every cache key. */
export function normalizeBaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = '';
    parsed.password = '';
    parsed.search = '';
    parsed.hash = '';
    return parsed.toString().replace(/\/+$/, '');
  } catch {
    return url.replace(/\/+$/, '');
  }
}

function toWireMessages(messages: readonly Message[]): ChatCompletionMessageParam[] {
  return messages.map((m): ChatCompletionMessageParam => {
    switch (m.role) {
      case 'system':
        return { role: 'system', content: m.content };
      case 'user':
        return { role: 'user', content: m.content };
      case 'assistant':
        return { role: 'assistant', content: m.content };
      case 'tool':
        // Seedling never sends tool calls; a tool result in a seed is passed as user context.
        return { role: 'user', content: m.content };
    }
  });
}

function finishReasonOf(value: string | null | undefined): FinishReason {
  switch (value) {
    case 'stop':
    case 'length':
    case 'content_filter':
    case 'tool_calls':
      return value;
    case 'function_call':
      return 'tool_calls';
    default:
      return 'incomplete';
  }
}

function isUnsupportedResponseFormat(error: LlmError): boolean {
  return error.reason === 'bad-request' && /response_format|json_schema|json_object|structured|not supported|unavailable|must contain the word/i.test(error.message);
}

type ResponseFormat = ChatCompletionCreateParamsStreaming['response_format'];

export class OpenAiCompatibleClient implements LlmClient {
  readonly baseUrl: string;
  /** The SDK and its connection pool, loaded with the first request that goes out. */
  private connection: Promise<SdkConnection> | undefined;
  private connected: SdkConnection | undefined;
  private readonly preset;
  private readonly stallMs: number;
  private readonly totalMs: number;

  constructor(private readonly options: OpenAiCompatibleClientOptions) {
    this.preset = PROVIDER_PRESETS[options.provider];
    this.baseUrl = normalizeBaseUrl(options.baseUrl || this.preset.defaultBaseUrl);
    if (!this.baseUrl) throw new LlmError('bad-request', `${this.preset.label} needs a base URL: set it in the settings (seedling.baseUrl) or with --base-url.`);
    this.stallMs = options.stallTimeoutMs ?? DEFAULT_STALL_MS;
    this.totalMs = options.totalTimeoutMs ?? DEFAULT_TOTAL_MS;
  }

  private get sdk(): Promise<SdkConnection['sdk']> {
    this.connection ??= import('./sdkTransport').then(({ openSdkConnection }) => {
      this.connected = openSdkConnection({
        baseUrl: this.baseUrl,
        apiKey: this.options.apiKey ?? 'no-key',
        azure: this.options.provider === 'azure-openai',
        azureApiVersion: this.options.azureApiVersion ?? '2024-10-21',
        timeoutMs: this.totalMs,
        maxConnections: this.options.maxConnections ?? 64,
      });
      return this.connected;
    });
    return this.connection.then((connection) => connection.sdk);
  }

  /** Closes the connection pool (the process can then exit). */
  async close(): Promise<void> {
    if (this.connection) await (await this.connection).agent.close();
  }

  capabilities(model: string): ProviderCapabilities {
    return { ...this.preset.capabilities, ...this.options.capabilityStore?.get(this.baseUrl, model) };
  }

  /**
   * Finds out cheaply what the endpoint supports for a model (one tiny request, two at most)
   * and remembers it: the models it lists, structured output, n. Used by "Test connection".
   */
  async probe(model: string, options: CallOptions = {}): Promise<ProbeReport> {
    const started = Date.now();
    let models: string[] | undefined;
    try {
      models = await this.listModels(options);
    } catch (error: unknown) {
      // Some servers have no /models; only a refused key or a dead endpoint ends the probe.
      if (error instanceof LlmError && (error.reason === 'auth' || error.reason === 'connection' || error.reason === 'cancelled')) throw error;
    }
    const request: ChatRequest = { model, messages: [{ role: 'user', content: 'Reply with the JSON object {"ok": true}.' }], maxTokens: 20, temperature: 0, n: 2 };
    const schema = { type: 'json_schema' as const, json_schema: { name: 'probe', schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false }, strict: true } };
    let jsonSchema = true;
    let answer: ChatResult;
    try {
      answer = await this.chatOnce(request, schema, options);
    } catch (error: unknown) {
      if (!(error instanceof LlmError) || !isUnsupportedResponseFormat(error)) throw error;
      jsonSchema = false;
      answer = await this.chatOnce(request, undefined, options);
    }
    this.options.capabilityStore?.set(this.baseUrl, model, { jsonSchema, honoursN: answer.choices.length >= 2 });
    return { endpoint: this.baseUrl, model, models, modelListed: models?.includes(model), capabilities: this.capabilities(model), latencyMs: Date.now() - started };
  }

  /**
   * Log-probabilities of every token of a text as a prompt (legacy completions with echo),
   * which vLLM returns and most hosted APIs do not: what IFD scores are made of.
   */
  async promptLogprobs(model: string, text: string, options: CallOptions = {}): Promise<PromptLogprobs> {
    const unavailable = (why: string): LlmError =>
      new LlmError('unsupported', `IFD scores need the log-probabilities of prompt tokens, which ${this.baseUrl} does not return (${why}). vLLM returns them: serve the model with vLLM and point Seedling at it.`, { endpoint: this.baseUrl });
    if (!this.capabilities(model).promptLogprobs) throw unavailable(`${this.preset.label} has no such option`);
    const response = await this.options.scheduler.run(async ({ signal }) => {
      try {
        return await (await this.sdk).completions.create({ model, prompt: text, max_tokens: 1, echo: true, logprobs: 1, temperature: 0 }, { signal });
      } catch (error: unknown) {
        const mapped = this.mapError(error, signal);
        if (mapped.reason === 'not-found' || mapped.reason === 'bad-request') {
          this.options.capabilityStore?.set(this.baseUrl, model, { promptLogprobs: false });
          throw unavailable(`it answered HTTP ${String(mapped.details.status)}`);
        }
        throw mapped;
      }
    }, { ...options, tokens: estimateTokens(text), label: 'prompt logprobs' });
    const logprobs = response.choices[0]?.logprobs;
    if (!logprobs?.token_logprobs || !logprobs.text_offset) throw unavailable('its answer carried no log-probabilities');
    const count = logprobs.text_offset.length;
    // The echo ends with the one generated token, which is not part of the prompt.
    const inPrompt = logprobs.text_offset.map((offset, index) => ({ offset, logprob: logprobs.token_logprobs?.[index] ?? null })).filter((t, index) => t.offset < text.length && index < count);
    return { offsets: inPrompt.map((t) => t.offset), logprobs: inPrompt.map((t) => t.logprob) };
  }

  async listModels(options: CallOptions = {}): Promise<string[]> {
    return this.options.scheduler.run(async ({ signal }) => {
      try {
        const ids: string[] = [];
        for await (const model of (await this.sdk).models.list({ signal })) ids.push(model.id);
        return ids.sort();
      } catch (error: unknown) {
        throw this.mapError(error, signal);
      }
    }, { ...options, label: 'models' });
  }

  async embed(texts: readonly string[], model: string, options: CallOptions = {}): Promise<EmbeddingResult> {
    if (!this.capabilities(model).embeddings) {
      throw new LlmError('unsupported', `${this.preset.label} does not offer embeddings here; near-duplicate detection uses ROUGE-L and MinHash instead.`);
    }
    const vectors: number[][] = [];
    let promptTokens = 0;
    for (let start = 0; start < texts.length; start += 256) {
      const batch = texts.slice(start, start + 256);
      const tokens = batch.reduce((sum, text) => sum + estimateTokens(text), 0);
      const response = await this.options.scheduler.run(async ({ signal }) => {
        try {
          return await (await this.sdk).embeddings.create({ model, input: [...batch] }, { signal });
        } catch (error: unknown) {
          throw this.mapError(error, signal);
        }
      }, { ...options, tokens, label: 'embeddings' });
      for (const item of [...response.data].sort((a, b) => a.index - b.index)) vectors.push(item.embedding);
      promptTokens += response.usage.prompt_tokens;
    }
    return { vectors, usage: { promptTokens, completionTokens: 0 } };
  }

  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    return this.chatWithFormat(request, undefined, options);
  }

  async chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>, options: CallOptions = {}): Promise<StructuredResult<T>> {
    const caps = this.capabilities(request.model);
    const modes: StructuredMode[] = [];
    if (caps.jsonSchema) modes.push('json_schema');
    if (caps.jsonObject) modes.push('json_object');
    modes.push('instructions');
    let spent = 0;
    const keys: string[] = [];
    const usage = { promptTokens: 0, completionTokens: 0 };
    const account = (result: ChatResult): void => {
      spent += result.costUsd;
      keys.push(...result.requestKeys);
      usage.promptTokens += result.usage.promptTokens;
      usage.completionTokens += result.usage.completionTokens;
    };
    for (const mode of modes) {
      const { messages, format } = structuredRequest(request.messages, schema, mode);
      let result: ChatResult;
      try {
        result = await this.chatWithFormat({ ...request, messages, n: 1 }, format, options);
      } catch (error: unknown) {
        if (error instanceof LlmError && mode !== 'instructions' && isUnsupportedResponseFormat(error)) {
          this.options.logger?.info(`${this.baseUrl} (${request.model}) does not support ${mode}; falling back`);
          this.options.capabilityStore?.set(this.baseUrl, request.model, mode === 'json_schema' ? { jsonSchema: false } : { jsonObject: false });
          continue;
        }
        throw error;
      }
      account(result);
      const choice = result.choices[0];
      const first = choice ? parseStructured(choice.text, schema.schema) : { ok: false as const, problem: 'the answer was empty' };
      if (first.ok && choice && !choice.truncated) return { value: first.value, mode, usage, cached: result.cached, requestKeys: keys, costUsd: spent };
      if (choice?.truncated === true) {
        throw new LlmError('invalid-output', `The model's answer was cut off (${choice.finishReason}) before the JSON was complete. Raise the maximum tokens for this step.`);
      }
      // One repair request: show the model its answer and what is wrong with it.
      const problem = first.ok ? 'it was cut off' : first.problem;
      const repairMessages: Message[] = [
        ...messages,
        { role: 'assistant', content: choice?.text ?? '' },
        { role: 'user', content: repairInstruction(problem) },
      ];
      const repaired = await this.chatWithFormat({ ...request, messages: repairMessages, n: 1 }, format, options);
      account(repaired);
      const second = repaired.choices[0] ? parseStructured(repaired.choices[0].text, schema.schema) : { ok: false as const, problem: 'the answer was empty' };
      if (second.ok && repaired.choices[0]?.truncated !== true) return { value: second.value, mode: 'repaired', usage, cached: repaired.cached, requestKeys: keys, costUsd: spent };
      throw new LlmError('invalid-output', `The model did not produce valid ${schema.name} JSON, even after a repair request (${second.ok ? 'cut off' : second.problem}). Try a stronger model for this step.`);
    }
    throw new LlmError('unsupported', `${this.baseUrl} supports no way to ask ${request.model} for JSON.`);
  }

  private async chatWithFormat(request: ChatRequest, format: ResponseFormat, options: CallOptions): Promise<ChatResult> {
    const n = Math.max(1, request.n ?? 1);
    const caps = this.capabilities(request.model);
    if (n > 1 && !caps.honoursN) {
      // Emulate n with n requests; each gets its own seed so the answers differ.
      const seeds = Array.from({ length: n }, (_, i) => (request.seed ?? 0) + i);
      const parts = await Promise.all(seeds.map((seed) => this.chatOnce({ ...request, n: 1, seed }, format, options)));
      return {
        choices: parts.flatMap((p) => p.choices),
        usage: { promptTokens: parts.reduce((s, p) => s + p.usage.promptTokens, 0), completionTokens: parts.reduce((s, p) => s + p.usage.completionTokens, 0) },
        model: parts[0]?.model ?? request.model,
        cached: parts.every((p) => p.cached),
        requestKeys: parts.flatMap((p) => p.requestKeys),
        costUsd: parts.reduce((s, p) => s + p.costUsd, 0),
      };
    }
    const result = await this.chatOnce(request, format, options);
    if (n > 1 && result.choices.length < n) {
      // The server ignored n: remember it, and fetch the missing answers one by one.
      this.options.capabilityStore?.set(this.baseUrl, request.model, { honoursN: false });
      const missing = await this.chatWithFormat({ ...request, n: n - result.choices.length, seed: (request.seed ?? 0) + result.choices.length }, format, options);
      return { ...result, choices: [...result.choices, ...missing.choices], requestKeys: [...result.requestKeys, ...missing.requestKeys], costUsd: result.costUsd + missing.costUsd, cached: result.cached && missing.cached };
    }
    return result;
  }

  private async chatOnce(request: ChatRequest, format: ResponseFormat, options: CallOptions): Promise<ChatResult> {
    const caps = this.capabilities(request.model);
    const n = Math.max(1, request.n ?? 1);
    const key = requestKey({
      endpoint: this.baseUrl,
      model: request.model,
      messages: request.messages,
      temperature: request.temperature,
      topP: request.topP,
      maxTokens: request.maxTokens,
      seed: request.seed,
      stop: request.stop,
      n,
      format,
    });
    const hit = await this.options.cache?.get(key);
    if (hit) return { choices: hit.choices, usage: hit.usage, model: hit.model, cached: true, requestKeys: [key], costUsd: 0 };

    const promptTokens = estimateMessageTokens(request.messages);
    const maxTokens = request.maxTokens ?? this.options.defaultMaxTokens ?? 1024;
    const reservation = this.options.costMeter?.reserve(request.model, promptTokens, maxTokens * n);
    const body: ChatCompletionCreateParamsStreaming = {
      model: request.model,
      messages: toWireMessages(request.messages),
      stream: true,
      ...(caps.streamUsage ? { stream_options: { include_usage: true } } : {}),
      ...(request.temperature !== undefined ? { temperature: request.temperature } : {}),
      ...(request.topP !== undefined ? { top_p: request.topP } : {}),
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- most OpenAI-compatible servers read only max_tokens
      ...(request.maxTokens !== undefined ? (caps.maxCompletionTokens ? { max_completion_tokens: request.maxTokens } : { max_tokens: request.maxTokens }) : {}),
      // eslint-disable-next-line @typescript-eslint/no-deprecated -- seeds make answers reproducible where servers honour them
      ...(request.seed !== undefined ? { seed: request.seed } : {}),
      ...(request.stop !== undefined && request.stop.length > 0 ? { stop: [...request.stop] } : {}),
      ...(n > 1 ? { n } : {}),
      ...(format !== undefined ? { response_format: format } : {}),
    };
    let answer: { choices: ChatChoice[]; usage: Usage; model: string };
    try {
      answer = await this.options.scheduler.run(({ signal }) => this.stream(body, signal, promptTokens), {
        ...options,
        tokens: promptTokens + maxTokens * n,
        label: `chat ${request.model}`,
      });
    } catch (error: unknown) {
      if (reservation) this.options.costMeter?.release(reservation);
      throw error;
    }
    this.options.scheduler.settleTokens(promptTokens + maxTokens * n, answer.usage.promptTokens + answer.usage.completionTokens);
    const costUsd = reservation ? (this.options.costMeter?.settle(reservation, request.model, answer.usage.promptTokens, answer.usage.completionTokens) ?? 0) : 0;
    if (answer.choices.every((choice) => !choice.truncated)) {
      const entry: CachedChat = { v: 1, model: answer.model, choices: answer.choices, usage: answer.usage, createdAt: new Date().toISOString() };
      await this.options.cache?.put(key, entry).catch((error: unknown) => {
        this.options.logger?.warn(`could not write the response cache: ${error instanceof Error ? error.message : String(error)}`);
      });
    }
    return { ...answer, cached: false, requestKeys: [key], costUsd };
  }

  /** One streamed attempt, with its stall and total timeouts. */
  private async stream(body: ChatCompletionCreateParamsStreaming, outer: AbortSignal, promptEstimate: number): Promise<{ choices: ChatChoice[]; usage: Usage; model: string }> {
    const controller = new AbortController();
    const onOuterAbort = (): void => {
      controller.abort(outer.reason);
    };
    outer.addEventListener('abort', onOuterAbort, { once: true });
    // One timer, pushed back on every chunk (refresh() is much cheaper than a new timer).
    const stallTimer = setTimeout(() => {
      controller.abort(new LlmError('stalled', `The endpoint ${this.baseUrl} sent nothing for ${Math.round(this.stallMs / 1000)} s; the request was abandoned and is retried.`, { endpoint: this.baseUrl }));
    }, this.stallMs);
    const armStall = (): void => {
      stallTimer.refresh();
    };
    const totalTimer = setTimeout(() => {
      controller.abort(new LlmError('timeout', `The request to ${this.baseUrl} took longer than ${Math.round(this.totalMs / 1000)} s and was abandoned.`, { endpoint: this.baseUrl }));
    }, this.totalMs);
    const texts: string[] = [];
    const reasons: (string | null | undefined)[] = [];
    let usage: Usage | undefined;
    let model = body.model;
    try {
      // The SDK builds, sends and status-checks the request; the event stream is read here.
      const response = await (await this.sdk).chat.completions.create(body, { signal: controller.signal, maxRetries: 0 }).asResponse();
      armStall();
      await readServerSentEvents(response.body, (data) => {
        armStall();
        if (data === '[DONE]') return;
        const chunk = JSON.parse(data) as ChatCompletionChunk & { error?: { message?: string } };
        if (chunk.error) throw new Error(chunk.error.message ?? 'the server reported an error in the stream');
        if (chunk.model) model = chunk.model;
        for (const choice of chunk.choices) {
          texts[choice.index] = (texts[choice.index] ?? '') + (choice.delta.content ?? '');
          if (choice.finish_reason) reasons[choice.index] = choice.finish_reason;
        }
        if (chunk.usage) usage = { promptTokens: chunk.usage.prompt_tokens, completionTokens: chunk.usage.completion_tokens };
      });
      // The SDK ends a stream quietly when it is aborted: a stall, a timeout or a cancel
      // must not pass for a short answer.
      if (controller.signal.aborted) throw new Error('aborted');
    } catch (error: unknown) {
      throw this.mapError(error, controller.signal);
    } finally {
      clearTimeout(totalTimer);
      clearTimeout(stallTimer);
      outer.removeEventListener('abort', onOuterAbort);
    }
    const count = Math.max(texts.length, reasons.length, 1);
    const choices: ChatChoice[] = Array.from({ length: count }, (_, index) => {
      const finishReason = finishReasonOf(reasons[index]);
      return { text: texts[index] ?? '', finishReason, truncated: finishReason !== 'stop' && finishReason !== 'tool_calls' };
    });
    // Servers that do not report usage get an estimate, so budgets still count.
    return { choices, usage: usage ?? { promptTokens: promptEstimate, completionTokens: choices.reduce((s, c) => s + estimateTokens(c.text), 0) }, model };
  }

  /** Any failure as an LlmError with a reason and advice, and no secret in its message. */
  private mapError(error: unknown, signal: AbortSignal): LlmError {
    const reason: unknown = signal.reason;
    if (signal.aborted && reason instanceof LlmError) return reason;
    if (error instanceof LlmError) return error;
    // Errors of the SDK come only once it is loaded; anything before is a broken-off answer.
    const { APIUserAbortError, APIConnectionTimeoutError, APIConnectionError, APIError } = this.connected?.errors ?? {};
    if ((APIUserAbortError && error instanceof APIUserAbortError) || signal.aborted) return new LlmError('cancelled', 'The request was cancelled.');
    const secrets = [this.options.apiKey];
    if (APIConnectionTimeoutError && error instanceof APIConnectionTimeoutError) {
      return new LlmError('timeout', `The request to ${this.baseUrl} timed out.`, { endpoint: this.baseUrl });
    }
    if (APIConnectionError && error instanceof APIConnectionError) {
      const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
      return new LlmError('connection', redactSecrets(`Could not reach ${this.baseUrl}${cause}. Check the base URL and that the server is running; Seedling retries.`, secrets), { endpoint: this.baseUrl });
    }
    if (APIError && error instanceof APIError && typeof error.status === 'number') {
      const headers = error.headers as Headers | undefined;
      const retryAfterMs = parseRetryAfter(headers?.get('retry-after-ms') ? String(Number(headers.get('retry-after-ms')) / 1000) : headers?.get('retry-after'));
      const body = error.error as { message?: unknown } | undefined;
      const message = typeof body?.message === 'string' ? body.message : error.message;
      return errorForStatus(error.status, this.baseUrl, redactSecrets(message, secrets), retryAfterMs);
    }
    // A stream that broke off mid-answer (connection reset, malformed event data).
    const detail = error instanceof Error ? error.message : String(error);
    return new LlmError('connection', redactSecrets(`The answer from ${this.baseUrl} broke off (${detail}); Seedling retries.`, secrets), { endpoint: this.baseUrl });
  }
}

/** The messages and response_format for one structured-output mode. */
function structuredRequest<T>(messages: readonly Message[], schema: StructuredSchema<T>, mode: StructuredMode): { messages: Message[]; format: ResponseFormat } {
  if (mode === 'json_schema') {
    return { messages: [...messages], format: { type: 'json_schema', json_schema: { name: schema.name, schema: { ...schema.jsonSchema }, strict: true } } };
  }
  // JSON mode and plain instructions both carry the schema in the prompt; "JSON" in it also
  // satisfies servers that refuse JSON mode without the word.
  const instruction = jsonInstruction(schema);
  const withInstruction: Message[] = messages[0]?.role === 'system'
    ? [{ role: 'system', content: `${messages[0].content}\n\n${instruction}` }, ...messages.slice(1)]
    : [{ role: 'system', content: instruction }, ...messages];
  return { messages: withInstruction, format: mode === 'json_object' ? { type: 'json_object' } : undefined };
}
