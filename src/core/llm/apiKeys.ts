// Where API keys come from. VS Code keeps them in SecretStorage, the CLI reads environment
// variables; the engine only asks, and never writes a key anywhere.
import { PROVIDER_PRESETS, type ProviderId } from './providers';

export interface ApiKeySource {
  /** The key for a provider's endpoint, or undefined when none is set. */
  apiKey(provider: ProviderId, baseUrl: string): Promise<string | undefined>;
}

/** The CLI's source: the provider's own variable, then OPENAI_API_KEY (the SDK's usual one). */
export function environmentApiKeys(env: NodeJS.ProcessEnv = process.env): ApiKeySource {
  return {
    apiKey: (provider) => {
      const own = env[PROVIDER_PRESETS[provider].apiKeyEnv];
      return Promise.resolve(own !== undefined && own !== '' ? own : env['OPENAI_API_KEY'] || undefined);
    },
  };
}

/** What to tell a user who has not set a key. */
export function missingKeyMessage(provider: ProviderId, where: 'cli' | 'vscode'): string {
  const preset = PROVIDER_PRESETS[provider];
  if (where === 'vscode') return `No API key is set for ${preset.label}. Run "Seedling: Set API Key" to store one in VS Code's secret storage.`;
  const variables = preset.apiKeyEnv === 'OPENAI_API_KEY' ? 'OPENAI_API_KEY' : `${preset.apiKeyEnv} (or OPENAI_API_KEY)`;
  return `No API key is set for ${preset.label}: set ${variables} in the environment.`;
}
