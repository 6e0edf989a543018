// One chat completion request in, the answer out: validation as OpenAI does it, then
// deterministic content per choice. No HTTP here, so it is easy to reason about.
import { bankFor, plainAnswer, type Lang, type Writer } from './answers';
import type { ChosenFault } from './faults';
import { answerForSchema, findJsonSchema, type Json } from './jsonSchemaAnswer';
import { logprobsFor, type TokenLogprob } from './logprobs';
import { invalidRequest, errorBody, type HttpError } from './openaiErrors';
import type { LlmServerOptions } from './options';
import { digest, Rng } from './random';
import { chooseTopics, topicCandidates } from './topics';
import { countTokens, isMostlyCjk, truncateToTokens } from './tokens';

export type FinishReason = 'stop' | 'length' | 'content_filter';

export interface ChatMessage {
  readonly role: string;
  readonly text: string;
}

export interface PlannedChoice {
  readonly index: number;
  readonly content: string;
  readonly finishReason: FinishReason;
  /** What seeds this choice: the same seed streams in the same chunks. */
  readonly seed: readonly unknown[];
  readonly logprobs: TokenLogprob[] | null;
}

export interface PlannedCompletion {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly lang: Lang;
  readonly choices: PlannedChoice[];
  readonly promptTokens: number;
  readonly completionTokens: number;
}

/** The fields the server reads, checked; the rest of the body is ignored like OpenAI does. */
interface ChatRequest {
  readonly model: string;
  readonly messages: readonly ChatMessage[];
  readonly rawMessages: unknown;
  readonly temperature: number | undefined;
  readonly seed: number | undefined;
  readonly n: number;
  readonly maxTokens: number | undefined;
  readonly stop: readonly string[];
  readonly stream: boolean;
  readonly includeUsage: boolean;
  readonly responseFormat: Record<string, unknown> | undefined;
  readonly logprobs: boolean;
  readonly topLogprobs: number;
}

type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: HttpError };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Message content as text: a string, or the text parts of a content array. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isRecord(part) && typeof part.text === 'string' ? part.text : '')).join('\n');
  }
  return '';
}

const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

function optionalNumber(body: Record<string, unknown>, key: string, min: number, max: number): Parsed<number | undefined> {
  const value = body[key];
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (typeof value !== 'number' || !(value >= min && value <= max)) {
    return { ok: false, error: invalidRequest(`Invalid '${key}': expected a number between ${min} and ${max}, got ${JSON.stringify(value)}.`, key, 'invalid_value') };
  }
  return { ok: true, value };
}

