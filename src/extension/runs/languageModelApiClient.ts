// Chat models of VS Code's Language Model API (`vscode.lm`) behind the engine's LlmClient port,
// so a run can generate or judge with them. Their model ids carry a prefix; every other model
// goes to the configured endpoint. VS Code meters and bills these models itself, so they cost
// nothing here, and structured output is asked for in the prompt with one repair request.
import * as vscode from 'vscode';
import type { CallOptions, ChatRequest, ChatResult, EmbeddingResult, LlmClient, StructuredResult, StructuredSchema } from '../../core/llm/llmClient';
import { LlmError } from '../../core/llm/llmErrors';
import { jsonInstruction, parseStructured, repairInstruction } from '../../core/llm/structuredOutput';
import { estimateMessageTokens, estimateTokens } from '../../core/llm/tokenEstimate';
import type { Message } from '../../core/model/sample';
import { LANGUAGE_MODEL_PREFIX } from '../../protocol/generateMessages';


export function isLanguageModelId(model: string): boolean {
  return model.startsWith(LANGUAGE_MODEL_PREFIX);
}

/** The part of a Language Model API chat model this client uses (tests give a fake one). */
export interface LanguageModelChatLike {
  readonly id: string;
  sendRequest(messages: vscode.LanguageModelChatMessage[], options?: vscode.LanguageModelChatRequestOptions, token?: vscode.CancellationToken): Thenable<{ readonly text: AsyncIterable<string> }>;
}

/** Finds a model by id; the default asks `vscode.lm`. */
export type LanguageModelLookup = (id: string) => Promise<LanguageModelChatLike | undefined>;

export const lookUpLanguageModel: LanguageModelLookup = async (id) => (await vscode.lm.selectChatModels({ id }))[0];

/** The Language Model API has no system role: a system prompt leads the first user message. */
function toChatMessages(messages: readonly Message[]): vscode.LanguageModelChatMessage[] {
  const system = messages.filter((m) => m.role === 'system').map((m) => m.content).join('\n\n');
  const rest = messages.filter((m) => m.role !== 'system');
  const out = rest.map((m) => (m.role === 'assistant' ? vscode.LanguageModelChatMessage.Assistant(m.content) : vscode.LanguageModelChatMessage.User(m.content)));
  if (system !== '') {
    const first = rest[0];
    if (first && first.role !== 'assistant') out[0] = vscode.LanguageModelChatMessage.User(`${system}\n\n${first.content}`);
    else out.unshift(vscode.LanguageModelChatMessage.User(system));
  }
  return out;
}

export class LanguageModelApiClient implements LlmClient {
  constructor(
    /** Where every other model goes; undefined when the run uses Language Model API models only. */
    private readonly endpoint: LlmClient | undefined,
    private readonly lookUp: LanguageModelLookup = lookUpLanguageModel,
  ) {}

  async chat(request: ChatRequest, options: CallOptions = {}): Promise<ChatResult> {
    if (!isLanguageModelId(request.model)) return this.endpointClient(request.model).chat(request, options);
    const model = await this.model(request.model);
    const choices: { text: string; finishReason: 'stop'; truncated: false }[] = [];
    for (let i = 0; i < Math.max(1, request.n ?? 1); i++) choices.push({ text: await this.send(model, request.messages, options), finishReason: 'stop', truncated: false });
    return {
      choices,
      usage: { promptTokens: estimateMessageTokens(request.messages) * choices.length, completionTokens: choices.reduce((sum, c) => sum + estimateTokens(c.text), 0) },
      model: request.model,
      cached: false,
      requestKeys: [],
      costUsd: 0,
    };
  }

  async chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>, options: CallOptions = {}): Promise<StructuredResult<T>> {
    if (!isLanguageModelId(request.model)) return this.endpointClient(request.model).chatStructured(request, schema, options);
    const messages: Message[] = [{ role: 'system', content: jsonInstruction(schema) }, ...request.messages];
    const first = await this.chat({ ...request, messages, n: 1 }, options);
    const text = first.choices[0]?.text ?? '';
    const parsed = parseStructured(text, schema.schema);
    if (parsed.ok) return { value: parsed.value, mode: 'instructions', usage: first.usage, cached: false, requestKeys: [], costUsd: 0 };
    const repaired = await this.chat({ ...request, messages: [...messages, { role: 'assistant', content: text }, { role: 'user', content: repairInstruction(parsed.problem) }], n: 1 }, options);
    const second = parseStructured(repaired.choices[0]?.text ?? '', schema.schema);
    const usage = { promptTokens: first.usage.promptTokens + repaired.usage.promptTokens, completionTokens: first.usage.completionTokens + repaired.usage.completionTokens };
    if (second.ok) return { value: second.value, mode: 'repaired', usage, cached: false, requestKeys: [], costUsd: 0 };
    throw new LlmError('invalid-output', vscode.l10n.t('{0} did not produce valid {1} JSON, even after a repair request ({2}). Try another model for this step.', request.model, schema.name, second.problem));
  }

  embed(texts: readonly string[], model: string, options?: CallOptions): Promise<EmbeddingResult> {
    if (!isLanguageModelId(model)) return this.endpointClient(model).embed(texts, model, options);
    return Promise.reject(new LlmError('unsupported', vscode.l10n.t('The Language Model API has no embeddings: choose an embedding model of your endpoint.')));
  }

  listModels(options?: CallOptions): Promise<string[]> {
    return this.endpoint ? this.endpoint.listModels(options) : Promise.resolve([]);
  }

  private endpointClient(model: string): LlmClient {
    if (!this.endpoint) throw new LlmError('bad-request', vscode.l10n.t('{0} needs a model endpoint: set “seedling.baseUrl”, or choose Language Model API models only.', model));
    return this.endpoint;
  }

  private async model(name: string): Promise<LanguageModelChatLike> {
    const id = name.slice(LANGUAGE_MODEL_PREFIX.length);
    const model = await this.lookUp(id);
    if (!model) throw new LlmError('not-found', vscode.l10n.t('The Language Model API has no model {0} now. Check that the extension providing it is installed and signed in.', id));
    return model;
  }

  private async send(model: LanguageModelChatLike, messages: readonly Message[], options: CallOptions): Promise<string> {
    const source = new vscode.CancellationTokenSource();
    const abort = (): void => {
      source.cancel();
    };
    const aborted = (): boolean => options.signal?.aborted === true;
    if (aborted()) throw new LlmError('cancelled', vscode.l10n.t('Cancelled.'));
    options.signal?.addEventListener('abort', abort, { once: true });
    try {
      const response = await model.sendRequest(toChatMessages(messages), { justification: vscode.l10n.t('Seedling generates and judges synthetic training data with this model.') }, source.token);
      let text = '';
      for await (const part of response.text) text += part;
      if (aborted()) throw new LlmError('cancelled', vscode.l10n.t('Cancelled.'));
      return text;
    } catch (error) {
      if (error instanceof LlmError) throw error;
      if (error instanceof vscode.LanguageModelError) {
        const reason = error.code === vscode.LanguageModelError.NoPermissions.name ? 'auth' : error.code === vscode.LanguageModelError.NotFound.name ? 'not-found' : error.code === vscode.LanguageModelError.Blocked.name ? 'rate-limited' : 'server-error';
        throw new LlmError(reason, vscode.l10n.t('{0} refused the request: {1}', model.id, error.message));
      }
      throw new LlmError('server-error', vscode.l10n.t('{0} failed: {1}', model.id, error instanceof Error ? error.message : String(error)));
    } finally {
      options.signal?.removeEventListener('abort', abort);
      source.dispose();
    }
  }
}
