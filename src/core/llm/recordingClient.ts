// A stand-in LlmClient for dry runs: it records what would be sent and sends nothing.
import { type CallOptions, type ChatRequest, type ChatResult, type EmbeddingResult, type LlmClient, type PromptLogprobs, type StructuredResult, type StructuredSchema } from './llmClient';
import { LlmError } from './llmErrors';

export interface RecordedRequest {
  readonly request: ChatRequest;
  readonly schemaName?: string;
}

/** Thrown after a request is recorded: a dry run stops at the first thing it would send. */
export class DryRunStop extends LlmError {
  constructor() {
    super('cancelled', 'dry run: nothing is sent');
  }
}

export class RecordingClient implements LlmClient {
  readonly requests: RecordedRequest[] = [];

  chat(request: ChatRequest, _options?: CallOptions): Promise<ChatResult> {
    this.requests.push({ request });
    return Promise.reject(new DryRunStop());
  }

  chatStructured<T>(request: ChatRequest, schema: StructuredSchema<T>, _options?: CallOptions): Promise<StructuredResult<T>> {
    this.requests.push({ request, schemaName: schema.name });
    return Promise.reject(new DryRunStop());
  }

  embed(_texts: readonly string[], _model: string, _options?: CallOptions): Promise<EmbeddingResult> {
    return Promise.reject(new DryRunStop());
  }

  listModels(_options?: CallOptions): Promise<string[]> {
    return Promise.resolve([]);
  }

  promptLogprobs(_model: string, _text: string, _options?: CallOptions): Promise<PromptLogprobs> {
    return Promise.reject(new DryRunStop());
  }
}