/** The body of POST /chat/completions as OpenAI would accept it, or the 4xx it would send. */
export function parseChatRequest(body: unknown, options: LlmServerOptions): Parsed<ChatRequest> {
  const fail = (error: HttpError): Parsed<ChatRequest> => ({ ok: false, error });
  if (!isRecord(body)) return fail(invalidRequest('We could not parse the JSON body of your request. The OpenAI API expects a JSON payload.'));
  if (typeof body.model !== 'string' || body.model === '') return fail(invalidRequest('you must provide a model parameter', 'model'));
  if (!options.models.includes(body.model)) {
    return fail({ status: 404, body: errorBody(`The model \`${body.model}\` does not exist or you do not have access to it.`, 'invalid_request_error', 'model_not_found', 'model') });
  }
  if (!Array.isArray(body.messages) || body.messages.length === 0) return fail(invalidRequest("Invalid 'messages': expected a non-empty array.", 'messages'));
  const messages: ChatMessage[] = [];
  for (const [i, message] of body.messages.entries()) {
    if (!isRecord(message) || typeof message.role !== 'string' || !ROLES.has(message.role)) {
      return fail(invalidRequest(`Invalid 'messages[${i}].role': expected one of system, developer, user, assistant, tool.`, `messages[${i}].role`));
    }
    messages.push({ role: message.role, text: textOf(message.content) });
  }

  const temperature = optionalNumber(body, 'temperature', 0, 2);
  if (!temperature.ok) return temperature;
  const topP = optionalNumber(body, 'top_p', 0, 1);
  if (!topP.ok) return topP;
  const n = optionalNumber(body, 'n', 1, 128);
  if (!n.ok) return n;
  const maxTokens = optionalNumber(body, 'max_tokens', 1, 1_000_000);
  if (!maxTokens.ok) return maxTokens;
  const maxCompletionTokens = optionalNumber(body, 'max_completion_tokens', 1, 1_000_000);
  if (!maxCompletionTokens.ok) return maxCompletionTokens;
  const topLogprobs = optionalNumber(body, 'top_logprobs', 0, 20);
  if (!topLogprobs.ok) return topLogprobs;
  const seed = typeof body.seed === 'number' ? body.seed : undefined;

  const stop = typeof body.stop === 'string' ? [body.stop] : Array.isArray(body.stop) ? body.stop.filter((s): s is string => typeof s === 'string' && s !== '') : [];
  const stream = body.stream === true;
  if (body.stream_options !== undefined && body.stream_options !== null && !stream) {
    return fail(invalidRequest("The 'stream_options' parameter is only allowed when 'stream' is enabled.", 'stream_options'));
  }
  const includeUsage = stream && isRecord(body.stream_options) && body.stream_options.include_usage === true;

  const format = body.response_format;
  let responseFormat: Record<string, unknown> | undefined;
  if (isRecord(format) && format.type !== 'text') {
    const unavailable = (): Parsed<ChatRequest> => fail(invalidRequest('This response_format type is unavailable now', 'response_format'));
    if (format.type === 'json_schema') {
      if (!options.capabilities.jsonSchema) return unavailable();
      if (!isRecord(format.json_schema) || typeof format.json_schema.name !== 'string') {
        return fail(invalidRequest("Missing required parameter: 'response_format.json_schema.name'.", 'response_format.json_schema.name', 'missing_required_parameter'));
      }
    } else if (format.type === 'json_object') {
      if (!options.capabilities.jsonObject) return unavailable();
      if (options.capabilities.jsonObjectNeedsWordJson && !messages.some((m) => /json/i.test(m.text))) {
        return fail(invalidRequest("Prompt must contain the word 'json' in some form to use 'response_format' of type 'json_object'.", 'messages'));
      }
    } else {
      return fail(invalidRequest(`Invalid value: '${String(format.type)}'. Supported values are: 'text', 'json_object' and 'json_schema'.`, 'response_format.type', 'invalid_value'));
    }
    responseFormat = format;
  }

  const limits = [maxTokens.value, maxCompletionTokens.value].filter((v): v is number => v !== undefined);
  return {
    ok: true,
    value: {
      model: body.model,
      messages,
      rawMessages: body.messages,
      temperature: temperature.value,
      seed,
      n: options.capabilities.honoursN ? Math.floor(n.value ?? 1) : 1,
      maxTokens: limits.length > 0 ? Math.floor(Math.min(...limits)) : undefined,
      stop,
      stream,
      includeUsage: includeUsage && options.capabilities.streamUsage,
      responseFormat,
      logprobs: body.logprobs === true,
      topLogprobs: Math.floor(topLogprobs.value ?? 0),
    },
  };
}

/** The message an answer responds to: the last user message, else the system message. */
function focusText(messages: readonly ChatMessage[]): string {
  const lastUser = messages.findLast((m) => m.role === 'user');
  return (lastUser ?? messages.find((m) => m.role === 'system' || m.role === 'developer') ?? messages.at(-1))?.text ?? '';
}

function pretty(value: Json): string {
  return JSON.stringify(value, null, 2);
}

/** The full answer of one choice, before stop strings, max_tokens and faults. */
function contentFor(request: ChatRequest, writer: Writer): string {
  const format = request.responseFormat;
  const texts = request.messages.map((m) => m.text);
  if (format?.type === 'json_schema') {
    const wrapper = format.json_schema as Record<string, unknown>;
    return JSON.stringify(answerForSchema(wrapper.schema ?? { type: 'object', properties: {} }, writer));
  }
  if (format?.type === 'json_object') {
    const schema = texts.map((text) => findJsonSchema(text, false)).find((s) => s !== undefined);
    return pretty(schema ? answerForSchema(schema, writer) : { answer: plainAnswer(writer) });
  }
  // No structured output: a prompt that shows a fenced schema gets JSON the way chat models
  // write it, fenced after a sentence, so clients' parse-and-repair path gets exercised.
  const isRepair = texts.some((text) => text.includes('REPAIR:'));
  const lastUser = request.messages.findLast((m) => m.role === 'user');
  const places = [lastUser, ...request.messages.filter((m) => m.role === 'system' || m.role === 'developer')];
  if (isRepair) places.push(...[...request.messages].reverse());
  for (const message of places) {
    const schema = message ? findJsonSchema(message.text, true) : undefined;
    if (schema === undefined) continue;
    const value = answerForSchema(schema, writer);
    if (isRepair) return JSON.stringify(value);
    const bank = bankFor(writer.lang);
    const after = writer.rng.pick(bank.afterwords);
    return `${writer.rng.pick(bank.leadIns)}\n\n\`\`\`json\n${pretty(value)}\n\`\`\`${after === '' ? '' : `\n\n${after}`}`;
  }
  return plainAnswer(writer);
}

