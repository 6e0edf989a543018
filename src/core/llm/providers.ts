/** What an endpoint family is known to support; detection can refine it per endpoint and model. */
export interface ProviderCapabilities {
  /** response_format: json_schema (structured outputs). */
  readonly jsonSchema: boolean;
  /** response_format: json_object (JSON mode). */
  readonly jsonObject: boolean;
  /** JSON mode is refused unless the prompt says "json" (DeepSeek, Qwen). */
  readonly jsonObjectNeedsWordJson: boolean;
  /** Returns n choices for n > 1; otherwise Seedling sends n requests. */
  readonly honoursN: boolean;
  readonly embeddings: boolean;
  /** Streams end with a usage chunk when asked (stream_options.include_usage). */
  readonly streamUsage: boolean;
  /** The newer max_completion_tokens instead of max_tokens. */
  readonly maxCompletionTokens: boolean;
  /** Log-probabilities of prompt tokens (legacy completions with echo), for IFD scores: vLLM. */
  readonly promptLogprobs: boolean;
}

const OPENAI_LIKE: ProviderCapabilities = { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: true, embeddings: true, streamUsage: true, maxCompletionTokens: true, promptLogprobs: false };
const LOCAL_SERVER: ProviderCapabilities = { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: false, embeddings: true, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false };

/** An OpenAI-compatible endpoint family users pick from, with where it usually lives. */
export interface ProviderPreset {
  readonly id: ProviderId;
  readonly label: string;
  /** Empty where the URL depends on the user's own deployment (Azure, custom). */
  readonly defaultBaseUrl: string;
  /** Local servers usually run without a key. */
  readonly needsApiKey: boolean;
  /** Environment variable the CLI reads the key from, besides OPENAI_API_KEY. */
  readonly apiKeyEnv: string;
  readonly capabilities: ProviderCapabilities;
}

export const PROVIDER_IDS = [
  'openai',
  'azure-openai',
  'deepseek',
  'dashscope',
  'moonshot',
  'openrouter',
  'together',
  'groq',
  'ollama',
  'lm-studio',
  'vllm',
  'llama-cpp',
  'custom',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_PRESETS: Readonly<Record<ProviderId, ProviderPreset>> = {
  openai: { id: 'openai', label: 'OpenAI', defaultBaseUrl: 'https://api.openai.com/v1', needsApiKey: true, apiKeyEnv: 'OPENAI_API_KEY', capabilities: OPENAI_LIKE },
  'azure-openai': { id: 'azure-openai', label: 'Azure OpenAI', defaultBaseUrl: '', needsApiKey: true, apiKeyEnv: 'AZURE_OPENAI_API_KEY', capabilities: OPENAI_LIKE },
  deepseek: { id: 'deepseek', label: 'DeepSeek', defaultBaseUrl: 'https://api.deepseek.com/v1', needsApiKey: true, apiKeyEnv: 'DEEPSEEK_API_KEY', capabilities: { jsonSchema: false, jsonObject: true, jsonObjectNeedsWordJson: true, honoursN: false, embeddings: false, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  dashscope: { id: 'dashscope', label: 'Qwen (DashScope)', defaultBaseUrl: 'https://dashscope.aliyuncs.com/compatible-mode/v1', needsApiKey: true, apiKeyEnv: 'DASHSCOPE_API_KEY', capabilities: { jsonSchema: false, jsonObject: true, jsonObjectNeedsWordJson: true, honoursN: false, embeddings: true, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  moonshot: { id: 'moonshot', label: 'Moonshot', defaultBaseUrl: 'https://api.moonshot.cn/v1', needsApiKey: true, apiKeyEnv: 'MOONSHOT_API_KEY', capabilities: { jsonSchema: false, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: true, embeddings: false, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  openrouter: { id: 'openrouter', label: 'OpenRouter', defaultBaseUrl: 'https://openrouter.ai/api/v1', needsApiKey: true, apiKeyEnv: 'OPENROUTER_API_KEY', capabilities: { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: false, embeddings: false, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  together: { id: 'together', label: 'Together', defaultBaseUrl: 'https://api.together.xyz/v1', needsApiKey: true, apiKeyEnv: 'TOGETHER_API_KEY', capabilities: { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: true, embeddings: true, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  groq: { id: 'groq', label: 'Groq', defaultBaseUrl: 'https://api.groq.com/openai/v1', needsApiKey: true, apiKeyEnv: 'GROQ_API_KEY', capabilities: { jsonSchema: true, jsonObject: true, jsonObjectNeedsWordJson: false, honoursN: false, embeddings: false, streamUsage: true, maxCompletionTokens: false, promptLogprobs: false } },
  ollama: { id: 'ollama', label: 'Ollama', defaultBaseUrl: 'http://localhost:11434/v1', needsApiKey: false, apiKeyEnv: 'OLLAMA_API_KEY', capabilities: LOCAL_SERVER },
  'lm-studio': { id: 'lm-studio', label: 'LM Studio', defaultBaseUrl: 'http://localhost:1234/v1', needsApiKey: false, apiKeyEnv: 'LM_STUDIO_API_KEY', capabilities: { ...LOCAL_SERVER, jsonObject: false } },
  vllm: { id: 'vllm', label: 'vLLM', defaultBaseUrl: 'http://localhost:8000/v1', needsApiKey: false, apiKeyEnv: 'VLLM_API_KEY', capabilities: { ...LOCAL_SERVER, honoursN: true, promptLogprobs: true } },
  'llama-cpp': { id: 'llama-cpp', label: 'llama.cpp server', defaultBaseUrl: 'http://localhost:8080/v1', needsApiKey: false, apiKeyEnv: 'LLAMA_API_KEY', capabilities: LOCAL_SERVER },
  custom: { id: 'custom', label: 'Custom (OpenAI-compatible)', defaultBaseUrl: '', needsApiKey: true, apiKeyEnv: 'OPENAI_API_KEY', capabilities: { ...OPENAI_LIKE, maxCompletionTokens: false, promptLogprobs: true } },
};

export function isProviderId(value: string): value is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(value);
}