/** Stop strings, then max_tokens, as a model meets them while generating. */
function applyLimits(text: string, request: ChatRequest): { content: string; finishReason: FinishReason } {
  let content = text;
  for (const stop of request.stop) {
    const at = content.indexOf(stop);
    if (at !== -1) content = content.slice(0, at);
  }
  if (request.maxTokens !== undefined && countTokens(content) > request.maxTokens) {
    return { content: truncateToTokens(content, request.maxTokens), finishReason: 'length' };
  }
  return { content, finishReason: 'stop' };
}

/** Faults that change what is said rather than how it travels. */
function applyContentFault(content: string, fault: ChosenFault | undefined): { content: string; finishReason: FinishReason } | undefined {
  const part = (share: number): string => {
    const chars = Array.from(content);
    return chars.slice(0, Math.max(1, Math.floor(chars.length * share))).join('');
  };
  if (fault?.kind === 'empty') return { content: '', finishReason: 'stop' };
  if (fault?.kind === 'length') return { content: part(0.4), finishReason: 'length' };
  if (fault?.kind === 'content-filter') return { content: part(0.3), finishReason: 'content_filter' };
  return undefined;
}

export function promptTokens(messages: readonly ChatMessage[]): number {
  return messages.reduce((sum, m) => sum + countTokens(m.text) + 4, 0);
}

export function planCompletion(request: ChatRequest, requestNumber: number, fault: ChosenFault | undefined): PlannedCompletion {
  const focus = focusText(request.messages);
  const lang: Lang = isMostlyCjk(focus) ? 'zh' : 'en';
  const candidates = topicCandidates(focus, lang);
  const choices: PlannedChoice[] = [];
  for (let index = 0; index < request.n; index += 1) {
    const seed = [request.model, request.rawMessages, request.temperature ?? null, request.seed ?? null, request.responseFormat ?? null, index];
    const rng = new Rng(seed);
    const writer: Writer = { rng, lang, topics: chooseTopics(candidates, rng) };
    const limited = applyLimits(contentFor(request, writer), request);
    const { content, finishReason } = applyContentFault(limited.content, fault) ?? limited;
    const logprobs = request.logprobs ? logprobsFor(content, seed, lang, request.topLogprobs) : null;
    choices.push({ index, content, finishReason, seed, logprobs });
  }
  return {
    id: `chatcmpl-${digest([request.rawMessages, request.model, requestNumber, Date.now()]).toString('hex').slice(0, 24)}`,
    created: Math.floor(Date.now() / 1000),
    model: request.model,
    stream: request.stream,
    includeUsage: request.includeUsage,
    lang,
    choices,
    promptTokens: promptTokens(request.messages),
    completionTokens: choices.reduce((sum, c) => sum + countTokens(c.content), 0),
  };
}

/** The `chat.completion` object of a non-streamed answer. */
export function completionBody(plan: PlannedCompletion): unknown {
  return {
    id: plan.id,
    object: 'chat.completion',
    created: plan.created,
    model: plan.model,
    system_fingerprint: 'fp_seedling',
    choices: plan.choices.map((c) => ({
      index: c.index,
      message: { role: 'assistant', content: c.content, refusal: null },
      logprobs: c.logprobs ? { content: c.logprobs, refusal: null } : null,
      finish_reason: c.finishReason,
    })),
    usage: usageOf(plan),
  };
}

export function usageOf(plan: PlannedCompletion): { prompt_tokens: number; completion_tokens: number; total_tokens: number } {
  return { prompt_tokens: plan.promptTokens, completion_tokens: plan.completionTokens, total_tokens: plan.promptTokens + plan.completionTokens };
}

/** What a request will cost, before it is validated: for the tokens-per-minute budget. */
export function estimateTokens(body: unknown): number {
  if (!isRecord(body)) return 1;
  const messages = Array.isArray(body.messages) ? body.messages : [];
  const prompt = messages.reduce<number>((sum, m) => sum + countTokens(textOf(isRecord(m) ? m.content : '')) + 4, 0);
  const max = typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : typeof body.max_tokens === 'number' ? body.max_tokens : 0;
  return Math.max(1, prompt + max);
}
